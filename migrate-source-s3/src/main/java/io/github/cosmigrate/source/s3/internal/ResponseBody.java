package io.github.cosmigrate.source.s3.internal;

import io.github.cosmigrate.spi.ClientLeases;
import java.io.FilterInputStream;
import java.io.IOException;
import software.amazon.awssdk.core.ResponseInputStream;

/**
 * A GET response body streamed straight from the connection. Closing it before the end aborts the connection
 * instead of draining the rest of the object (which for a large object would read it all). Not thread-safe.
 */
public final class ResponseBody extends FilterInputStream {
  private final ResponseInputStream<?> response;
  private long remaining;
  private boolean ended;
  private boolean closed;

  private final ClientLeases holder;

  /** A body of {@code length} bytes, counted as open on {@code holder} until closed. */
  public ResponseBody(ResponseInputStream<?> response, long length, ClientLeases holder) {
    super(response);
    this.holder = holder;
    if (!holder.acquire()) {
      response.abort();
      throw new IllegalStateException("the S3 source was closed while this object was being opened");
    }
    this.response = response;
    this.remaining = length;
    this.ended = length == 0;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    count(b < 0 ? -1 : 1);
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    count(n);
    return n;
  }

  private void count(int n) {
    if (n < 0) {
      ended = true;
    } else if ((remaining -= n) <= 0) {
      ended = true;
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!ended) {
        response.abort();
      }
      response.close();
    } finally {
      holder.release();
    }
  }
}
