package io.github.cosmigrate.source.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.provider.InvalidSettingsException;
import io.github.cosmigrate.spi.provider.PluginProvider;
import io.github.cosmigrate.testkit.AbstractProviderContractTest;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OssSourceProviderTest extends AbstractProviderContractTest<Source> {
  private static final Map<String, String> ENV = Map.of("OSS_ACCESS_KEY_ID", "LTAIfromEnvironment01",
      "OSS_ACCESS_KEY_SECRET", "secretFromEnvironment01", "OSS_SESSION_TOKEN", "tokenFromEnvironment01");

  @Override
  protected PluginProvider<Source> provider() {
    return new OssSourceProvider(ENV::get);
  }

  @Override
  protected Map<String, String> requiredSettings(Path dir) {
    return Map.of("bucket", "photos", "endpoint", "oss-cn-hangzhou.aliyuncs.com");
  }

  @Override
  protected Map<String, String> allSettings(Path dir) {
    Map<String, String> m = new HashMap<>(requiredSettings(dir));
    m.putAll(Map.of("endpoint", "http://127.0.0.1:9000", "prefix", "backup/2026", "path-style", "true",
        "access-key-id", "LTAIgivenAccessKey01", "access-key-secret", "givenSecretValue0001",
        "security-token", "givenSessionToken01", "page-size", "250", "max-connections", "64",
        "connect-timeout", "3s"));
    m.put("socket-timeout", "2m");
    return m;
  }

  @Test
  void everySettingReachesTheConfig() {
    OssSourceProvider p = new OssSourceProvider(ENV::get);
    OssSourceConfig c = p.config(p.bind(allSettings(dir)));
    assertThat(c.bucket()).isEqualTo("photos");
    assertThat(c.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(c.plainHttp()).isTrue();
    assertThat(c.pathStyle()).isTrue();
    assertThat(c.prefix()).isEqualTo("backup/2026/");
    assertThat(c.credentials().credentials()).isEqualTo(OssCredentials.temporary("LTAIgivenAccessKey01",
        "givenSecretValue0001", "givenSessionToken01"));
    assertThat(c.pageSize()).isEqualTo(250);
    assertThat(c.maxConnections()).isEqualTo(64);
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.socketTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.toString()).doesNotContain("LTAIgivenAccessKey01", "givenSecretValue0001", "givenSessionToken01");
  }

  @Test
  void aBareHostMeansHttpsAndVirtualHostStyleAndCredentialsFallBackToTheEnvironment() {
    OssSourceProvider p = new OssSourceProvider(ENV::get);
    OssSourceConfig c = p.config(p.bind(requiredSettings(dir)));
    assertThat(c.endpoint()).isEqualTo(URI.create("https://oss-cn-hangzhou.aliyuncs.com"));
    assertThat(c.plainHttp()).isFalse();
    assertThat(c.pathStyle()).isFalse();
    assertThat(c.prefix()).isEmpty();
    assertThat(c.pageSize()).isEqualTo(1000);
    assertThat(c.credentials().credentials()).isEqualTo(OssCredentials.temporary("LTAIfromEnvironment01",
        "secretFromEnvironment01", "tokenFromEnvironment01"));
    OssSourceProvider permanent = new OssSourceProvider(Map.of("OSS_ACCESS_KEY_ID", "LTAIfromEnvironment01",
        "OSS_ACCESS_KEY_SECRET", "secretFromEnvironment01")::get);
    assertThat(permanent.config(permanent.bind(requiredSettings(dir))).credentials().credentials().securityToken())
        .isEqualTo(Optional.empty());
  }

  @Test
  void noCredentialsAnywhereNamesTheSettingAndTheVariables() {
    OssSourceProvider p = new OssSourceProvider(name -> null);
    assertThatThrownBy(() -> p.build(requiredSettings(dir)))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("setting 'access-key-id' of source 'oss' is required")
        .hasMessageContaining("OSS_ACCESS_KEY_ID");
    Map<String, String> onlyId = new HashMap<>(requiredSettings(dir));
    onlyId.put("access-key-id", "LTAIonlyTheId0001");
    assertThatThrownBy(() -> p.build(onlyId))
        .hasMessageContaining("setting 'access-key-secret' of source 'oss' is required")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("LTAIonlyTheId0001"));
  }

  @Test
  void aBadValueNamesItsOwnSetting() {
    for (Map.Entry<String, String> bad : Map.of("bucket", "Photos_Bucket", "endpoint", "ftp://oss.example.com",
        "prefix", "/rooted").entrySet()) {
      Map<String, String> m = new HashMap<>(requiredSettings(dir));
      m.put(bad.getKey(), bad.getValue());
      assertThatThrownBy(() -> provider().build(m)).as(bad.getKey())
          .isInstanceOfSatisfying(InvalidSettingsException.class,
              e -> assertThat(e.setting()).hasValue(bad.getKey()))
          .hasMessageContaining("source 'oss'").hasMessageContaining(bad.getValue());
    }
    Map<String, String> withPath = new HashMap<>(requiredSettings(dir));
    withPath.put("endpoint", "https://oss-cn-hangzhou.aliyuncs.com/photos");
    assertThatThrownBy(() -> provider().build(withPath)).isInstanceOfSatisfying(InvalidSettingsException.class,
        e -> assertThat(e.setting()).hasValue("endpoint"));
  }
}
