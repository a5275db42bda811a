package io.github.cosmigrate.sink.cos.internal;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Hands the SDK exactly {@code length} bytes of the caller's stream, computing their CRC-64/XZ on the way.
 * {@link #close()} does not close the caller's stream (the caller owns it). Mark/reset is not supported, so
 * cos_api does not retry a request whose body is this stream. A body that ends before {@code length} bytes is
 * reported as {@code SOURCE_CHANGED}.
 */
public final class CrcInputStream extends InputStream {
  private final InputStream in;
  private final long length;
  private final String key;
  private final Crc64 crc = new Crc64();
  private long read;

  public CrcInputStream(InputStream in, long length, String key) {
    this.in = in;
    this.length = length;
    this.key = key;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    long remaining = length - read;
    if (remaining <= 0) {
      return -1;
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new java.io.InterruptedIOException("interrupted while sending " + key);
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw new MigrateException(ErrorKind.SOURCE_CHANGED, "body of '" + key + "' ended after " + read
          + " of " + length + " bytes: the source shrank while it was read");
    }
    crc.update(b, off, n);
    read += n;
    return n;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(Math.min(in.available(), length - read), Integer.MAX_VALUE);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() {
    // the caller owns the underlying stream
  }

  /** Bytes handed out so far. */
  public long bytesRead() {
    return read;
  }

  /** True when all {@code length} bytes were handed out. */
  public boolean complete() {
    return read == length;
  }

  /** The CRC-64/XZ of the bytes handed out so far. */
  public long crc() {
    return crc.getValue();
  }
}
