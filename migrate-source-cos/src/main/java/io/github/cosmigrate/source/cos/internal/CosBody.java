package io.github.cosmigrate.source.cos.internal;

import io.github.cosmigrate.spi.ClientLeases;
import com.qcloud.cos.model.COSObject;
import com.qcloud.cos.model.COSObjectInputStream;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The body of one GET, streamed from the connection. Checks that exactly {@code expected} bytes arrive. Closing it
 * before the end aborts the request (the connection is dropped rather than drained: a large object would be read
 * to its end otherwise); closing it at the end returns the connection to the pool. Counted on the
 * {@link ClientLeases} while open. Not thread-safe, like any stream.
 */
final class CosBody extends InputStream {
  private final COSObject object;
  private final COSObjectInputStream in;
  private final long expected;
  private final String what;
  private final ClientLeases holder;
  private long read;
  private boolean closed;

  CosBody(COSObject object, long expected, String what, ClientLeases holder) throws IOException {
    this.object = object;
    this.in = object.getObjectContent();
    this.expected = expected;
    this.what = what;
    this.holder = holder;
    if (!holder.acquire()) {
      abortQuietly();
      throw new IllegalStateException(what + ": the COS source was closed while this object was being opened");
    }
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
    if (in == null) {
      return end(-1);
    }
    int n;
    try {
      n = in.read(b, off, (int) Math.min(len, Math.max(1, expected - read + 1)));
    } catch (IOException e) {
      if (e instanceof java.io.InterruptedIOException) {
        throw e;
      }
      throw new MigrateException(ErrorKind.TRANSIENT, what + ": reading the body failed after " + read + " of "
          + expected + " bytes (" + e.getClass().getSimpleName() + "); a network error, likely temporary", e);
    }
    return end(n);
  }

  private int end(int n) throws MigrateException {
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
      if (in != null && read == expected && in.read() < 0) {
        object.close(); // at the end: the connection goes back to the pool
      } else {
        abortQuietly();
      }
    } catch (IOException | RuntimeException e) {
      abortQuietly();
    } finally {
      holder.release();
    }
  }

  private void abortQuietly() {
    try {
      if (in != null) {
        in.abort();
      }
      object.close();
    } catch (IOException | RuntimeException ignored) {
      // the connection is dropped either way
    }
  }
}
