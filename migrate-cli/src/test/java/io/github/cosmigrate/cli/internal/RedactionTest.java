package io.github.cosmigrate.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.sink.cos.CosCredentials;
import io.github.cosmigrate.sink.cos.CosCredentialsProvider;
import io.github.cosmigrate.sink.cos.CosSinkConfig;
import io.github.cosmigrate.source.cos.CosSource;
import io.github.cosmigrate.source.oss.OssSource;
import io.github.cosmigrate.source.s3.S3Source;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration and credential objects print redacted: a recognisable secret given to every command never shows in
 * the {@code toString()} of the parsed job, its source and destination settings, the plugins built from them, or their
 * configuration and credential records.
 */
class RedactionTest {
  private static final String COS_KEY = "cos-secret-KEY-4711-never";
  private static final String COS_TOKEN = "cos-token-4711-never";
  private static final String SRC_KEY = "source-secret-KEY-0815-never";
  private static final String SRC_TOKEN = "source-token-0815-never";
  private static final List<String> SECRETS = List.of(COS_KEY, COS_TOKEN, SRC_KEY, SRC_TOKEN);

  @TempDir
  Path tmp;

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("COS_SECRET_ID", "AKIDdestination");
    env.put("COS_SECRET_KEY", COS_KEY);
    env.put("COS_TOKEN", COS_TOKEN);
    env.put("AWS_ACCESS_KEY_ID", "AKIAsource");
    env.put("AWS_SECRET_ACCESS_KEY", SRC_KEY);
    env.put("AWS_SESSION_TOKEN", SRC_TOKEN);
    env.put("OSS_ACCESS_KEY_ID", "LTAIsource");
    env.put("OSS_ACCESS_KEY_SECRET", SRC_KEY);
    env.put("OSS_SESSION_TOKEN", SRC_TOKEN);
    env.put("COS_SRC_SECRET_ID", "AKIDsource");
    env.put("COS_SRC_SECRET_KEY", SRC_KEY);
    env.put("COS_SRC_TOKEN", SRC_TOKEN);
    return env;
  }

  private MigrationJob parse(SourceCommand c, String... sourceArgs) throws UsageException {
    List<String> a = new ArrayList<>(List.of(sourceArgs));
    a.addAll(List.of("--bucket", "photos-1250000000", "--region", "ap-guangzhou", "--endpoint",
        "http://127.0.0.1:9", "--ledger", tmp.resolve("ledger").toString()));
    return c.parse(a, env());
  }

  private static void assertRedacted(Object o) {
    String s = String.valueOf(o);
    assertThat(s).as(o.getClass().getSimpleName()).doesNotContain(SECRETS);
  }

  @Test
  void jobsSettingsAndPluginsOfEveryRemoteSourcePrintRedacted() throws Exception {
    List<MigrationJob> jobs = List.of(
        parse(S3Command.INSTANCE, "--src-bucket", "src", "--src-endpoint", "http://127.0.0.1:9"),
        parse(OssCommand.INSTANCE, "--src-bucket", "src", "--src-endpoint", "http://127.0.0.1:9"),
        parse(CosCommand.INSTANCE, "--src-bucket", "src-1250000000", "--src-region", "ap-guangzhou"));
    for (MigrationJob job : jobs) {
      assertThat(job.source().settings().values()).as("the settings hold the secrets").containsAnyOf(SRC_KEY);
      assertRedacted(job);
      assertRedacted(job.source());
      assertRedacted(job.target());
      try (Source source = Plugins.source(job.source()); Sink sink = Plugins.cosSink(job.target(), 16)) {
        assertRedacted(source);
        assertRedacted(sink);
        assertRedacted(((io.github.cosmigrate.sink.cos.CosSink) sink).config());
        if (source instanceof S3Source s3) {
          assertRedacted(s3.config());
        } else if (source instanceof OssSource oss) {
          assertRedacted(oss.config());
          assertRedacted(oss.config().credentials());
        } else if (source instanceof CosSource c) {
          assertRedacted(c.config());
          assertRedacted(c.config().credentials());
          assertRedacted(c.config().connection());
        }
      }
    }
  }

  @Test
  void credentialRecordsAndProvidersPrintRedacted() {
    CosCredentials temporary = CosCredentials.temporary("AKIDabcdef", COS_KEY, COS_TOKEN);
    assertRedacted(temporary);
    assertThat(temporary.toString()).doesNotContain("AKIDabcdef").contains("AKID****");
    assertRedacted(CosCredentialsProvider.of(temporary));
    assertRedacted(CosSinkConfig.builder().region("ap-guangzhou").bucket("photos-1250000000")
        .credentials(CosCredentialsProvider.of(temporary)).build());
    assertRedacted(new io.github.cosmigrate.source.oss.OssCredentials("LTAIabcdef", SRC_KEY,
        java.util.Optional.of(SRC_TOKEN)));
    assertRedacted(io.github.cosmigrate.spi.provider.PluginSettings.bind("sink 'cos'",
        new io.github.cosmigrate.sink.cos.CosSinkProvider().settings(),
        Map.of("region", "ap-guangzhou", "bucket", "photos-1250000000", "secret-id", "AKIDx", "secret-key", COS_KEY,
            "token", COS_TOKEN)));
  }
}
