package io.github.cosmigrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.cosmigrate.internal.ratelimit.TokenBucketRateLimiter;
import io.github.cosmigrate.spi.RateLimiter;
import io.github.cosmigrate.testkit.fakes.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The kit against {@link TokenBucketRateLimiter}, plus the exact Guava-style schedule it promises. */
class TokenBucketRateLimiterContractTest extends AbstractRateLimiterContractTest {

  @Override
  protected RateLimiter createLimiter(double permitsPerSecond, FakeTicker ticker) {
    return limiter(permitsPerSecond, TokenBucketRateLimiter.DEFAULT_MAX_BURST, ticker);
  }

  private static TokenBucketRateLimiter limiter(double rate, Duration burst, FakeTicker ticker) {
    return new TokenBucketRateLimiter(rate, burst, ticker::read, ticker::sleepNanos);
  }

  @Test
  void sleepsFollowTheGuavaScheduleExactly() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    TokenBucketRateLimiter limiter = limiter(5, TokenBucketRateLimiter.DEFAULT_MAX_BURST, ticker);
    limiter.acquire(1); // free
    limiter.acquire(1); // 0.2 s
    limiter.acquire(3); // 0.2 s (pays the previous permit)
    limiter.acquire(1); // 0.6 s (pays the three)
    assertThat(ticker.sleeps()).containsExactly(200_000_000L, 200_000_000L, 600_000_000L);
  }

  @Test
  void aDebtReservedBeforeSetRateIsNotRepriced() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    TokenBucketRateLimiter limiter = limiter(1, TokenBucketRateLimiter.DEFAULT_MAX_BURST, ticker);
    limiter.acquire(1);
    limiter.acquire(1); // sleeps 1 s
    limiter.setRate(10);
    limiter.acquire(1); // still 1 s: the permit before was priced at 1/s
    limiter.acquire(1); // 0.1 s
    assertThat(ticker.sleeps()).containsExactly(1_000_000_000L, 1_000_000_000L, 100_000_000L);
  }

  @Test
  void setRateScalesTheStoredPermits() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    TokenBucketRateLimiter limiter = limiter(10, TokenBucketRateLimiter.DEFAULT_MAX_BURST, ticker);
    ticker.advance(Duration.ofSeconds(5)); // banks the full burst: 10 permits
    limiter.setRate(20); // burst now 20 permits; the full bucket stays full
    for (int i = 0; i < 21; i++) {
      limiter.acquire(1); // 20 stored + 1 pay-later: none of them waits
    }
    assertThat(ticker.elapsedNanos()).isEqualTo(5_000_000_000L);
    limiter.acquire(1);
    assertThat(ticker.sleeps()).containsExactly(50_000_000L);
  }

  @Test
  void aZeroBurstBanksNothing() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    TokenBucketRateLimiter limiter = limiter(10, Duration.ZERO, ticker);
    limiter.acquire(1);
    ticker.advance(Duration.ofSeconds(100));
    limiter.acquire(1);
    limiter.acquire(1);
    assertThat(ticker.sleeps()).containsExactly(100_000_000L);
  }

  @Test
  void aLongerBurstBanksMore() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    TokenBucketRateLimiter limiter = limiter(10, Duration.ofSeconds(3), ticker);
    assertThat(limiter.maxBurst()).isEqualTo(Duration.ofSeconds(3));
    ticker.advance(Duration.ofSeconds(100));
    for (int i = 0; i < 31; i++) {
      limiter.acquire(1);
    }
    assertThat(ticker.sleeps()).isEmpty();
    limiter.acquire(1);
    assertThat(ticker.sleeps()).containsExactly(100_000_000L);
  }

  @Test
  void anInterruptBeforeReservingTakesNothing() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    TokenBucketRateLimiter limiter = limiter(1, TokenBucketRateLimiter.DEFAULT_MAX_BURST, ticker);
    limiter.acquire(1);
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> limiter.acquire(1_000)).isInstanceOf(InterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).as("the flag is cleared, as by Thread.sleep").isFalse();
    limiter.acquire(1);
    assertThat(ticker.sleeps()).containsExactly(1_000_000_000L);
  }

  @Test
  void zeroPermitsAreGrantedEvenToAnInterruptedThreadAndTheFlagStays() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    TokenBucketRateLimiter limiter = limiter(1, TokenBucketRateLimiter.DEFAULT_MAX_BURST, ticker);
    limiter.acquire(10);
    Thread.currentThread().interrupt();
    try {
      limiter.acquire(0);
      assertThat(limiter.tryAcquire(0, Duration.ZERO)).isTrue();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void anInfiniteRateNeverWaitsAndCanBeLoweredAgain() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    TokenBucketRateLimiter limiter = limiter(10, TokenBucketRateLimiter.DEFAULT_MAX_BURST, ticker);
    limiter.setRate(Double.POSITIVE_INFINITY);
    for (int i = 0; i < 1000; i++) {
      limiter.acquire(1_000_000);
    }
    assertThat(ticker.elapsedNanos()).isZero();
    limiter.setRate(2);
    assertThat(limiter.rate()).isEqualTo(2.0);
    for (int i = 0; i < 5; i++) {
      limiter.acquire(1); // 2 stored (bucket full) + 1 pay-later, then 2 x 0.5 s
    }
    assertThat(ticker.elapsedSeconds()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void subNanosecondCostsAddUpAtVeryHighRates() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    TokenBucketRateLimiter limiter = limiter(4e9, Duration.ZERO, ticker); // 0.25 ns per permit
    for (int i = 0; i < 4_001; i++) {
      limiter.acquire(1);
    }
    assertThat(ticker.elapsedNanos()).as("4000 permits at 4e9/s cost 1000 ns").isEqualTo(1_000L);
  }

  @Test
  void rejectsBadConstruction() {
    FakeTicker ticker = new FakeTicker();
    assertThatThrownBy(() -> limiter(0, Duration.ofSeconds(1), ticker))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rate must be > 0");
    assertThatThrownBy(() -> limiter(1, Duration.ofSeconds(-1), ticker))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBurst");
    assertThatThrownBy(() -> new TokenBucketRateLimiter(1, Duration.ZERO, null, ticker::sleepNanos))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void toStringNamesRateAndBurst() {
    assertThat(limiter(3, Duration.ofSeconds(2), new FakeTicker()).toString())
        .contains("3.0/s").contains("PT2S");
  }
}
