package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.internal.ratelimit.ThrottledInputStream;
import io.github.cosmigrate.spi.RateLimiter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.function.BooleanSupplier;

/**
 * A source stream as the engine reads it: paid for with the bandwidth limiter (through
 * {@link ThrottledInputStream}, in slices of at most 64 KiB) when one is set, and stopping promptly when the run
 * stops or the thread is interrupted.
 */
final class MeteredInputStream extends FilterInputStream {
  private final BooleanSupplier stopped;

  MeteredInputStream(InputStream in, RateLimiter bandwidth, BooleanSupplier stopped) {
    super(unlimited(bandwidth) ? in : new ThrottledInputStream(in, bandwidth));
    this.stopped = stopped;
  }

  static boolean unlimited(RateLimiter r) {
    return r instanceof RateLimiter.Unlimited;
  }

  @Override
  public int read() throws IOException {
    check();
    return in.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    check();
    return in.read(b, off, len);
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
}
