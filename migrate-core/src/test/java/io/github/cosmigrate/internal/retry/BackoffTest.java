package io.github.cosmigrate.internal.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void theCeilingDoublesPerRetryUpToTheMaximum() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), bound -> bound);
    assertThat(b.delay(1, Optional.empty())).isEqualTo(Duration.ofMillis(100));
    assertThat(b.delay(2, Optional.empty())).isEqualTo(Duration.ofMillis(200));
    assertThat(b.delay(4, Optional.empty())).isEqualTo(Duration.ofMillis(800));
    assertThat(b.delay(5, Optional.empty())).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.delay(500, Optional.empty())).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void fullJitterDrawsFromZeroToTheCeiling() {
    Backoff low = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), bound -> 0);
    assertThat(low.delay(3, Optional.empty())).isZero();
    Backoff real = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    for (int i = 0; i < 1000; i++) {
      assertThat(real.delay(3, Optional.empty())).isBetween(Duration.ZERO, Duration.ofMillis(400));
    }
  }

  @Test
  void retryAfterIsAFloor() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), bound -> 0);
    assertThat(b.delay(1, Optional.of(Duration.ofSeconds(3)))).isEqualTo(Duration.ofSeconds(3));
  }
}
