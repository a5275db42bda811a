package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.spi.RateLimiter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.function.BooleanSupplier;

/**
 * A source stream that pays the bandwidth limiter for every read in slices of at most {@link #SLICE} bytes and
 * stops promptly when the run stops.
 */
final class MeteredInputStream extends FilterInputStream {
  static final int SLICE = 64 * 1024;
  private final RateLimiter bandwidth;
  private final BooleanSupplier stopped;
  private final boolean limited;

  MeteredInputStream(InputStream in, RateLimiter bandwidth, BooleanSupplier stopped) {
    super(in);
    this.bandwidth = bandwidth;
    this.stopped = stopped;
    this.limited = !(bandwidth instanceof RateLimiter.Unlimited);
  }

  @Override
  public int read() throws IOException {
    check();
    int b = in.read();
    if (b >= 0) {
      pay(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    check();
    int n = in.read(b, off, Math.min(len, SLICE));
    if (n > 0) {
      pay(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    check();
    return in.skip(n);
  }

  private void check() throws InterruptedIOException {
    if (stopped.getAsBoolean() || Thread.currentThread().isInterrupted()) {
      throw new InterruptedIOException("the migration is stopping");
    }
  }

  private void pay(int n) throws InterruptedIOException {
    if (!limited) {
      return;
    }
    try {
      bandwidth.acquire(n);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for bandwidth");
    }
  }
}
