package io.github.cosmigrate.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShareTest {
  @Test
  void theRequestLimitIsSplitInProportionWithAtLeastOneEach() {
    assertThat(RequestLimits.share(40, 32, 40)).isEqualTo(32);
    assertThat(RequestLimits.share(40, 8, 40)).isEqualTo(8);
    assertThat(RequestLimits.share(20, 32, 40)).isEqualTo(16);
    assertThat(RequestLimits.share(20, 8, 40)).isEqualTo(4);
    assertThat(RequestLimits.share(1, 32, 40)).isEqualTo(1);
    assertThat(RequestLimits.share(1, 8, 40)).isEqualTo(1);
  }
}
