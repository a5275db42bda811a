package io.github.cosmigrate.source.s3;

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
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class S3SourceProviderTest extends AbstractProviderContractTest<Source> {

  @Override
  protected PluginProvider<Source> provider() {
    return new S3SourceProvider();
  }

  @Override
  protected Map<String, String> requiredSettings(Path dir) {
    return Map.of("bucket", "my-s3-bucket");
  }

  @Override
  protected Map<String, String> allSettings(Path dir) {
    Map<String, String> m = new HashMap<>(requiredSettings(dir));
    m.putAll(Map.of("prefix", "photos/2026/", "region", "us-west-2", "endpoint", "http://127.0.0.1:9000",
        "path-style", "true", "access-key-id", "AKIAgivenAccessKey01", "secret-access-key", "givenSecretValue0001",
        "session-token", "givenSessionToken01", "page-size", "250", "max-connections", "64"));
    m.putAll(Map.of("connect-timeout", "3s", "socket-timeout", "2m"));
    return m;
  }

  @Test
  void everySettingReachesTheConfig() {
    S3SourceProvider p = new S3SourceProvider();
    S3SourceConfig c = p.config(p.bind(allSettings(dir)));
    assertThat(c.bucket()).isEqualTo("my-s3-bucket");
    assertThat(c.prefix()).isEqualTo("photos/2026/");
    assertThat(c.region()).hasValue("us-west-2");
    assertThat(c.endpoint()).hasValue(URI.create("http://127.0.0.1:9000"));
    assertThat(c.pathStyle()).isTrue();
    assertThat(c.credentials()).hasValueSatisfying(cp -> assertThat(cp.resolveCredentials())
        .isInstanceOfSatisfying(AwsSessionCredentials.class, k -> {
          assertThat(k.accessKeyId()).isEqualTo("AKIAgivenAccessKey01");
          assertThat(k.secretAccessKey()).isEqualTo("givenSecretValue0001");
          assertThat(k.sessionToken()).isEqualTo("givenSessionToken01");
        }));
    assertThat(c.pageSize()).isEqualTo(250);
    assertThat(c.maxConnections()).isEqualTo(64);
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.socketTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.toString()).doesNotContain("AKIAgivenAccessKey01", "givenSecretValue0001", "givenSessionToken01");
  }

  @Test
  void withoutKeysTheSdkDefaultChainIsUsed() {
    S3SourceProvider p = new S3SourceProvider();
    S3SourceConfig c = p.config(p.bind(requiredSettings(dir)));
    assertThat(c.credentials()).isEmpty();
    assertThat(c.region()).isEmpty();
    assertThat(c.endpoint()).isEmpty();
    assertThat(c.pathStyle()).isFalse();
  }

  @Test
  void halfAKeyPairOrATokenAloneIsNamed() {
    Map<String, String> onlyId = new HashMap<>(requiredSettings(dir));
    onlyId.put("access-key-id", "AKIAonlyTheId0001");
    assertThatThrownBy(() -> provider().build(onlyId)).isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("setting 'secret-access-key' of source 's3'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("AKIAonlyTheId0001"));
    Map<String, String> onlyToken = new HashMap<>(requiredSettings(dir));
    onlyToken.put("session-token", "aLoneSessionToken01");
    assertThatThrownBy(() -> provider().build(onlyToken)).isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("setting 'session-token' of source 's3'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("aLoneSessionToken01"));
  }

  @Test
  void aBadValueNamesItsOwnSetting() {
    for (Map.Entry<String, String> bad : Map.of("bucket", "a/b", "endpoint", "ftp://s3.example.com",
        "prefix", "/rooted", "page-size", "5000").entrySet()) {
      Map<String, String> m = new HashMap<>(requiredSettings(dir));
      m.put(bad.getKey(), bad.getValue());
      assertThatThrownBy(() -> provider().build(m)).as(bad.getKey())
          .isInstanceOfSatisfying(InvalidSettingsException.class,
              e -> assertThat(e.setting()).hasValue(bad.getKey()))
          .hasMessageContaining("source 's3'");
    }
  }
}
