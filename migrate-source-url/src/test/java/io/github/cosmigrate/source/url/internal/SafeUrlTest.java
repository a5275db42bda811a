package io.github.cosmigrate.source.url.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class SafeUrlTest {
  @Test
  void parsesLenientlyAndDisplaysWithoutQueryOrFragment() {
    URI u = SafeUrl.parse("  HTTPS://Example.com:8443/a b/中文%2F100%.jpg?sig=abc#frag ");
    assertThat(u.getRawPath()).isEqualTo("/a%20b/%E4%B8%AD%E6%96%87%2F100%25.jpg");
    assertThat(u.getRawQuery()).isEqualTo("sig=abc");
    assertThat(u.getRawFragment()).isNull();
    assertThat(SafeUrl.display(u)).isEqualTo("https://Example.com:8443/a%20b/%E4%B8%AD%E6%96%87%2F100%25.jpg?…");
    assertThat(SafeUrl.decodedPath(u)).contains("/a b/中文/100%.jpg");
    assertThat(SafeUrl.hostAndPort(u)).isEqualTo("example.com:8443");
    assertThat(SafeUrl.hostAndPort(URI.create("https://h.example:443/x"))).isEqualTo("h.example");
  }

  @Test
  void refusesWhatCannotBeReadWithoutEchoingSecrets() {
    assertThatThrownBy(() -> SafeUrl.parse("https://u:pw@h/x?sig=s")).hasMessageContaining("user info")
        .hasMessageNotContaining("pw").hasMessageNotContaining("sig");
    assertThatThrownBy(() -> SafeUrl.parse("file:///etc/passwd")).hasMessageContaining("only http");
    assertThatThrownBy(() -> SafeUrl.parse("https:///x")).hasMessageContaining("no host");
    assertThat(SafeUrl.displayUnparsed("https://u:pw@h/x?sig=s")).isEqualTo("https://…@h/x?…");
    assertThat(SafeUrl.decodedPath(URI.create("https://h/%C3"))).isEmpty();
  }

  @Test
  void resolvesRelativeAndAbsoluteRedirects() {
    URI base = SafeUrl.parse("https://h/a/b?x=1");
    assertThat(SafeUrl.resolve(base, "c d").toString()).isEqualTo("https://h/a/c%20d");
    assertThat(SafeUrl.resolve(base, "/z?q=2").toString()).isEqualTo("https://h/z?q=2");
    assertThat(SafeUrl.resolve(base, "http://other/y").toString()).isEqualTo("http://other/y");
    assertThatThrownBy(() -> SafeUrl.resolve(base, "ftp://x/y")).hasMessageContaining("only http");
  }
}
