package io.github.cosmigrate.internal.retry;

/**
 * An additive-increase / multiplicative-decrease limit on requests in flight: halved (floor 1) on every
 * throttling signal, raised by one after every {@code increaseEvery} successes, never above the ceiling. Thread-safe.
 */
public final class AimdLimiter {
  private final int ceiling;
  private final int increaseEvery;
  private int limit;
  private int successes;
  private int lowest;

  public AimdLimiter(int ceiling, int increaseEvery) {
    if (ceiling < 1 || increaseEvery < 1) {
      throw new IllegalArgumentException("ceiling and increaseEvery must be >= 1");
    }
    this.ceiling = ceiling;
    this.increaseEvery = increaseEvery;
    this.limit = ceiling;
    this.lowest = ceiling;
  }

  /** The current limit. */
  public synchronized int limit() {
    return limit;
  }

  /** The lowest limit seen so far. */
  public synchronized int lowest() {
    return lowest;
  }

  public int ceiling() {
    return ceiling;
  }

  /** The service asked to slow down: halve. Returns the new limit. */
  public synchronized int onThrottled() {
    limit = Math.max(1, limit / 2);
    successes = 0;
    lowest = Math.min(lowest, limit);
    return limit;
  }

  /** A request succeeded. Returns true when the limit rose. */
  public synchronized boolean onSuccess() {
    if (limit >= ceiling) {
      return false;
    }
    if (++successes >= increaseEvery) {
      successes = 0;
      limit++;
      return true;
    }
    return false;
  }
}
