package io.github.cosmigrate.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.error.ConfigurationException;
import io.github.cosmigrate.spi.provider.PluginKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingNamesTest {
  private static final Map<String, String> ENV = Map.of("COS_SECRET_ID", "id", "COS_SECRET_KEY", "key",
      "AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "b");

  @TempDir
  Path tmp;

  private MigrationJob s3(String srcEndpoint, String... destination) throws UsageException {
    List<String> a = new ArrayList<>(List.of("s3", "--src-bucket", "src", "--src-endpoint", srcEndpoint, "--bucket",
        "photos-1250000000", "--region", "ap-guangzhou", "--ledger", tmp.toString()));
    a.addAll(List.of(destination));
    return S3Command.INSTANCE.parse(a.subList(1, a.size()), ENV);
  }

  @Test
  void everyPlainHttpEndpointIsNamedInOneLineAndHttpsIsNot() throws Exception {
    assertThat(SettingNames.plainHttpWarning(s3("https://s3.example.com"))).isEmpty();
    assertThat(SettingNames.plainHttpWarning(s3("s3.example.com", "--endpoint", "cos.example.com"))).isEmpty();
    assertThat(SettingNames.plainHttpWarning(s3("http://127.0.0.1:9000")))
        .hasValueSatisfying(w -> assertThat(w).contains("http://127.0.0.1:9000 (--src-endpoint)")
            .doesNotContain("(--endpoint)").doesNotContain("\n"));
    assertThat(SettingNames.plainHttpWarning(s3("http://127.0.0.1:9000", "--endpoint", "http://127.0.0.1:9001")))
        .hasValueSatisfying(w -> assertThat(w).contains("http://127.0.0.1:9001 (--endpoint)",
            "http://127.0.0.1:9000 (--src-endpoint)"));
  }

  @Test
  void settingsOfTheSinkAndTheSourceBecomeTheirFlags() throws Exception {
    MigrationJob job = s3("https://s3.example.com");
    ConfigurationException sink = new ConfigurationException(PluginKind.SINK.describe("cos"),
        List.of("secret-id", "secret-key"), "rejected", null);
    assertThat(SettingNames.line(sink, job.source())).hasValue("COS_SECRET_ID, COS_SECRET_KEY: rejected");
    ConfigurationException source = new ConfigurationException(PluginKind.SOURCE.describe("s3"), List.of("endpoint"),
        "unreachable", null);
    assertThat(SettingNames.line(source, job.source())).hasValue("--src-endpoint: unreachable");
    ConfigurationException other = new ConfigurationException(PluginKind.LEDGER.describe("rocksdb"),
        List.of("dir"), "locked", null);
    assertThat(SettingNames.line(other, job.source())).isEmpty();
  }
}
