package io.github.cosmigrate.source.local;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceRead;
import io.github.cosmigrate.model.SourceEntry;
import io.github.cosmigrate.source.local.internal.ChannelInputStream;
import io.github.cosmigrate.source.local.internal.EntryClassifier;
import io.github.cosmigrate.source.local.internal.EntryIterator;
import io.github.cosmigrate.source.local.internal.Errors;
import io.github.cosmigrate.source.local.internal.FileListWalker;
import io.github.cosmigrate.source.local.internal.FileStat;
import io.github.cosmigrate.source.local.internal.Positioned;
import io.github.cosmigrate.source.local.internal.SafeTreeWalker;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.capability.RangeReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A local file system (any {@link java.nio.file.FileSystem}) as a {@link Source}, with range reads.
 *
 * <h2>Keys</h2>
 * A key is the file's path relative to the root with {@code /} separators and no leading {@code /}. Nothing else is
 * normalised: Unicode is kept as the file system gives it (an NFD name stays NFD), and no {@code //} collapsing is
 * needed since the walker builds keys from names. When the root is a single file, its key is its file name.
 * Directories produce no objects: directory markers are out of scope. Keys are not checked against a sink's limits
 * here; the engine does that.
 *
 * <h2>Listing</h2>
 * Lazy and depth-first, in the lexicographic order of keys compared segment by segment (see
 * {@link io.github.cosmigrate.source.local.internal.SafeTreeWalker}); the cursor is the last listed key, so a
 * listing resumes after a restart by seeking into the right directories. Nothing stops the walk: symlink loops,
 * dangling links, unreadable directories or files, names that are not UTF-8 become
 * {@link SourceEntry.Failed} entries; special files, excluded paths, filtered files and (under
 * {@link SymlinkPolicy#SKIP}) links become {@link SourceEntry.Skipped} entries. A file removed between the directory
 * read and its stat is not listed. A file that can be stat'ed but not opened is listed and fails at
 * {@link #open} with {@code ACCESS_DENIED}. With {@link LocalSourceConfig#fileList()}, the listing reads the named
 * files instead (see {@link io.github.cosmigrate.source.local.internal.FileListWalker}).
 *
 * <h2>Object versions</h2>
 * {@link ObjectInfo#lastModified()} has millisecond precision. When the file system has {@code unix:} attributes,
 * {@link ObjectInfo#etag()} carries the version tag {@code ino:<inode>;ctime:<ctime nanos>}, so
 * {@link ObjectInfo#fingerprint()} changes when a file is rewritten even if its size and mtime are preserved
 * ({@code rsync -t}, {@code touch -r}); it is not an HTTP ETag and not a digest. Elsewhere the ETag is empty.
 * {@link ObjectInfo#crc64()} is empty (content is never read while listing). The Content-Type is guessed from the
 * extension with a small built-in table.
 *
 * <h2>Threading</h2>
 * {@link #list} has at most one caller at a time (it is also synchronised); {@link #stat}, {@link #open} and
 * {@link #openRange} may be called from many threads. Streams use positional reads of their own
 * {@link FileChannel} and stay readable after {@link #close()}.
 */
public final class LocalSource implements Source, RangeReader {

  private final LocalSourceConfig config;
  private final Path root;
  private final boolean singleFile;
  private final EntryClassifier classifier;
  private final String description;
  private volatile boolean closed;

  /** The walk of the previous page, reused when the next call continues from its cursor. */
  private EntryIterator cachedIterator;
  private String cachedToken;
  private Positioned cachedPending;

  private LocalSource(LocalSourceConfig config, Path root, boolean singleFile, EntryClassifier classifier) {
    this.config = config;
    this.root = root;
    this.singleFile = singleFile;
    this.classifier = classifier;
    this.description = "local:" + root + config.fileList().map(f -> " (file list " + f.toAbsolutePath() + ")")
        .orElse("");
  }

  /**
   * Checks the settings and the root and returns a source.
   *
   * @throws MigrateException FATAL_CONFIGURATION when the root does not exist or is neither a directory nor a regular
   *     file, when the file list is missing or used with a single-file root, or when an exclude is invalid
   */
  public static LocalSource open(LocalSourceConfig config) throws IOException {
    Objects.requireNonNull(config, "config");
    Path root = config.root().toAbsolutePath().normalize();
    FileStat st;
    try {
      st = FileStat.of(root, true);
    } catch (IOException e) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "local root " + root + " cannot be used: "
          + Errors.reason(e) + "; check that it exists and is readable", e);
    }
    if (!st.directory() && !st.regular()) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "local root " + root
          + " is neither a directory nor a regular file");
    }
    if (config.fileList().isPresent()) {
      Path list = config.fileList().get();
      if (!st.directory()) {
        throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "file-list mode needs a directory as the root, "
            + "but " + root + " is a file");
      }
      try {
        if (!FileStat.of(list, true).regular()) {
          throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "file list " + list + " is not a regular file");
        }
      } catch (MigrateException e) {
        throw e;
      } catch (IOException e) {
        throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "file list " + list + " cannot be used: "
            + Errors.reason(e), e);
      }
    }
    return new LocalSource(config, root, st.regular(), new EntryClassifier(root, config));
  }

  /** The settings this source was opened with. */
  public LocalSourceConfig config() {
    return config;
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public synchronized ListBatch list(Optional<ListCursor> after) throws IOException {
    requireOpen();
    String token = after.map(ListCursor::token).orElse("");
    EntryIterator it;
    Positioned pending;
    if (cachedIterator != null && token.equals(cachedToken)) {
      it = cachedIterator;
      pending = cachedPending;
    } else {
      dropCache();
      it = iteratorAfter(token);
      try {
        pending = it.next();
      } catch (IOException | RuntimeException e) {
        it.close();
        throw e;
      }
    }
    cachedIterator = null;
    List<SourceEntry> page = new ArrayList<>(Math.min(config.pageSize(), 4096));
    String last = null;
    try {
      while (pending != null && page.size() < config.pageSize()) {
        page.add(pending.entry());
        last = pending.cursorAfter();
        pending = it.next();
      }
    } catch (IOException | RuntimeException e) {
      it.close();
      throw e;
    }
    if (pending == null) {
      it.close();
      return new ListBatch(page, Optional.empty());
    }
    cachedIterator = it;
    cachedToken = last;
    cachedPending = pending;
    return new ListBatch(page, Optional.of(new ListCursor(last)));
  }

  private EntryIterator iteratorAfter(String token) throws IOException {
    boolean fileList = config.fileList().isPresent();
    if (token.isEmpty()) {
      return singleFile ? new SingleFile(null) : fileList
          ? new FileListWalker(root, config.fileList().get(), classifier, null)
          : new SafeTreeWalker(root, classifier, null);
    }
    if (fileList && token.startsWith("f:")) {
      return new FileListWalker(root, config.fileList().get(), classifier, token.substring(2));
    }
    if (!fileList && token.startsWith("w:")) {
      String key = token.substring(2);
      return singleFile ? new SingleFile(key) : new SafeTreeWalker(root, classifier, key);
    }
    throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "cursor '" + token + "' was not made by "
        + description + " in this mode (walk or file list); start the listing again");
  }

  /** The single-file root: one entry keyed by the file name. */
  private final class SingleFile implements EntryIterator {
    private boolean done;

    SingleFile(String after) {
      done = after != null;
    }

    @Override
    public Positioned next() {
      if (done) {
        return null;
      }
      done = true;
      String key = EntryClassifier.toKey(root.getFileName());
      EntryClassifier.Outcome o = classifier.classify(root, key, null, id -> null);
      if (o instanceof EntryClassifier.Emit e) {
        return new Positioned(e.entry(), SafeTreeWalker.token(key));
      }
      return null;
    }

    @Override
    public void close() {}
  }

  private void dropCache() {
    if (cachedIterator != null) {
      cachedIterator.close();
      cachedIterator = null;
      cachedPending = null;
      cachedToken = null;
    }
  }

  @Override
  public ObjectInfo stat(String key) throws IOException {
    requireOpen();
    Path p = pathOf(key);
    return EntryClassifier.info(key, regularFile(key, p));
  }

  @Override
  public SourceRead open(ObjectInfo object) throws IOException {
    requireOpen();
    String key = object.key();
    Path p = pathOf(key);
    regularFile(key, p);
    return new SourceRead(new ChannelInputStream(channel(key, p), key, 0, -1), object);
  }

  @Override
  public InputStream openRange(ObjectInfo object, long offset, long length) throws IOException {
    String key = object.key();
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must be >= 0, were " + offset + ", " + length);
    }
    requireOpen();
    Path p = pathOf(key);
    regularFile(key, p);
    FileChannel ch = channel(key, p);
    long size;
    try {
      size = ch.size();
    } catch (IOException e) {
      ch.close();
      throw Errors.wrap(e, "size", key, p);
    }
    if (offset > size || length > size - offset) {
      ch.close();
      throw new MigrateException(ErrorKind.SOURCE_CHANGED, "range [" + offset + ", " + (offset + length)
          + ") of local key '" + key + "' (" + p + ") reaches past its end (" + size
          + " bytes): the file changed since it was listed");
    }
    return new ChannelInputStream(ch, key, offset, length);
  }

  private static FileChannel channel(String key, Path p) throws IOException {
    try {
      return FileChannel.open(p, StandardOpenOption.READ);
    } catch (IOException e) {
      throw Errors.wrap(e, "open", key, p);
    }
  }

  private static FileStat regularFile(String key, Path p) throws IOException {
    FileStat st;
    try {
      st = FileStat.of(p, true);
    } catch (IOException e) {
      throw Errors.wrap(e, "stat", key, p);
    }
    if (st.directory()) {
      throw new MigrateException(ErrorKind.NOT_FOUND, "local key '" + key + "' (" + p
          + ") is a directory; directories are not objects");
    }
    if (!st.regular()) {
      throw new MigrateException(ErrorKind.NOT_FOUND, "local key '" + key + "' (" + p + ") is a "
          + st.otherKind() + ", not a regular file");
    }
    return st;
  }

  /** The file of a key. Keys with {@code .}/{@code ..} segments or a leading {@code /} are rejected. */
  private Path pathOf(String key) throws MigrateException {
    Objects.requireNonNull(key, "key");
    if (singleFile) {
      if (key.equals(EntryClassifier.toKey(root.getFileName()))) {
        return root;
      }
      throw new MigrateException(ErrorKind.NOT_FOUND, "no local key '" + key + "': the root " + root
          + " is a single file whose key is '" + root.getFileName() + "'");
    }
    if (key.isEmpty() || key.startsWith("/")) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "local key '" + key
          + "' is not a path relative to the root " + root);
    }
    for (String seg : key.split("/", -1)) {
      if (seg.equals(".") || seg.equals("..")) {
        throw new MigrateException(ErrorKind.INVALID_INPUT, "local key '" + key
            + "' has a '.' or '..' segment; keys name files under the root " + root);
      }
    }
    try {
      return root.resolve(key);
    } catch (InvalidPathException e) {
      throw new MigrateException(ErrorKind.NOT_FOUND, "local key '" + key + "' is not a valid path under "
          + root + ": " + e.getMessage(), e);
    }
  }

  private void requireOpen() throws MigrateException {
    if (closed) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, description + " is closed");
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (this) {
      dropCache();
    }
  }
}
