package io.github.cosmigrate.internal.manifest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The lines of a manifest file, streamed: plain or gzip (recognised by its magic bytes {@code 1f 8b}, not by its
 * name; concatenated gzip members are read as one stream), numbered from 1, split at {@code \n} with a trailing
 * {@code \r} removed, each decoded as strict UTF-8 on its own (a UTF-8 byte-order mark at the start is dropped).
 * A line that is not valid UTF-8 or longer than {@link #MAX_LINE_BYTES} is returned with an error instead of its
 * text, and reading goes on with the next line: memory is bounded by one line, whatever the file's size. Not
 * thread-safe.
 */
public final class ManifestLines implements Closeable {
  /** The longest line read (an S3 key is at most 1,024 bytes, three times that URL-encoded). */
  public static final int MAX_LINE_BYTES = 64 * 1024;

  /**
   * One line.
   *
   * @param number its number in the file, from 1
   * @param text its text without the line end, or null when it could not be read ({@code error} says why)
   * @param error why the line could not be read, or null
   */
  public record Line(long number, String text, String error) {}

  private final InputStream in;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int limit;
  private boolean eof;
  private final byte[] line = new byte[MAX_LINE_BYTES];
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  private long lastNumber;

  private ManifestLines(InputStream in) {
    this.in = in;
  }

  /** Opens {@code file}, plain or gzip. */
  public static ManifestLines open(Path file) throws IOException {
    InputStream raw = Files.newInputStream(file);
    try {
      byte[] head = new byte[2];
      int n = raw.readNBytes(head, 0, 2);
      InputStream rest = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(head, 0, n), raw);
      boolean gzip = n == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
      return new ManifestLines(gzip ? new GZIPInputStream(rest, 64 * 1024) : rest);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /** The number of the last line returned, 0 before the first. */
  public long lastNumber() {
    return lastNumber;
  }

  /** True when no line follows. */
  public boolean atEnd() throws IOException {
    return !fill();
  }

  /** The next line, or null at the end of the file. */
  public Line next() throws IOException {
    if (!fill()) {
      return null;
    }
    int len = 0;
    boolean tooLong = false;
    boolean ended = false;
    while (!ended && fill()) {
      int start = pos;
      int nl = -1;
      for (int i = pos; i < limit; i++) {
        if (buf[i] == '\n') {
          nl = i;
          break;
        }
      }
      int end = nl < 0 ? limit : nl;
      int n = end - start;
      if (!tooLong) {
        if (len + n > MAX_LINE_BYTES) {
          tooLong = true;
        } else {
          System.arraycopy(buf, start, line, len, n);
          len += n;
        }
      }
      pos = nl < 0 ? limit : nl + 1;
      ended = nl >= 0;
    }
    long number = ++lastNumber;
    if (tooLong) {
      return new Line(number, null, "the line is longer than " + MAX_LINE_BYTES + " bytes");
    }
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    int off = 0;
    if (number == 1 && len >= 3 && (line[0] & 0xff) == 0xef && (line[1] & 0xff) == 0xbb
        && (line[2] & 0xff) == 0xbf) {
      off = 3;
    }
    try {
      CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(line, off, len - off));
      return new Line(number, chars.toString(), null);
    } catch (CharacterCodingException e) {
      return new Line(number, null, "the line is not valid UTF-8");
    }
  }

  /** Skips lines until {@link #lastNumber()} is {@code number}; false when the file ends before. */
  public boolean skipTo(long number) throws IOException {
    while (lastNumber < number) {
      if (!fill()) {
        return false;
      }
      int nl = -1;
      for (int i = pos; i < limit; i++) {
        if (buf[i] == '\n') {
          nl = i;
          break;
        }
      }
      if (nl < 0) {
        pos = limit;
        if (!fill()) {
          lastNumber++; // a last line without a line end
        }
      } else {
        pos = nl + 1;
        lastNumber++;
      }
    }
    return true;
  }

  private boolean fill() throws IOException {
    if (pos < limit) {
      return true;
    }
    if (eof) {
      return false;
    }
    int n = in.read(buf, 0, buf.length);
    while (n == 0) {
      n = in.read(buf, 0, buf.length);
    }
    if (n < 0) {
      eof = true;
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
