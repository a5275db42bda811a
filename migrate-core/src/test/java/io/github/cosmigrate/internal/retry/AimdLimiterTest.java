package io.github.cosmigrate.internal.retry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AimdLimiterTest {
  @Test
  void halvesOnThrottlingDownToOneAndClimbsBackByOnePerWindow() {
    AimdLimiter a = new AimdLimiter(10, 3);
    assertThat(a.limit()).isEqualTo(10);
    assertThat(a.onThrottled()).isEqualTo(5);
    assertThat(a.onThrottled()).isEqualTo(2);
    assertThat(a.onThrottled()).isEqualTo(1);
    assertThat(a.onThrottled()).isEqualTo(1);
    assertThat(a.lowest()).isEqualTo(1);
    assertThat(a.onSuccess()).isFalse();
    assertThat(a.onSuccess()).isFalse();
    assertThat(a.onSuccess()).isTrue();
    assertThat(a.limit()).isEqualTo(2);
    for (int i = 0; i < 100; i++) {
      a.onSuccess();
    }
    assertThat(a.limit()).isEqualTo(10);
    assertThat(a.onSuccess()).isFalse();
  }

  @Test
  void aThrottleResetsTheSuccessWindow() {
    AimdLimiter a = new AimdLimiter(8, 2);
    a.onThrottled();
    a.onSuccess();
    a.onThrottled();
    assertThat(a.limit()).isEqualTo(2);
    assertThat(a.onSuccess()).isFalse();
    assertThat(a.onSuccess()).isTrue();
    assertThat(a.limit()).isEqualTo(3);
  }
}
