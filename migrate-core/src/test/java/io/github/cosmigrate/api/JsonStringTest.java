package io.github.cosmigrate.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonStringTest {
  @Test
  void escapesQuotesBackslashesAndControlCharacters() {
    assertThat(JsonString.quote("a\"b\\c\nd\re\tf\u0000g\u001fh")).isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\u0000g\\u001fh\"");
  }

  @Test
  void keepsUnicodeButEscapesLoneSurrogatesAndLineSeparators() {
    assertThat(JsonString.quote("日本/😀")).isEqualTo("\"日本/😀\"");
    assertThat(JsonString.quote("x\ud800y")).isEqualTo("\"x\\ud800y\"");
    assertThat(JsonString.quote("a\u2028b")).isEqualTo("\"a\\u2028b\"");
  }
}
