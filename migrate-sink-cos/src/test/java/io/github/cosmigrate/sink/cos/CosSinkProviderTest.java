package io.github.cosmigrate.sink.cos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.provider.InvalidSettingsException;
import io.github.cosmigrate.spi.provider.PluginProvider;
import io.github.cosmigrate.testkit.AbstractProviderContractTest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CosSinkProviderTest extends AbstractProviderContractTest<Sink> {
  private static final Map<String, String> ENV = Map.of("COS_SECRET_ID", "AKIDfromEnvironment01",
      "COS_SECRET_KEY", "keyFromEnvironment0001", "COS_TOKEN", "tokenFromEnvironment01");

  @Override
  protected PluginProvider<Sink> provider() {
    return new CosSinkProvider(ENV::get);
  }

  @Override
  protected Map<String, String> requiredSettings(Path dir) {
    return Map.of("region", "ap-guangzhou", "bucket", "photos-1250000000");
  }

  @Override
  protected Map<String, String> allSettings(Path dir) throws IOException {
    Map<String, String> m = new HashMap<>(requiredSettings(dir));
    m.putAll(Map.of("endpoint", "http://127.0.0.1:9000", "path-style", "true", "secret-id", "AKIDgivenSecretId01",
        "secret-key", "givenSecretKeyValue01", "token", "givenSessionToken01", "storage-class", "STANDARD_IA",
        "sse", "kms", "connect-timeout", "3s", "socket-timeout", "2m"));
    m.putAll(Map.of("max-connections", "64", "sdk-max-retries", "0", "limits", "s3", "sse-kms-key-id", "kms-1",
        "sse-kms-context", "{\"a\":\"b\"}",
        "proxy", "proxy.local:3128", "traffic-limit", "819200", "client-encryption-key", keyFile(dir, 32).toString(),
        "direct-puts", "false"));
    return m;
  }

  private static Path keyFile(Path dir, int bytes) throws IOException {
    Path f = dir.resolve("key-" + bytes);
    byte[] k = new byte[bytes];
    new java.util.Random(bytes).nextBytes(k);
    Files.write(f, k);
    return f;
  }

  @Test
  void everySettingReachesTheConfig() throws IOException {
    CosSinkProvider p = new CosSinkProvider(ENV::get);
    CosSinkConfig c = p.config(p.bind(allSettings(dir)));
    assertThat(c.region()).isEqualTo("ap-guangzhou");
    assertThat(c.bucket()).isEqualTo("photos-1250000000");
    assertThat(c.endpoint()).contains(URI.create("http://127.0.0.1:9000"));
    assertThat(c.pathStyle()).isTrue();
    assertThat(c.credentials().credentials()).isEqualTo(CosCredentials.temporary("AKIDgivenSecretId01",
        "givenSecretKeyValue01", "givenSessionToken01"));
    assertThat(c.defaultStorageClass()).contains("STANDARD_IA");
    assertThat(c.sseCos()).isFalse();
    assertThat(c.sseKms()).contains(new CosSinkConfig.SseKms(Optional.of("kms-1"), Optional.of("{\"a\":\"b\"}")));
    assertThat(c.clientEncryption().map(Object::toString)).contains("ClientEncryptionKey[AES-256]");
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.socketTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.maxConnections()).isEqualTo(64);
    assertThat(c.sdkMaxRetries()).isZero();
    assertThat(c.limits().minPartSize()).isEqualTo(5L << 20);
    assertThat(c.proxy()).hasValueSatisfying(a -> assertThat(a.getHostString() + ":" + a.getPort())
        .isEqualTo("proxy.local:3128"));
    assertThat(c.trafficLimit()).isEqualTo(819_200L);
    assertThat(c.directPuts()).isFalse();
    assertThat(p.config(p.bind(requiredSettings(dir))).directPuts()).isTrue();
    assertThat(c.toString()).doesNotContain("givenSecretKeyValue01").doesNotContain("givenSessionToken01");
  }

  @Test
  void credentialsFallBackToTheEnvironment() {
    CosSinkProvider p = new CosSinkProvider(ENV::get);
    CosCredentials c = p.config(p.bind(requiredSettings(dir))).credentials().credentials();
    assertThat(c).isEqualTo(CosCredentials.temporary("AKIDfromEnvironment01", "keyFromEnvironment0001",
        "tokenFromEnvironment01"));
  }

  @Test
  void noCredentialsAnywhereNamesTheSettingAndTheVariables() {
    CosSinkProvider p = new CosSinkProvider(name -> null);
    assertThatThrownBy(() -> p.build(requiredSettings(dir)))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("setting 'secret-id' of sink 'cos' is required")
        .hasMessageContaining("COS_SECRET_ID");
    assertThatThrownBy(() -> p.build(Map.of("region", "ap-guangzhou", "bucket", "photos-1250000000",
        "secret-id", "AKIDonlyTheId0001")))
        .hasMessageContaining("setting 'secret-key' of sink 'cos' is required")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("AKIDonlyTheId0001"));
  }

  @Test
  void sseCosAndTheKmsSettingsAlone() throws IOException {
    CosSinkProvider p = new CosSinkProvider(ENV::get);
    Map<String, String> m = new HashMap<>(requiredSettings(dir));
    m.put("sse", "cos");
    CosSinkConfig c = p.config(p.bind(m));
    assertThat(c.sseCos()).isTrue();
    assertThat(c.sseKms()).isEmpty();
    assertThat(c.clientEncryption()).isEmpty();
    m.put("sse-kms-key-id", "kms-1");
    assertThatThrownBy(() -> p.build(m)).isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("'sse-kms-key-id'").hasMessageContaining("needs sse=kms");
    m.put("sse", "kms");
    m.put("sse-kms-context", "not json");
    assertThatThrownBy(() -> p.build(m)).isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("'sse-kms-context'").hasMessageContaining("JSON object");
    m.put("sse", "aes");
    assertThatThrownBy(() -> p.build(m)).isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("'sse'");
  }

  @Test
  void aClientEncryptionKeyFileThatCannotServeIsNamedWithoutItsContent() throws IOException {
    CosSinkProvider p = new CosSinkProvider(ENV::get);
    Path text = dir.resolve("key.txt");
    Files.writeString(text, "0123456789abcdef0123456789abcdef\n"); // 33 bytes: a hex line is not a raw key
    Map<String, Path> bad = Map.of("has 33 bytes", text, "has 31 bytes", keyFile(dir, 31),
        "is a directory", dir, "cannot read the key file", dir.resolve("missing.key"));
    for (Map.Entry<String, Path> b : bad.entrySet()) {
      Map<String, String> m = new HashMap<>(requiredSettings(dir));
      m.put("client-encryption-key", b.getValue().toString());
      assertThatThrownBy(() -> p.build(m)).as(b.getKey()).isInstanceOf(InvalidSettingsException.class)
          .hasMessageContaining("'client-encryption-key'").hasMessageContaining(b.getKey())
          .hasMessageContaining(b.getValue().toString())
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("0123456789abcdef"));
    }
  }

  @Test
  void aBadBucketIsNamed() {
    assertThatThrownBy(() -> provider().build(Map.of("region", "ap-guangzhou", "bucket", "Photos")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("sink 'cos'").hasMessageContaining("'bucket'");
  }
}
