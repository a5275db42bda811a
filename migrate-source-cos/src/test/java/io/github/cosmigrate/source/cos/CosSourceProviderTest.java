package io.github.cosmigrate.source.cos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.sink.cos.CosCredentials;
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

class CosSourceProviderTest extends AbstractProviderContractTest<Source> {
  private static final Map<String, String> ENV = Map.of("COS_SECRET_ID", "AKIDdestinationEnv01",
      "COS_SECRET_KEY", "destinationKeyEnv0001", "COS_SRC_SECRET_ID", "AKIDsourceEnvId0001",
      "COS_SRC_SECRET_KEY", "sourceKeyFromEnv0001", "COS_SRC_TOKEN", "sourceTokenFromEnv01");

  @Override
  protected PluginProvider<Source> provider() {
    return new CosSourceProvider(ENV::get);
  }

  @Override
  protected Map<String, String> requiredSettings(Path dir) {
    return Map.of("region", "ap-guangzhou", "bucket", "photos-1250000000");
  }

  @Override
  protected Map<String, String> allSettings(Path dir) {
    Map<String, String> m = new HashMap<>(requiredSettings(dir));
    m.putAll(Map.of("prefix", "2024/", "endpoint", "http://127.0.0.1:9000", "path-style", "true",
        "secret-id", "AKIDgivenSecretId01", "secret-key", "givenSecretKeyValue01", "token", "givenSessionToken01",
        "storage-classes", "standard\nSTANDARD_IA, maz_standard", "page-size", "500", "max-connections", "64"));
    m.putAll(Map.of("connect-timeout", "3s", "socket-timeout", "2m", "sdk-max-retries", "0"));
    return m;
  }

  @Test
  void everySettingReachesTheConfig() {
    CosSourceProvider p = new CosSourceProvider(ENV::get);
    CosSourceConfig c = p.config(p.bind(allSettings(dir)));
    assertThat(c.region()).isEqualTo("ap-guangzhou");
    assertThat(c.bucket()).isEqualTo("photos-1250000000");
    assertThat(c.prefix()).isEqualTo("2024/");
    assertThat(c.endpoint()).contains(URI.create("http://127.0.0.1:9000"));
    assertThat(c.pathStyle()).isTrue();
    assertThat(c.credentials().credentials()).isEqualTo(CosCredentials.temporary("AKIDgivenSecretId01",
        "givenSecretKeyValue01", "givenSessionToken01"));
    assertThat(c.storageClasses()).containsExactly("MAZ_STANDARD", "STANDARD", "STANDARD_IA");
    assertThat(c.pageSize()).isEqualTo(500);
    assertThat(c.maxConnections()).isEqualTo(64);
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.socketTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.sdkMaxRetries()).isZero();
    assertThat(c.toString()).doesNotContain("givenSecretKeyValue01").doesNotContain("givenSessionToken01");
  }

  @Test
  void credentialsComeFromTheSourceVariablesThenTheDestinations() {
    CosSourceProvider p = new CosSourceProvider(ENV::get);
    assertThat(p.config(p.bind(requiredSettings(dir))).credentials().credentials()).isEqualTo(
        CosCredentials.temporary("AKIDsourceEnvId0001", "sourceKeyFromEnv0001", "sourceTokenFromEnv01"));
    Map<String, String> destinationOnly = Map.of("COS_SECRET_ID", "AKIDdestinationEnv01", "COS_SECRET_KEY",
        "destinationKeyEnv0001");
    CosSourceProvider q = new CosSourceProvider(destinationOnly::get);
    assertThat(q.config(q.bind(requiredSettings(dir))).credentials().credentials()).isEqualTo(
        CosCredentials.of("AKIDdestinationEnv01", "destinationKeyEnv0001"));
  }

  @Test
  void noCredentialsAnywhereNamesTheSettingAndTheVariables() {
    CosSourceProvider p = new CosSourceProvider(name -> null);
    assertThatThrownBy(() -> p.build(requiredSettings(dir)))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("setting 'secret-id' of source 'cos' is required")
        .hasMessageContaining("COS_SRC_SECRET_ID").hasMessageContaining("COS_SECRET_ID");
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> provider().build(Map.of("region", "ap-guangzhou", "bucket", "Photos")))
        .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("source 'cos'")
        .hasMessageContaining("'bucket'");
    assertThatThrownBy(() -> provider().build(Map.of("region", "ap-guangzhou", "bucket", "photos-1250000000",
        "storage-classes", "GLACIER")))
        .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("GLACIER")
        .hasMessageContaining("STANDARD_IA");
  }
}
