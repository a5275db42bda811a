package io.github.cosmigrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.cosmigrate.internal.ratelimit.ThrottledInputStream;
import io.github.cosmigrate.internal.ratelimit.TokenBucketRateLimiter;
import io.github.cosmigrate.testkit.fakes.FakeTicker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A stream throttled by the real token bucket on virtual time: the bytes arrive at the configured rate. */
class ThrottledInputStreamRateTest {

  @Test
  void readingAtAByteRateTakesBytesOverRateVirtualSeconds() throws IOException {
    FakeTicker ticker = new FakeTicker();
    TokenBucketRateLimiter limiter =
        new TokenBucketRateLimiter(256 * 1024, Duration.ZERO, ticker::read, ticker::sleepNanos);
    byte[] data = new byte[4 * 1024 * 1024 + 17];
    try (InputStream in = new ThrottledInputStream(new ByteArrayInputStream(data), limiter)) {
      assertThat(in.readAllBytes()).hasSize(data.length);
    }
    // pay later: the last chunk's cost is owed by the next reader, so the elapsed time is the cost of all the
    // bytes but the last chunk; every chunk is at most 64 KiB
    double all = data.length / (256.0 * 1024);
    assertThat(ticker.elapsedSeconds()).isBetween(all - 0.25 - 1e-6, all);
    assertThat(ticker.sleeps()).allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(250_000_000L));
  }

  @Test
  void aSlowerRateSetMidStreamSlowsTheRest() throws IOException {
    FakeTicker ticker = new FakeTicker();
    TokenBucketRateLimiter limiter =
        new TokenBucketRateLimiter(1024 * 1024, Duration.ZERO, ticker::read, ticker::sleepNanos);
    byte[] data = new byte[2 * 1024 * 1024];
    try (InputStream in = new ThrottledInputStream(new ByteArrayInputStream(data), limiter, 64 * 1024)) {
      byte[] buf = new byte[64 * 1024];
      int total = 0;
      while (total < 1024 * 1024) {
        total += in.read(buf);
      }
      double firstHalf = ticker.elapsedSeconds();
      limiter.setRate(512 * 1024);
      while (in.read(buf) > 0) {
        // drain in 64 KiB reads
      }
      // first MiB at 1 MiB/s (minus the last chunk, paid after), second MiB at 512 KiB/s (minus its last chunk)
      assertThat(firstHalf).isCloseTo(1.0 - 1.0 / 16, within(1e-6));
      assertThat(ticker.elapsedSeconds() - firstHalf).isCloseTo(1.0 / 16 + 2.0 - 2.0 / 16, within(1e-6));
    }
  }
}
