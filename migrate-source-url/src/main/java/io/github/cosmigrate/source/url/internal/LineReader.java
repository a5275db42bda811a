package io.github.cosmigrate.source.url.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads one list file line by line from a byte offset, keeping track of each line's number and byte offset, in
 * bounded memory: a line longer than {@link #MAX_LINE_BYTES} is reported as such and skipped, never buffered whole.
 * Lines end with {@code \n} ({@code \r\n} too); a UTF-8 byte order mark at the start of the file is skipped. Not
 * thread-safe.
 */
public final class LineReader implements Closeable {
  /** The longest line read; a longer one is reported with {@link RawLine#problem()}. */
  public static final int MAX_LINE_BYTES = 64 * 1024;

  /**
   * One physical line.
   *
   * @param number 1-based line number in its file
   * @param start byte offset of its first byte
   * @param text its text without the line end, or null when {@code problem} is set
   * @param problem why the line could not be read as text (too long, not UTF-8), or null
   */
  public record RawLine(long number, long start, String text, String problem) {}

  private final InputStream in;
  private final byte[] buf = new byte[64 * 1024];
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  private int pos;
  private int limit;
  private long offset; // file offset of buf[pos]
  private long lineNo;
  private byte[] line = new byte[512];
  private int lineLen;

  private LineReader(InputStream in, long offset, long lineNo) {
    this.in = in;
    this.offset = offset;
    this.lineNo = lineNo;
  }

  /**
   * Opens {@code file} at {@code offset}, the start of line {@code linesBefore + 1} (0 and 0 for the start of the
   * file).
   */
  public static LineReader open(Path file, long offset, long linesBefore) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      ch.position(offset);
      LineReader r = new LineReader(Channels.newInputStream(ch), offset, linesBefore);
      if (offset == 0) {
        r.skipByteOrderMark();
      }
      return r;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Byte offset just after the last line returned: where the next one starts. */
  public long offset() {
    return offset;
  }

  /** Number of the last line returned (0 before the first). */
  public long lineNumber() {
    return lineNo;
  }

  /** The next line, or null at the end of the file. */
  public RawLine next() throws IOException {
    long start = offset;
    lineLen = 0;
    boolean tooLong = false;
    boolean any = false;
    while (true) {
      if (pos == limit && !fill()) {
        if (!any) {
          return null;
        }
        break;
      }
      any = true;
      int nl = -1;
      for (int i = pos; i < limit; i++) {
        if (buf[i] == '\n') {
          nl = i;
          break;
        }
      }
      int end = nl < 0 ? limit : nl;
      if (!tooLong) {
        if (lineLen + (end - pos) > MAX_LINE_BYTES) {
          tooLong = true;
        } else {
          append(pos, end - pos);
        }
      }
      offset += (nl < 0 ? limit : nl + 1) - pos;
      pos = nl < 0 ? limit : nl + 1;
      if (nl >= 0) {
        break;
      }
    }
    lineNo++;
    if (tooLong) {
      return new RawLine(lineNo, start, null, "is longer than " + MAX_LINE_BYTES + " bytes");
    }
    int len = lineLen > 0 && line[lineLen - 1] == '\r' ? lineLen - 1 : lineLen;
    try {
      return new RawLine(lineNo, start, utf8.reset().decode(ByteBuffer.wrap(line, 0, len)).toString(), null);
    } catch (CharacterCodingException e) {
      return new RawLine(lineNo, start, null, "is not valid UTF-8 text");
    }
  }

  private void append(int from, int n) {
    if (lineLen + n > line.length) {
      byte[] bigger = new byte[Math.max(line.length * 2, lineLen + n)];
      System.arraycopy(line, 0, bigger, 0, lineLen);
      line = bigger;
    }
    System.arraycopy(buf, from, line, lineLen, n);
    lineLen += n;
  }

  private boolean fill() throws IOException {
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      pos = limit = 0;
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  private void skipByteOrderMark() throws IOException {
    while (limit - pos < 3) {
      int n = in.read(buf, limit, buf.length - limit);
      if (n <= 0) {
        break;
      }
      limit += n;
    }
    if (limit - pos >= 3 && (buf[pos] & 0xff) == 0xEF && (buf[pos + 1] & 0xff) == 0xBB
        && (buf[pos + 2] & 0xff) == 0xBF) {
      pos += 3;
      offset += 3;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
