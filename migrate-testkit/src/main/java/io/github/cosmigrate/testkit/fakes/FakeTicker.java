package io.github.cosmigrate.testkit.fakes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A fake nanosecond clock and sleeper in one, in the style of Guava's {@code FakeStopwatch}: "sleeping" does not
 * block, it advances virtual time by the requested amount and records the request. Tests then assert on virtual
 * elapsed time and on the recorded sleeps, never on wall-clock time.
 *
 * <p>Wire it into a limiter with method references, e.g.
 * {@code new TokenBucketRateLimiter(rate, burst, ticker::read, ticker::sleepNanos)}.
 *
 * <p>Like {@link Thread#sleep}, {@link #sleepNanos} throws {@link InterruptedException} (and clears the flag) when
 * the calling thread is interrupted, even for a zero sleep, and then neither advances time nor records anything.
 * Thread-safe.
 */
public final class FakeTicker {
  private final long start;
  private long now;
  private final List<Long> sleeps = new ArrayList<>();
  private volatile SleepHook hook = nanos -> {};

  /** Runs inside {@link #sleepNanos} before time advances; may block or throw to simulate a real sleep. */
  @FunctionalInterface
  public interface SleepHook {
    void beforeSleep(long nanos) throws InterruptedException;
  }

  /** A clock starting at an arbitrary, non-zero nanosecond value. */
  public FakeTicker() {
    this(1_234_567_890_123L);
  }

  /** A clock starting at {@code startNanos}; may be negative, as {@link System#nanoTime()} may be. */
  public FakeTicker(long startNanos) {
    this.start = startNanos;
    this.now = startNanos;
  }

  /** The current virtual time in nanoseconds (a {@code System::nanoTime} replacement). */
  public synchronized long read() {
    return now;
  }

  /** Advances virtual time by {@code nanos} and records the sleep; see the class comment for interrupts. */
  public void sleepNanos(long nanos) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("FakeTicker: thread interrupted while sleeping " + nanos + " ns");
    }
    hook.beforeSleep(nanos);
    synchronized (this) {
      sleeps.add(nanos);
      if (nanos > 0) {
        now += nanos;
      }
    }
  }

  /**
   * Installs a hook run at the start of every later sleep (after the interrupt check), e.g. one that blocks until
   * the thread is interrupted, to test that a waiter can be interrupted from another thread.
   */
  public void onSleep(SleepHook hook) {
    this.hook = java.util.Objects.requireNonNull(hook, "hook");
  }

  /** Advances virtual time without recording a sleep (idle time between calls). */
  public synchronized void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("time only moves forward; was " + d);
    }
    now += d.toNanos();
  }

  /** Virtual nanoseconds since construction. */
  public synchronized long elapsedNanos() {
    return now - start;
  }

  /** Virtual seconds since construction, as a double. */
  public synchronized double elapsedSeconds() {
    return (now - start) / 1e9;
  }

  /** Every sleep requested so far, in nanoseconds, in order (including zero sleeps). */
  public synchronized List<Long> sleeps() {
    return List.copyOf(sleeps);
  }

  /** The sum of all positive sleeps, in nanoseconds. */
  public synchronized long totalSleptNanos() {
    return sleeps.stream().mapToLong(s -> Math.max(s, 0)).sum();
  }

  /** The number of sleeps longer than zero. */
  public synchronized int positiveSleepCount() {
    return (int) sleeps.stream().filter(s -> s > 0).count();
  }

  @Override
  public synchronized String toString() {
    return "FakeTicker[elapsed " + Duration.ofNanos(now - start) + ", " + sleeps.size() + " sleeps]";
  }
}
