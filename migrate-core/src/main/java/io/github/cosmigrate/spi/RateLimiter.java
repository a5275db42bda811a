package io.github.cosmigrate.spi;

import java.time.Duration;

/**
 * Limits a rate of permits per second: bytes for a bandwidth limiter, requests for a request-rate limiter. The
 * engine uses two separate instances. Permits are {@code long}; bytes are acquired in small increments while a
 * stream is read, never a whole part at once. Safe to call from many threads at once.
 *
 * <p>Semantics follow Guava's "pay later" model: an acquisition that exceeds the stored permits is granted at
 * once and makes the <em>next</em> caller wait, so a single large request is never stalled for longer than its
 * own cost.
 */
public interface RateLimiter {

  /** Blocks until {@code permits} may be used. {@code permits >= 0}; 0 returns at once. */
  void acquire(long permits) throws InterruptedException;

  /** Like {@link #acquire} but waits at most {@code timeout}; returns false (taking nothing) if it would wait longer. */
  boolean tryAcquire(long permits, Duration timeout) throws InterruptedException;

  /** The current rate in permits per second; {@link Double#POSITIVE_INFINITY} when unlimited. */
  double rate();

  /** Changes the rate at run time (a schedule, an operator's command). {@code permitsPerSecond > 0}. */
  void setRate(double permitsPerSecond);

  /** A limiter that never waits. */
  static RateLimiter unlimited() {
    return Unlimited.INSTANCE;
  }

  /** The never-waiting limiter. */
  enum Unlimited implements RateLimiter {
    INSTANCE;

    @Override
    public void acquire(long permits) {
      if (permits < 0) {
        throw new IllegalArgumentException("permits must be >= 0, was " + permits);
      }
    }

    @Override
    public boolean tryAcquire(long permits, Duration timeout) {
      acquire(permits);
      return true;
    }

    @Override
    public double rate() {
      return Double.POSITIVE_INFINITY;
    }

    @Override
    public void setRate(double permitsPerSecond) {
      throw new UnsupportedOperationException("the unlimited rate limiter has no rate to set; create a limited one");
    }
  }
}
