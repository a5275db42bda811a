package io.github.cosmigrate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.spi.RateLimiter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitersTest {

  @Test
  void factoriesReportTheirRate() {
    assertThat(RateLimiters.perSecond(2.5).rate()).isEqualTo(2.5);
    assertThat(RateLimiters.bytesPerSecond(1 << 20).rate()).isEqualTo(1 << 20);
    assertThat(RateLimiters.perSecond(10, Duration.ZERO).rate()).isEqualTo(10);
    assertThat(RateLimiters.unlimited().rate()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(RateLimiters.unlimited()).isSameAs(RateLimiter.unlimited());
  }

  @Test
  void rejectsNonPositiveRates() {
    assertThatThrownBy(() -> RateLimiters.perSecond(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unlimited");
    assertThatThrownBy(() -> RateLimiters.perSecond(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateLimiters.bytesPerSecond(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bandwidth");
    assertThatThrownBy(() -> RateLimiters.perSecond(1, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFreshLimiterGrantsTheFirstRequestAtOnce() throws InterruptedException {
    RateLimiter limiter = RateLimiters.perSecond(0.001); // one permit per 1000 s
    assertThat(limiter.tryAcquire(1, Duration.ZERO)).isTrue();
    assertThat(limiter.tryAcquire(1, Duration.ZERO)).isFalse();
  }
}
