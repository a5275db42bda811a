package io.github.cosmigrate.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void writesOneFailureLine() {
    assertThat(Json.failureLine("k/1", "ACCESS_DENIED", "no", 3))
        .isEqualTo("{\"key\":\"k/1\",\"kind\":\"ACCESS_DENIED\",\"reason\":\"no\",\"attempts\":3}");
  }
}
