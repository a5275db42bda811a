package io.github.cosmigrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.cosmigrate.spi.RateLimiter;
import io.github.cosmigrate.testkit.fakes.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance kit every {@link RateLimiter} implementation passes. A subclass supplies a limiter built on a
 * {@link FakeTicker}; all assertions are on <em>virtual</em> time, so the kit is deterministic and fast.
 *
 * <h2>What the kit expects of the limiter</h2>
 * <ul>
 *   <li>Its only clock is {@link FakeTicker#read()} and its only way to wait is {@link FakeTicker#sleepNanos};
 *   <li>a new limiter has no stored permits and no debt: its first acquisition is granted at once;
 *   <li>"pay later" semantics: a request waits only for the debt of earlier requests, then adds its own cost
 *       ({@code permits / rate} seconds) to the debt;
 *   <li>idle time is banked as permits, up to at most one second of permits (the default burst);
 *   <li>{@code tryAcquire} returns {@code false} without taking anything if it would wait longer than its timeout;
 *   <li>interrupts end a wait with {@link InterruptedException};
 *   <li>permits are {@code long}, with no overflow even at {@link Long#MAX_VALUE}.
 * </ul>
 * Virtual times are compared with a tolerance of one millisecond to allow for rounding.
 *
 * <pre>{@code
 * class MyLimiterContractTest extends AbstractRateLimiterContractTest {
 *   protected RateLimiter createLimiter(double rate, FakeTicker ticker) {
 *     return new MyLimiter(rate, ticker::read, ticker::sleepNanos);
 *   }
 * }
 * }</pre>
 */
public abstract class AbstractRateLimiterContractTest {

  private static final Offset<Double> EPS = within(1e-3);

  /**
   * A new limiter of {@code permitsPerSecond} with the default burst, reading time from {@code ticker::read} and
   * waiting only through {@code ticker::sleepNanos}.
   */
  protected abstract RateLimiter createLimiter(double permitsPerSecond, FakeTicker ticker);

  @AfterEach
  void clearInterruptFlag() {
    Thread.interrupted(); // never leak an interrupt into the next test
  }

  @Test
  public void firstAcquireIsImmediate() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    RateLimiter limiter = createLimiter(1, ticker);
    limiter.acquire(1);
    assertThat(ticker.elapsedNanos()).isZero();

    FakeTicker ticker2 = new FakeTicker();
    createLimiter(1, ticker2).acquire(1_000);
    assertThat(ticker2.elapsedNanos()).as("a large first request is not stalled by its own cost").isZero();
  }

  @Test
  public void acquiringAtRateRTakesNOverRSeconds() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    RateLimiter limiter = createLimiter(10, ticker);
    for (int i = 0; i < 21; i++) {
      limiter.acquire(1);
    }
    // the first is free, the other 20 wait 1/10 s each
    assertThat(ticker.elapsedSeconds()).isCloseTo(2.0, EPS);

    FakeTicker slow = new FakeTicker();
    RateLimiter half = createLimiter(0.5, slow);
    for (int i = 0; i < 3; i++) {
      half.acquire(1);
    }
    assertThat(slow.elapsedSeconds()).isCloseTo(4.0, EPS);
  }

  @Test
  public void multiPermitAcquisitionsCostPermitsOverRate() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    RateLimiter limiter = createLimiter(1000, ticker); // e.g. bytes per second
    for (int i = 0; i < 11; i++) {
      limiter.acquire(250);
    }
    assertThat(ticker.elapsedSeconds()).isCloseTo(10 * 0.25, EPS);
  }

  @Test
  public void worksWhenTheClockOriginIsNegative() throws InterruptedException {
    FakeTicker ticker = new FakeTicker(Long.MIN_VALUE / 2);
    RateLimiter limiter = createLimiter(4, ticker);
    for (int i = 0; i < 9; i++) {
      limiter.acquire(1);
    }
    assertThat(ticker.elapsedSeconds()).isCloseTo(2.0, EPS);
  }

  @Test
  public void payLaterBigAcquireIsGrantedAtOnceAndTheNextCallerWaits() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    RateLimiter limiter = createLimiter(10, ticker);
    limiter.acquire(100);
    assertThat(ticker.elapsedNanos()).isZero();
    limiter.acquire(1);
    assertThat(ticker.elapsedSeconds()).as("the next caller pays 100 permits at 10/s").isCloseTo(10.0, EPS);
    limiter.acquire(1);
    assertThat(ticker.elapsedSeconds()).isCloseTo(10.1, EPS);
  }

  @Test
  public void tryAcquireThatWouldWaitTooLongReturnsFalseAndTakesNothing() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    RateLimiter limiter = createLimiter(1, ticker);
    limiter.acquire(1); // debt: 1 s
    assertThat(limiter.tryAcquire(1, Duration.ofMillis(500))).isFalse();
    assertThat(limiter.tryAcquire(1, Duration.ZERO)).isFalse();
    assertThat(limiter.tryAcquire(1_000_000, Duration.ofMillis(999))).isFalse();
    assertThat(ticker.elapsedNanos()).as("a refused tryAcquire does not sleep").isZero();

    assertThat(limiter.tryAcquire(1, Duration.ofSeconds(1))).isTrue();
    assertThat(ticker.elapsedSeconds()).isCloseTo(1.0, EPS);
    limiter.acquire(1);
    assertThat(ticker.elapsedSeconds()).as("the refused calls took no permits").isCloseTo(2.0, EPS);
  }

  @Test
  public void tryAcquireOnAnIdleLimiterSucceedsAtOnce() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    RateLimiter limiter = createLimiter(2, ticker);
    assertThat(limiter.tryAcquire(5, Duration.ZERO)).isTrue();
    assertThat(ticker.elapsedNanos()).isZero();
    assertThat(limiter.tryAcquire(1, Duration.ofDays(365))).isTrue();
    assertThat(ticker.elapsedSeconds()).isCloseTo(2.5, EPS);
    assertThat(limiter.tryAcquire(1, Duration.ofSeconds(-5))).as("a negative timeout means no wait").isFalse();
  }

  @Test
  public void zeroPermitsReturnAtOnceAndTakeNothing() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    RateLimiter limiter = createLimiter(1, ticker);
    limiter.acquire(1_000); // debt: 1000 s
    limiter.acquire(0);
    assertThat(limiter.tryAcquire(0, Duration.ZERO)).isTrue();
    assertThat(ticker.elapsedNanos()).isZero();
    limiter.acquire(1);
    assertThat(ticker.elapsedSeconds()).isCloseTo(1_000.0, EPS);
  }

  @Test
  public void negativePermitsAreRejected() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    RateLimiter limiter = createLimiter(1, ticker);
    assertThatThrownBy(() -> limiter.acquire(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limiter.tryAcquire(-1, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limiter.acquire(Long.MIN_VALUE)).isInstanceOf(IllegalArgumentException.class);
    limiter.acquire(1);
    assertThat(ticker.elapsedNanos()).as("rejected calls left no debt").isZero();
  }

  @Test
  public void rateIsReportedAndSetRateTakesEffect() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    RateLimiter limiter = createLimiter(1, ticker);
    assertThat(limiter.rate()).isEqualTo(1.0);
    limiter.acquire(1); // debt: 1 s at the old rate
    limiter.setRate(100);
    assertThat(limiter.rate()).isEqualTo(100.0);
    for (int i = 0; i < 101; i++) {
      limiter.acquire(1);
    }
    // 100 permits at 100/s take 1 s; the 1 s of debt from before the change may or may not be re-priced.
    // At the old rate this would have taken 101 s.
    assertThat(ticker.elapsedSeconds()).isBetween(1.0 - 1e-3, 2.0 + 1e-3);

    double before = ticker.elapsedSeconds();
    limiter.setRate(0.5);
    limiter.acquire(1);
    limiter.acquire(1);
    limiter.acquire(1);
    // the last two are priced at 2 s each
    assertThat(ticker.elapsedSeconds() - before).isBetween(4.0 - 1e-3, 4.01 + 1e-3);
  }

  @Test
  public void setRateRejectsNonPositiveRates() {
    RateLimiter limiter = createLimiter(1, new FakeTicker());
    assertThatThrownBy(() -> limiter.setRate(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limiter.setRate(-3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limiter.setRate(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThat(limiter.rate()).isEqualTo(1.0);
  }

  @Test
  public void interruptedAcquireThrowsInterruptedException() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    RateLimiter limiter = createLimiter(1, ticker);
    limiter.acquire(1); // the next one has to wait
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> limiter.acquire(1)).isInstanceOf(InterruptedException.class);
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> limiter.tryAcquire(1, Duration.ofSeconds(10)))
        .isInstanceOf(InterruptedException.class);
    Thread.interrupted();
    // still usable afterwards
    assertThat(limiter.tryAcquire(1, Duration.ofSeconds(10))).isTrue();
  }

  @Test
  public void anAcquireBlockedInASleepEndsWhenAnotherThreadInterruptsIt() throws Exception {
    FakeTicker ticker = new FakeTicker();
    CountDownLatch sleeping = new CountDownLatch(1);
    ticker.onSleep(
        nanos -> {
          sleeping.countDown();
          new CountDownLatch(1).await(); // blocks until interrupted
        });
    RateLimiter limiter = createLimiter(1, ticker);
    limiter.acquire(1); // the next one has to wait
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                limiter.acquire(1);
                outcome.set(new AssertionError("acquire returned although interrupted"));
              } catch (Throwable t) {
                outcome.set(t);
              }
            },
            "rate-limiter-kit-waiter");
    waiter.start();
    assertThat(sleeping.await(30, TimeUnit.SECONDS)).as("the waiter reached its sleep").isTrue();
    waiter.interrupt();
    waiter.join(30_000);
    assertThat(waiter.isAlive()).isFalse();
    assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
  }

  @Test
  public void permitsBeyondIntegerMaxValue() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    RateLimiter limiter = createLimiter(1e9, ticker); // 1 GB/s
    limiter.acquire(5_000_000_000L);
    assertThat(ticker.elapsedNanos()).isZero();
    limiter.acquire(1);
    assertThat(ticker.elapsedSeconds()).isCloseTo(5.0, EPS);

    FakeTicker ticker2 = new FakeTicker();
    RateLimiter slow = createLimiter(1, ticker2);
    slow.acquire(Long.MAX_VALUE);
    assertThat(ticker2.elapsedNanos()).isZero();
    assertThat(slow.tryAcquire(1, Duration.ofDays(365 * 100))).as("no overflow into the past").isFalse();
    assertThat(slow.tryAcquire(Long.MAX_VALUE, Duration.ofSeconds(Long.MAX_VALUE))).isTrue();
  }

  @Test
  public void idleTimeIsBankedAsABurstOfAtMostOneSecond() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    RateLimiter limiter = createLimiter(10, ticker);
    limiter.acquire(1);
    ticker.advance(Duration.ofSeconds(100));
    long t0 = ticker.elapsedNanos();
    for (int i = 0; i < 10; i++) {
      limiter.acquire(1);
    }
    assertThat((ticker.elapsedNanos() - t0) / 1e9).as("banked permits are spent without waiting")
        .isLessThanOrEqualTo(0.1 + 1e-3);
    for (int i = 0; i < 20; i++) {
      limiter.acquire(1);
    }
    // 30 permits after the idle time: at most 10 banked, 1 free by pay-later, 19 at 1/10 s each
    assertThat((ticker.elapsedNanos() - t0) / 1e9).as("100 s of idle time banks at most 1 s of permits")
        .isBetween(1.9 - 1e-3, 3.0 + 1e-3);
  }

  @Test
  public void concurrentTryAcquireGrantsExactlyOneWhenTheRateIsTiny() throws Exception {
    FakeTicker ticker = new FakeTicker();
    RateLimiter limiter = createLimiter(0.001, ticker); // one permit per 1000 s
    int threads = 4;
    AtomicInteger granted = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < 250; i++) {
                    if (limiter.tryAcquire(1, Duration.ZERO)) {
                      granted.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(granted.get()).isEqualTo(1);
    assertThat(ticker.elapsedNanos()).isZero();
  }
}
