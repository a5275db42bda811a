package io.github.cosmigrate.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.spi.provider.InvalidSettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceCommandTest {
  private static final Map<String, String> ENV = Map.of("COS_SECRET_ID", "AKIDcliTestSecretId", "COS_SECRET_KEY",
      "cliTestSecretKey0001");
  @TempDir Path dir;

  @Test
  void localFlagsBecomeProviderSettingsAndSharedFlagsTheJob() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    MigrationJob job = LocalCommand.INSTANCE.parse(List.of("--source", src.toString(), "--bucket", "b-1250000000",
        "--region", "ap-guangzhou", "--exclude", "tmp/", "--exclude", "glob:**/*.tmp", "--symlinks", "skip",
        "--prefix", "p", "--concurrency", "3", "--ledger", dir.resolve("l").toString()), ENV);
    assertThat(job.source().type()).isEqualTo("local");
    assertThat(job.source().settings()).containsEntry("root", src.toRealPath().toString())
        .containsEntry("symlinks", "skip").containsEntry("exclude", "tmp/\nglob:**/*.tmp");
    assertThat(job.identity().source()).isEqualTo("local:" + src.toRealPath());
    assertThat(job.options().concurrency()).isEqualTo(3);
    assertThat(job.options().destinationPrefix()).isEqualTo("p/");
    assertThat(job.ledgerDir()).isEqualTo(dir.resolve("l"));
    try (var source = Plugins.source(job.source())) {
      assertThat(source).isNotNull();
    }
  }

  @Test
  void theSinkSettingsCarryTheTargetAndNeverPrintTheSecret() throws Exception {
    CosTarget t = new CosTarget("b-1250000000", "ap-guangzhou", java.util.Optional.empty(), false, true,
        "AKIDcliTestSecretId", "cliTestSecretKey0001", java.util.Optional.of("cliTestToken0001"));
    Map<String, String> s = Plugins.cosSettings(t, 40);
    assertThat(s).containsEntry("bucket", "b-1250000000").containsEntry("limits", "s3")
        .containsEntry("max-connections", "40").containsEntry("token", "cliTestToken0001");
    try (var sink = Plugins.cosSink(t, 40)) {
      assertThat(sink.toString()).doesNotContain("cliTestSecretKey0001").doesNotContain("cliTestToken0001");
    }
  }

  @Test
  void aSettingErrorNamesTheFlag() {
    UsageException e = Plugins.usage(new InvalidSettingsException("source 'local'", "symlinks",
        "must be one of follow|skip, was 'x'"), Map.of("symlinks", "--symlinks"));
    assertThat(e.getMessage()).isEqualTo("--symlinks must be one of follow|skip, was 'x'");
    UsageException unmapped = Plugins.usage(new InvalidSettingsException("sink 'cos'", "sse", "is bad"), Map.of());
    assertThat(unmapped.getMessage()).isEqualTo("setting 'sse' of sink 'cos' is bad");
  }
}
