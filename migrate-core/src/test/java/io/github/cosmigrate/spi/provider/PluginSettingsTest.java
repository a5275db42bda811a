package io.github.cosmigrate.spi.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.api.Plugins;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginSettingsTest {
  private static final List<SettingSpec> SPECS = List.of(
      SettingSpec.required("bucket", "the bucket"),
      SettingSpec.withDefault("page-size", "1000", "entries per page"),
      SettingSpec.optional("timeout", "a timeout"),
      SettingSpec.optional("exclude", "paths to leave out"),
      SettingSpec.optional("endpoint", "an endpoint URL"),
      SettingSpec.optional("secret-key", "the key").asSecret());

  private static PluginSettings bind(Map<String, String> m) {
    return PluginSettings.bind("source 's3'", SPECS, m);
  }

  @Test
  void fillsDefaultsAndParsesTypedValues() {
    PluginSettings s = bind(Map.of("bucket", " b ", "timeout", "1500ms", "exclude", "a/\n\n  b/ \r\nc"));
    assertThat(s.require("bucket")).isEqualTo("b");
    assertThat(s.positiveInt("page-size")).isEqualTo(1000);
    assertThat(s.duration("timeout")).isEqualTo(Duration.ofMillis(1500));
    assertThat(s.list("exclude")).containsExactly("a/", "b/", "c");
    assertThat(bind(Map.of("bucket", "b", "timeout", "PT2M")).duration("timeout")).isEqualTo(Duration.ofMinutes(2));
    assertThat(bind(Map.of("bucket", "b", "timeout", "7")).duration("timeout")).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void errorsNameTheSettingAndThePlugin() {
    assertThatThrownBy(() -> bind(Map.of()))
        .hasMessageStartingWith("setting 'bucket' of source 's3' is required");
    assertThatThrownBy(() -> bind(Map.of("bucket", "b", "page-size", "x")).positiveInt("page-size"))
        .hasMessage("setting 'page-size' of source 's3' must be a positive integer, was 'x'");
    assertThatThrownBy(() -> bind(Map.of("bucket", "b", "timeout", "soon")).duration("timeout"))
        .hasMessageContaining("'timeout'").hasMessageContaining("'soon'");
    assertThatThrownBy(() -> bind(Map.of("bucket", "b", "buckte", "c")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessage("setting 'buckte' of source 's3' is unknown (known settings: bucket, endpoint, exclude,"
            + " page-size, secret-key, timeout)");
  }

  @Test
  void aBareHostNameIsHttpsAndPlainHttpOnlyWhenGiven() {
    assertThat(bind(Map.of("bucket", "b", "endpoint", "cos.example.com")).httpUrl("endpoint"))
        .hasValue(java.net.URI.create("https://cos.example.com"));
    assertThat(bind(Map.of("bucket", "b", "endpoint", "127.0.0.1:9000")).httpUrl("endpoint"))
        .hasValue(java.net.URI.create("https://127.0.0.1:9000"));
    assertThat(bind(Map.of("bucket", "b", "endpoint", "http://127.0.0.1:9000")).httpUrl("endpoint"))
        .hasValue(java.net.URI.create("http://127.0.0.1:9000"));
    assertThatThrownBy(() -> bind(Map.of("bucket", "b", "endpoint", "ftp://example.com")).httpUrl("endpoint"))
        .hasMessageContaining("'endpoint'").hasMessageContaining("http:// or https://");
  }

  @Test
  void secretsNeverPrint() {
    PluginSettings s = bind(Map.of("bucket", "b", "secret-key", "hunter2hunter2"));
    assertThat(s.toString()).doesNotContain("hunter2").contains("secret-key=***");
    assertThat(s.redacted()).containsEntry("secret-key", "***");
    assertThat(s.values()).containsEntry("secret-key", "hunter2hunter2");
    assertThatThrownBy(() -> s.positiveInt("secret-key")).hasMessageNotContaining("hunter2")
        .hasMessageContaining("'***'");
  }

  @Test
  void anUnknownTypeListsTheAvailableOnes() {
    assertThatThrownBy(() -> Plugins.sourceProvider("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no source of type 'nope' (available: ");
  }
}
