package io.github.cosmigrate.source.oss.internal;

import io.github.cosmigrate.spi.ClientLeases;
import com.aliyun.oss.model.OSSObject;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The body of one GET, read straight from the HTTP entity. The SDK's own {@code getObjectContent()} wraps it in a
 * per-byte CRC-64 that 3.18.5 never checks for streams (the engine computes its own CRC-64 of the bytes), so this
 * skips that pass. Checks that exactly {@code expected} bytes arrive. Closing before the end aborts the request
 * (the connection is dropped instead of draining the rest of a large object); closing at the end returns the
 * connection to the pool. Not thread-safe, like any stream.
 */
final class OssBody extends InputStream {
  private final OSSObject object;
  private final ClientLeases holder;
  private final InputStream in;
  private final long expected;
  private final String what;
  private long read;
  private boolean closed;

  /** The body of {@code object}, counted as open on {@code holder} until closed. */
  OssBody(OSSObject object, ClientLeases holder, long expected, String what) {
    this.object = object;
    this.holder = holder;
    if (!holder.acquire()) {
      try {
        object.forcedClose();
      } catch (IOException | RuntimeException ignored) {
        // dropping the connection
      }
      throw new IllegalStateException(what + ": the OSS source was closed while this object was being opened");
    }
    InputStream raw = object.getResponse() == null ? null : object.getResponse().getContent();
    this.in = raw != null ? raw : object.getObjectContent() != null ? object.getObjectContent()
        : InputStream.nullInputStream();
    this.expected = expected;
    this.what = what;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n <= 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException(what + ": stream closed");
    }
    if (len == 0) {
      return 0;
    }
    OssErrors.checkInterrupt(what);
    int n;
    try {
      n = in.read(b, off, (int) Math.min(len, Math.max(1, expected - read + 1)));
    } catch (IOException e) {
      throw OssErrors.read(e, what);
    }
    if (n < 0) {
      if (read != expected) {
        throw new MigrateException(ErrorKind.TRANSIENT, what + ": the body ended after " + read + " of " + expected
            + " bytes; a truncated response, likely temporary");
      }
      return -1;
    }
    read += n;
    if (read > expected) {
      throw new MigrateException(ErrorKind.SOURCE_CHANGED, what + ": the body is longer than the " + expected
          + " bytes announced; the object changed while it was read");
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (read == expected && in.read() < 0) {
        object.close(); // at the end: the connection goes back to the pool
      } else {
        object.forcedClose(); // not at the end: drop the connection rather than drain the rest
      }
    } catch (IOException | RuntimeException e) {
      try {
        object.forcedClose();
      } catch (IOException | RuntimeException ignored) {
        // the connection is gone either way
      }
    } finally {
      holder.release();
    }
  }
}
