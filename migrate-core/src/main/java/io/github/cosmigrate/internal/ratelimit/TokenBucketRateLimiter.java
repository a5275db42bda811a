package io.github.cosmigrate.internal.ratelimit;

import io.github.cosmigrate.spi.RateLimiter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A smooth, bursty token bucket with Guava's "pay later" semantics, {@code long} permits and interruptible waits.
 *
 * <h2>How it works</h2>
 * The limiter does not keep a queue and does not run a timer. It keeps three numbers, all guarded by one lock:
 * <ul>
 *   <li>{@code nextFreeNanos}: the virtual moment at which the next request may start. Every grant pushes it
 *       forward by the cost of the permits that were not covered by stored permits ({@code permits / rate}
 *       seconds);
 *   <li>{@code storedPermits}: permits banked while nobody asked for any. When a request arrives after
 *       {@code nextFreeNanos}, the idle time since then is converted into stored permits, up to
 *       {@code maxPermits}; stored permits are spent first and cost nothing;
 *   <li>{@code maxPermits}: the burst, {@code rate * maxBurst} (one second of permits by default).
 * </ul>
 * A request <em>reserves</em> its permits under the lock: it is told the moment it may start (the old
 * {@code nextFreeNanos}) and moves {@code nextFreeNanos} forward by its own cost. It then sleeps, without the lock,
 * until its start moment. So a request waits only for the debt left by <em>earlier</em> requests, never for its
 * own cost: a single large acquisition (say 5 GiB) is granted at once if the limiter is idle, and the request
 * after it pays. This is what makes the limiter usable for bytes read in small increments and for huge single
 * requests alike, and it is why Guava chose it: the rate is honoured over any window longer than one
 * request, and no caller ever waits for permits that a later caller might not even use.
 *
 * <p>{@link #tryAcquire(long, Duration)} asks whether the start moment lies within the timeout; if not, it
 * returns {@code false} without reserving anything (again only the earlier debt counts, not its own cost).
 *
 * <p>{@link #setRate(double)} first banks the idle time at the old rate, then scales the stored permits to the
 * new burst size. A debt already reserved is not re-priced: a thread sleeping at the moment of the change wakes
 * when it was told to, and the first request after the change starts at the old {@code nextFreeNanos}; the new
 * rate applies to everything reserved after the change.
 *
 * <h2>Time</h2>
 * Time comes from a {@link Ticker} (a {@link System#nanoTime()} source) and waiting is done by a {@link Sleeper};
 * tests pass fakes that advance virtual time when "sleeping". All arithmetic is done on the nanoseconds elapsed
 * since the limiter was created, so the ticker's origin may be anything (nanoTime may be negative), and every
 * addition saturates, so {@code acquire(Long.MAX_VALUE)} at one permit per second does not overflow; it makes
 * the next caller wait for a very long time, as it should.
 *
 * <h2>Interrupts</h2>
 * Zero permits are granted at once, even to an interrupted thread (whose flag is left alone). A thread
 * interrupted before it reserves gets {@link InterruptedException} and takes nothing. A thread interrupted while
 * it sleeps gets {@link InterruptedException}; its reservation stays (the permits count as used), exactly as
 * if it had been interrupted right after the call returned. The interrupt flag is cleared when the exception is
 * thrown, as with {@link Thread#sleep}.
 *
 * <p>Thread-safe. Permits are held as a {@code double}, so counts beyond 2<sup>53</sup> lose precision in the
 * last places, which is far below what any rate can express.
 */
public final class TokenBucketRateLimiter implements RateLimiter {

  /** A source of monotonic nanoseconds, as {@link System#nanoTime()}; the origin is arbitrary. */
  @FunctionalInterface
  public interface Ticker {
    long read();

    /** {@link System#nanoTime()}. */
    static Ticker system() {
      return System::nanoTime;
    }
  }

  /** Waits for a number of nanoseconds; must throw {@link InterruptedException} when the thread is interrupted. */
  @FunctionalInterface
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;

    /** {@link TimeUnit#sleep} (does nothing for {@code nanos <= 0}). */
    static Sleeper system() {
      return TimeUnit.NANOSECONDS::sleep;
    }
  }

  /** The burst used when none is given: one second of permits. */
  public static final Duration DEFAULT_MAX_BURST = Duration.ofSeconds(1);

  private static final double NANOS_PER_SECOND = 1e9;

  private final Ticker ticker;
  private final Sleeper sleeper;
  private final long origin;
  private final double maxBurstSeconds;
  private final Object lock = new Object();

  // all guarded by lock
  private double permitsPerSecond;
  private double intervalNanos; // nanos per permit; 0 when the rate is infinite
  private double maxPermits;
  private double storedPermits;
  private long nextFreeNanos; // elapsed since origin
  private double fractionNanos; // sub-nanosecond cost not yet added to nextFreeNanos (rates above 1e9/s)

  /** A limiter on the system clock with the default burst of one second. */
  public TokenBucketRateLimiter(double permitsPerSecond) {
    this(permitsPerSecond, DEFAULT_MAX_BURST, Ticker.system(), Sleeper.system());
  }

  /**
   * A limiter with an explicit burst and time seam.
   *
   * @param permitsPerSecond {@code > 0}; {@link Double#POSITIVE_INFINITY} never waits
   * @param maxBurst how much idle time may be banked as stored permits; {@link Duration#ZERO} for none
   * @param ticker the nanosecond clock; read once here to fix the origin
   * @param sleeper how to wait
   */
  public TokenBucketRateLimiter(double permitsPerSecond, Duration maxBurst, Ticker ticker, Sleeper sleeper) {
    checkRate(permitsPerSecond);
    Objects.requireNonNull(maxBurst, "maxBurst");
    if (maxBurst.isNegative()) {
      throw new IllegalArgumentException("maxBurst must be >= 0, was " + maxBurst);
    }
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.maxBurstSeconds = maxBurst.getSeconds() + maxBurst.getNano() / NANOS_PER_SECOND;
    this.origin = ticker.read();
    synchronized (lock) {
      applyRate(permitsPerSecond);
      this.storedPermits = 0; // a new limiter starts empty: its first request is free, the second pays
    }
  }

  @Override
  public void acquire(long permits) throws InterruptedException {
    checkPermits(permits);
    if (permits == 0) {
      return;
    }
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before acquiring " + permits + " permits");
    }
    long waitNanos;
    synchronized (lock) {
      long now = elapsed();
      waitNanos = Math.max(reserve(permits, now) - now, 0);
    }
    if (waitNanos > 0) {
      sleeper.sleepNanos(waitNanos);
    }
  }

  @Override
  public boolean tryAcquire(long permits, Duration timeout) throws InterruptedException {
    checkPermits(permits);
    long timeoutNanos = toNanosSaturated(Objects.requireNonNull(timeout, "timeout"));
    if (permits == 0) {
      return true;
    }
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before acquiring " + permits + " permits");
    }
    long waitNanos;
    synchronized (lock) {
      long now = elapsed();
      if (nextFreeNanos - now > timeoutNanos) { // both are elapsed-since-origin values >= 0: no overflow
        return false;
      }
      waitNanos = Math.max(reserve(permits, now) - now, 0);
    }
    if (waitNanos > 0) {
      sleeper.sleepNanos(waitNanos);
    }
    return true;
  }

  @Override
  public double rate() {
    synchronized (lock) {
      return permitsPerSecond;
    }
  }

  @Override
  public void setRate(double permitsPerSecond) {
    checkRate(permitsPerSecond);
    synchronized (lock) {
      resync(elapsed());
      double oldMax = maxPermits;
      applyRate(permitsPerSecond);
      if (oldMax == Double.POSITIVE_INFINITY) {
        storedPermits = maxPermits;
      } else if (oldMax == 0) {
        storedPermits = 0;
      } else {
        storedPermits = Math.min(maxPermits, storedPermits * maxPermits / oldMax);
      }
      if (Double.isNaN(storedPermits)) {
        storedPermits = maxPermits;
      }
    }
  }

  /** The burst this limiter banks at most. */
  public Duration maxBurst() {
    return Duration.ofNanos((long) (maxBurstSeconds * NANOS_PER_SECOND));
  }

  @Override
  public String toString() {
    return "TokenBucketRateLimiter[" + rate() + "/s, burst " + maxBurst() + "]";
  }

  // --- under lock ---

  private void applyRate(double rate) {
    this.permitsPerSecond = rate;
    this.intervalNanos = rate == Double.POSITIVE_INFINITY ? 0 : NANOS_PER_SECOND / rate;
    this.maxPermits = rate == Double.POSITIVE_INFINITY ? Double.POSITIVE_INFINITY : maxBurstSeconds * rate;
  }

  /** Banks the idle time between {@code nextFreeNanos} and {@code now} as stored permits. */
  private void resync(long now) {
    if (now > nextFreeNanos) {
      fractionNanos = 0;
      double fresh = intervalNanos == 0 ? Double.POSITIVE_INFINITY : (now - nextFreeNanos) / intervalNanos;
      storedPermits = Math.min(maxPermits, storedPermits + fresh);
      nextFreeNanos = now;
    }
  }

  /** Reserves permits; returns the elapsed moment at which the caller may proceed. */
  private long reserve(long permits, long now) {
    resync(now);
    long startAt = nextFreeNanos;
    double fromStore = Math.min(permits, storedPermits);
    double fresh = permits - fromStore;
    double costNanos = fresh * intervalNanos + fractionNanos;
    // a double above Long.MAX_VALUE casts to Long.MAX_VALUE; the fraction is carried, so that at more than
    // 1e9 permits per second many small acquisitions still add up to their true cost
    long wholeNanos = (long) costNanos;
    fractionNanos = costNanos < 0x1p62 ? costNanos - wholeNanos : 0;
    nextFreeNanos = saturatedAdd(nextFreeNanos, wholeNanos);
    storedPermits -= fromStore;
    return startAt;
  }

  private long elapsed() {
    return ticker.read() - origin;
  }

  // --- helpers ---

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return r < 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
    return r;
  }

  private static long toNanosSaturated(Duration d) {
    if (d.isNegative()) {
      return 0;
    }
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  private static void checkPermits(long permits) {
    if (permits < 0) {
      throw new IllegalArgumentException("permits must be >= 0, was " + permits);
    }
  }

  private static void checkRate(double permitsPerSecond) {
    if (!(permitsPerSecond > 0)) { // also rejects NaN
      throw new IllegalArgumentException(
          "rate must be > 0 permits per second, was " + permitsPerSecond
              + "; use RateLimiter.unlimited() for no limit");
    }
  }
}
