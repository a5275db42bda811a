package io.github.cosmigrate.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void escapesQuotesBackslashesAndControlCharacters() {
    assertThat(Json.quote("a\"b\\c\nd\re\tf\u0000g\u001fh")).isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\u0000g\\u001fh\"");
  }

  @Test
  void keepsUnicodeButEscapesLoneSurrogatesAndLineSeparators() {
    assertThat(Json.quote("日本/😀")).isEqualTo("\"日本/😀\"");
    assertThat(Json.quote("x\ud800y")).isEqualTo("\"x\\ud800y\"");
    assertThat(Json.quote("a\u2028b")).isEqualTo("\"a\\u2028b\"");
  }

  @Test
  void writesOneFailureLine() {
    assertThat(Json.failureLine("k/1", "ACCESS_DENIED", "no", 3))
        .isEqualTo("{\"key\":\"k/1\",\"kind\":\"ACCESS_DENIED\",\"reason\":\"no\",\"attempts\":3}");
  }
}
