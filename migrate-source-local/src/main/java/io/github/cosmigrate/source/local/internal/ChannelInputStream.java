package io.github.cosmigrate.source.local.internal;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads a file channel from a start position, to the end of the file or for a fixed length, with positional reads
 * (no shared channel position). A fixed-length stream that meets the end of the file early fails with
 * {@code SOURCE_CHANGED}: the file shrank while it was read. Not thread-safe (one reader per stream).
 */
public final class ChannelInputStream extends InputStream {
  private final FileChannel channel;
  private final String key;
  private long position;
  private final long end;
  private boolean closed;

  /** @param length bytes to read, or -1 to read to the end of the file */
  public ChannelInputStream(FileChannel channel, String key, long start, long length) {
    this.channel = channel;
    this.key = key;
    this.position = start;
    this.end = length < 0 ? -1 : start + length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("stream of local key '" + key + "' read after close");
    }
    if (len == 0) {
      return 0;
    }
    int want = end < 0 ? len : (int) Math.min(len, end - position);
    if (want <= 0) {
      return -1;
    }
    int n;
    try {
      n = channel.read(ByteBuffer.wrap(b, off, want), position);
    } catch (IOException e) {
      throw Errors.wrap(e, "read", key, "position " + position);
    }
    if (n < 0) {
      if (end >= 0) {
        throw new MigrateException(ErrorKind.SOURCE_CHANGED, "local key '" + key + "' ended at byte " + position
            + " while " + (end - position) + " more bytes were expected: the file shrank while it was read");
      }
      return -1;
    }
    position += n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    if (n <= 0) {
      return 0;
    }
    long limit = end >= 0 ? end : Math.max(position, channel.size());
    long s = Math.min(n, limit - position);
    position += s;
    return s;
  }

  @Override
  public int available() throws IOException {
    if (closed) {
      return 0;
    }
    long limit = end >= 0 ? end : channel.size();
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, limit - position));
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      channel.close();
    }
  }
}
