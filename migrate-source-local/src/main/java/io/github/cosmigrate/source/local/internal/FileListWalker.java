package io.github.cosmigrate.source.local.internal;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.SourceEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * File-list mode: lists the files named in a list file, one per line, streaming the list (never reading it whole).
 *
 * <p>A line is a path relative to the root, an absolute path under the root, or a JSON object with a {@code "key"}
 * string member (the engine's failures file, JSONL, can be fed back). Paths are normalised ({@code ./a} and
 * {@code b/../a} both name key {@code a}). Blank lines are ignored. Lines that cannot name a file of the root
 * (absolute outside the root, {@code ..} escaping it, malformed JSON, not UTF-8) are failed entries, a missing file
 * is a failed {@code NOT_FOUND} entry and a directory a skipped entry; each such reason starts with
 * {@code line N:}. Directories are not walked. Duplicate lines give duplicate entries. A line longer than 1 MiB is a
 * failed entry.
 *
 * <p>The cursor is {@code f:<byte offset of the next line>:<its line number>}. Not thread-safe.
 */
public final class FileListWalker implements EntryIterator {
  private static final int MAX_LINE = 1 << 20;

  private final Path root;
  private final Path listFile;
  private final EntryClassifier classifier;
  private FileChannel channel;
  private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
  private long offset;
  private long lineNo;
  private boolean eof;

  /**
   * @param root the absolute root directory
   * @param after a token from {@link #token}, or null to start at the first line
   */
  public FileListWalker(Path root, Path listFile, EntryClassifier classifier, String after) throws IOException {
    this.root = root;
    this.listFile = listFile;
    this.classifier = classifier;
    if (after != null) {
      String[] parts = after.split(":", 2);
      try {
        offset = Long.parseLong(parts[0]);
        lineNo = Long.parseLong(parts[1]) - 1;
      } catch (RuntimeException e) {
        throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "cursor f:" + after
            + " is not a file-list cursor of this source; start the listing again", e);
      }
    }
    try {
      channel = FileChannel.open(listFile, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "cannot read the file list " + listFile + ": "
          + Errors.reason(e), e);
    }
    buf.flip();
  }

  /** The token resuming at {@code offset} (the next line, number {@code line}). */
  public static String token(long offset, long line) {
    return "f:" + offset + ":" + line;
  }

  @Override
  public Positioned next() throws IOException {
    while (true) {
      byte[] line = readLine();
      if (line == null) {
        return null;
      }
      long n = lineNo;
      SourceEntry e = line.length > MAX_LINE
          ? new SourceEntry.Failed("line " + n, ErrorKind.INVALID_INPUT, "line " + n + ": longer than 1 MiB")
          : entryOf(line, n);
      if (e != null) {
        return new Positioned(e, token(offset, n + 1));
      }
    }
  }

  private SourceEntry entryOf(byte[] raw, long n) {
    int len = raw.length;
    if (len > 0 && raw[len - 1] == '\r') {
      len--;
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw, 0, len)).toString();
    } catch (CharacterCodingException e) {
      byte[] exact = java.util.Arrays.copyOf(raw, len);
      String shown = Names.escapeIfInvalid(exact);
      return new SourceEntry.Failed(shown == null ? "line " + n : shown, ErrorKind.INVALID_INPUT,
          "line " + n + ": not valid UTF-8");
    }
    if (text.isBlank()) {
      return null;
    }
    String pathText = text;
    if (text.stripLeading().startsWith("{")) {
      Optional<String> key;
      try {
        key = MiniJson.stringMember(text, "key");
      } catch (IllegalArgumentException e) {
        return new SourceEntry.Failed("line " + n, ErrorKind.INVALID_INPUT, "line " + n + ": malformed JSON ("
            + e.getMessage() + "); expected a path or an object like {\"key\":\"dir/file\"}");
      }
      if (key.isEmpty() || key.get().isEmpty()) {
        return new SourceEntry.Failed("line " + n, ErrorKind.INVALID_INPUT, "line " + n
            + ": JSON object without a non-empty \"key\" string");
      }
      pathText = key.get();
    }
    Path rel;
    try {
      Path p = root.getFileSystem().getPath(pathText).normalize();
      if (p.isAbsolute()) {
        if (!p.startsWith(root)) {
          return new SourceEntry.Failed(pathText, ErrorKind.INVALID_INPUT, "line " + n + ": absolute path "
              + pathText + " is outside the root " + root);
        }
        p = root.relativize(p);
      }
      rel = p;
    } catch (InvalidPathException e) {
      return new SourceEntry.Failed(pathText, ErrorKind.INVALID_INPUT, "line " + n + ": not a valid path: "
          + e.getMessage());
    }
    String key = EntryClassifier.toKey(rel);
    if (key.equals("..") || key.startsWith("../")) {
      return new SourceEntry.Failed(pathText, ErrorKind.INVALID_INPUT, "line " + n + ": path " + pathText
          + " escapes the root " + root + " with '..'");
    }
    if (key.isEmpty()) {
      return new SourceEntry.Skipped(pathText, "line " + n + ": names the root directory itself, not a file");
    }
    Path path = root.resolve(rel);
    EntryClassifier.Outcome o = classifier.classify(path, key, null, id -> null);
    if (o instanceof EntryClassifier.Vanished) {
      return new SourceEntry.Failed(key, ErrorKind.NOT_FOUND, "line " + n + ": no such file " + path);
    }
    if (o instanceof EntryClassifier.Descend) {
      return new SourceEntry.Skipped(key, "line " + n + ": is a directory; file-list mode lists only the files "
          + "named and does not walk directories");
    }
    SourceEntry e = ((EntryClassifier.Emit) o).entry();
    if (e instanceof SourceEntry.Failed f) {
      return new SourceEntry.Failed(f.key(), f.kind(), "line " + n + ": " + f.reason());
    }
    if (e instanceof SourceEntry.Skipped s) {
      return new SourceEntry.Skipped(s.key(), "line " + n + ": " + s.reason());
    }
    return e;
  }

  /** The next line without its '\n' (bytes beyond MAX_LINE + 1 are dropped), or null at the end. */
  private byte[] readLine() throws IOException {
    if (eof) {
      return null;
    }
    ByteArrayOutputStream acc = null;
    long consumed = 0;
    while (true) {
      if (!buf.hasRemaining()) {
        buf.clear();
        int r;
        try {
          r = channel.read(buf, offset + consumed);
        } catch (IOException e) {
          throw new MigrateException(Errors.kindOf(e), "cannot read the file list " + listFile + " at line "
              + (lineNo + 1) + ": " + Errors.reason(e), e);
        }
        buf.flip();
        if (r <= 0) {
          eof = true;
          if (acc == null || (acc.size() == 0 && consumed == 0)) {
            return null;
          }
          offset += consumed;
          lineNo++;
          return acc.toByteArray();
        }
      }
      int start = buf.position();
      int limit = buf.limit();
      int nl = -1;
      for (int i = start; i < limit; i++) {
        if (buf.get(i) == '\n') {
          nl = i;
          break;
        }
      }
      int end = nl < 0 ? limit : nl;
      if (acc == null) {
        acc = new ByteArrayOutputStream();
      }
      int room = MAX_LINE + 1 - acc.size();
      if (room > 0) {
        acc.write(buf.array(), start, Math.min(room, end - start));
      }
      consumed += end - start;
      if (nl >= 0) {
        buf.position(nl + 1);
        consumed++;
        offset += consumed;
        lineNo++;
        return acc.toByteArray();
      }
      buf.position(limit);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing useful to do; the list file was only read
    }
  }
}
