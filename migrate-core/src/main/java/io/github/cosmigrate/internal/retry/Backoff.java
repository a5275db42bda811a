package io.github.cosmigrate.internal.retry;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with full jitter: the delay before retry {@code n} (1-based: the first retry is 1) is
 * uniform in {@code [0, min(max, initial * 2^(n-1))]}. A delay the service asked for (Retry-After) is a floor.
 */
public final class Backoff {
  private final long initialNanos;
  private final long maxNanos;
  private final LongUnaryOperator random; // bound -> uniform in [0, bound]

  public Backoff(Duration initial, Duration max) {
    this(initial, max, bound -> bound <= 0 ? 0 : java.util.concurrent.ThreadLocalRandom.current().nextLong(bound + 1));
  }

  /** With an injected random source (tests): {@code random.applyAsLong(bound)} must be in {@code [0, bound]}. */
  public Backoff(Duration initial, Duration max, LongUnaryOperator random) {
    this.initialNanos = Math.max(0, initial.toNanos());
    this.maxNanos = Math.max(this.initialNanos, max.toNanos());
    this.random = random;
  }

  /** The largest delay retry {@code retry} may get (before jitter). */
  public long ceilingNanos(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry numbers start at 1, was " + retry);
    }
    int shift = Math.min(retry - 1, 62);
    long c = initialNanos << shift;
    if (c < 0 || (shift > 0 && (c >> shift) != initialNanos)) {
      return maxNanos; // overflow
    }
    return Math.min(maxNanos, c);
  }

  /** The delay before retry {@code retry}, at least {@code retryAfter} when given. */
  public Duration delay(int retry, Optional<Duration> retryAfter) {
    long d = random.applyAsLong(ceilingNanos(retry));
    if (retryAfter.isPresent()) {
      d = Math.max(d, retryAfter.get().toNanos());
    }
    return Duration.ofNanos(d);
  }
}
