package io.github.cosmigrate.api;

import io.github.cosmigrate.internal.ratelimit.TokenBucketRateLimiter;
import io.github.cosmigrate.spi.RateLimiter;
import java.time.Duration;

/**
 * Factories for {@link RateLimiter}s. The limiters are smooth token buckets with Guava's "pay later" semantics:
 * a request is granted as soon as the debt left by earlier requests is paid, and its own cost delays the next
 * request; up to {@code maxBurst} (one second by default) of idle time is banked as permits that are spent at
 * once. Waits are interruptible. Use one limiter for bytes and a separate one for requests:
 *
 * <pre>{@code
 * Migrator.builder()
 *     .bandwidthLimiter(RateLimiters.bytesPerSecond(50L * 1024 * 1024)) // 50 MiB/s
 *     .requestLimiter(RateLimiters.perSecond(200))                     // 200 requests/s
 *     ...
 * }</pre>
 *
 * <p>The returned limiters are thread-safe, and their rate may be changed at run time with
 * {@link RateLimiter#setRate}.
 */
public final class RateLimiters {
  private RateLimiters() {}

  /**
   * A limiter of {@code permitsPerSecond} (may be fractional, {@code > 0}) with a burst of one second.
   *
   * @throws IllegalArgumentException if the rate is not a positive number
   */
  public static RateLimiter perSecond(double permitsPerSecond) {
    return perSecond(permitsPerSecond, TokenBucketRateLimiter.DEFAULT_MAX_BURST);
  }

  /**
   * A limiter of {@code permitsPerSecond} that banks at most {@code maxBurst} of idle time ({@link Duration#ZERO}
   * for no burst at all).
   */
  public static RateLimiter perSecond(double permitsPerSecond, Duration maxBurst) {
    return new TokenBucketRateLimiter(
        permitsPerSecond, maxBurst, TokenBucketRateLimiter.Ticker.system(), TokenBucketRateLimiter.Sleeper.system());
  }

  /**
   * A bandwidth limiter of {@code bytesPerSecond} ({@code > 0}), one permit per byte, with a burst of one second.
   * The engine pays for bytes in small increments while it reads a stream.
   */
  public static RateLimiter bytesPerSecond(long bytesPerSecond) {
    if (bytesPerSecond <= 0) {
      throw new IllegalArgumentException(
          "bandwidth limit must be > 0 bytes per second, was " + bytesPerSecond
              + "; use RateLimiters.unlimited() for no limit");
    }
    return perSecond(bytesPerSecond);
  }

  /** The limiter that never waits ({@link RateLimiter#unlimited()}). */
  public static RateLimiter unlimited() {
    return RateLimiter.unlimited();
  }
}
