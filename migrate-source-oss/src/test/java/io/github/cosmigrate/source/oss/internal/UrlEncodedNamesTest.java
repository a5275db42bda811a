package io.github.cosmigrate.source.oss.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UrlEncodedNamesTest {
  @Test
  void onlyTheUrlEncodingTypeMeansEncoded() {
    assertThat(UrlEncodedNames.encoded("url")).isTrue();
    assertThat(UrlEncodedNames.encoded(" URL ")).isTrue();
    assertThat(UrlEncodedNames.encoded(null)).isFalse();
    assertThat(UrlEncodedNames.encoded("")).isFalse();
    assertThat(UrlEncodedNames.encoded("base64")).isFalse();
  }

  @Test
  void decodesSpacesPlusPercentAmpersandAndUnicode() {
    assertThat(UrlEncodedNames.decode("with%20space.txt", true)).isEqualTo("with space.txt");
    assertThat(UrlEncodedNames.decode("with+space.txt", true)).as("a space as '+', as S3 and OSS send it")
        .isEqualTo("with space.txt");
    assertThat(UrlEncodedNames.decode("plus%2Bsign.txt", true)).isEqualTo("plus+sign.txt");
    assertThat(UrlEncodedNames.decode("percent%2520literal.txt", true)).isEqualTo("percent%20literal.txt");
    assertThat(UrlEncodedNames.decode("percent%25.txt", true)).isEqualTo("percent%.txt");
    assertThat(UrlEncodedNames.decode("semi%3Bcolon%26amp%3Deq.txt", true)).isEqualTo("semi;colon&amp=eq.txt");
    assertThat(UrlEncodedNames.decode("dir/unicode-%E4%B8%AD%E6%96%87-%C3%A9.txt", true))
        .isEqualTo("dir/unicode-中文-é.txt");
    assertThat(UrlEncodedNames.decode("emoji-%F0%9F%98%80.txt", true)).isEqualTo("emoji-😀.txt");
    assertThat(UrlEncodedNames.decode("ctrl-%01-%0A.txt", true)).isEqualTo("ctrl-\u0001-\n.txt");
  }

  @Test
  void leavesNamesAloneWhenTheListingIsNotEncoded() {
    assertThat(UrlEncodedNames.decode("a+b %41.txt", false)).isEqualTo("a+b %41.txt");
    assertThat(UrlEncodedNames.decode("plain/key.txt", true)).isEqualTo("plain/key.txt");
    assertThat(UrlEncodedNames.decode(null, true)).isNull();
  }

  @Test
  void aMalformedEscapeIsRejected() {
    assertThatThrownBy(() -> UrlEncodedNames.decode("bad%zz", true)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UrlEncodedNames.decode("bad%2", true)).isInstanceOf(IllegalArgumentException.class);
  }
}
