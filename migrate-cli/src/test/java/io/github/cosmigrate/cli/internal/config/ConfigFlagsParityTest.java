package io.github.cosmigrate.cli.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.cli.internal.CosCommand;
import io.github.cosmigrate.cli.internal.Flag;
import io.github.cosmigrate.cli.internal.LocalCommand;
import io.github.cosmigrate.cli.internal.MigrationJob;
import io.github.cosmigrate.cli.internal.OssCommand;
import io.github.cosmigrate.cli.internal.S3Command;
import io.github.cosmigrate.cli.internal.SourceCommand;
import io.github.cosmigrate.cli.internal.UrlCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code [common]} key this tool reads ({@link ConfigTranslation#KNOWN}) is a flag of every migration command,
 * a credential's environment variable, or says why it is neither ({@link CommonKeys}); and a key with a flag, set in
 * a config file, is translated into that very flag, which the command then accepts (one path: the file's keys
 * become flags, the flags become the job).
 */
class ConfigFlagsParityTest {
  private static final List<SourceCommand> COMMANDS = List.of(LocalCommand.INSTANCE, S3Command.INSTANCE,
      OssCommand.INSTANCE, UrlCommand.INSTANCE, CosCommand.INSTANCE);

  @TempDir
  Path dir;

  @Test
  void everyCommonKeyIsClassifiedAndEveryFlagIsOneOfEveryMigrationCommand() {
    Set<String> known = ConfigTranslation.KNOWN.get(CommonSection.S);
    assertThat(CommonKeys.TABLE.keySet()).as("the table names only keys this tool reads")
        .isSubsetOf(known);
    assertThat(known).as("every key this tool reads is in the table").isSubsetOf(CommonKeys.TABLE.keySet());
    for (SourceCommand c : COMMANDS) {
      Set<String> flags = c.flags().stream().map(Flag::name).collect(Collectors.toSet());
      CommonKeys.TABLE.forEach((key, counterpart) -> {
        if (!counterpart.flag().isEmpty()) {
          assertThat(flags).as(c.name() + " has the flag of [common] " + key).contains(counterpart.flag());
        } else {
          assertThat(counterpart.env().isEmpty() && counterpart.note().isEmpty())
              .as("[common] " + key + " says why it has no flag").isFalse();
        }
      });
    }
  }

  @Test
  void everySourceSectionKeyIsClassifiedAndItsFlagsAreOnesItsCommandTakes() {
    Map<String, SourceCommand> byName = COMMANDS.stream().collect(Collectors.toMap(SourceCommand::name, c -> c));
    Set<String> sections = new java.util.TreeSet<>(ConfigTranslation.KNOWN.keySet());
    sections.removeAll(Set.of("migrateType", CommonSection.S));
    assertThat(SourceKeys.SECTIONS.keySet()).as("every source section").containsExactlyInAnyOrderElementsOf(sections);
    SourceKeys.SECTIONS.forEach((name, section) -> {
      assertThat(section.keys().keySet()).as("[" + name + "]")
          .containsExactlyInAnyOrderElementsOf(ConfigTranslation.KNOWN.get(name));
      Set<String> flags = byName.get(section.command()).flags().stream().map(Flag::name)
          .collect(Collectors.toSet());
      section.keys().forEach((key, c) -> {
        if (!c.flag().isEmpty()) {
          assertThat(flags).as("[" + name + "] " + key + " on " + section.command()).contains(c.flag());
        } else {
          assertThat(c.env().isEmpty() && c.note().isEmpty()).as("[" + name + "] " + key + " says why").isFalse();
        }
      });
    });
  }

  /** A value for each key with a flag, and the keys it needs beside it. */
  private Map<String, String> sample(String key) throws Exception {
    Path keyFile = dir.resolve("aes.key");
    if (!Files.exists(keyFile)) {
      Files.write(keyFile, new byte[32]);
    }
    Files.createDirectories(dir.resolve("finished"));
    return switch (key) {
      case "bucketName" -> Map.of(key, "other-1250000000");
      case "region" -> Map.of(key, "ap-beijing");
      case "endpoint" -> Map.of(key, "http://127.0.0.1:9000");
      case "pathStyle" -> Map.of(key, "on", "endpoint", "http://cos.example.com");
      case "sinkLimits" -> Map.of(key, "s3");
      case "storageClass" -> Map.of(key, "standard_ia");
      case "cosPath" -> Map.of(key, "/backup/");
      case "smallFileThreshold" -> Map.of(key, "64MiB");
      case "smallFileExecutorNum", "bigFileExecutorNum" -> Map.of(key, "3");
      case "bigFileUploadPartSize" -> Map.of(key, "16MiB");
      case "threadTrafficLimit" -> Map.of(key, "8388608");
      case "bandwidth" -> Map.of(key, "10MiB");
      case "requestsPerSecond", "requestTryCount" -> Map.of(key, "9");
      case "proxyHost", "proxyPort" -> Map.of("proxyHost", "proxy.local", "proxyPort", "3128");
      case "verify" -> Map.of(key, "reread");
      case "ledger" -> Map.of(key, dir.resolve("ledger").toString());
      case "report" -> Map.of(key, dir.resolve("report.json").toString());
      case "skipSamePath", "realTimeCompare", "daemonMode" -> Map.of(key, "on");
      case "daemonModeInterVal" -> Map.of(key, "30", "daemonMode", "on");
      case "executeTimeWindow" -> Map.of(key, "22:00,06:00");
      case "outputFinishedFileFolder" -> Map.of(key, dir.resolve("finished").toString());
      case "encryptionType" -> Map.of(key, "sse-cos");
      case "sseKmsKeyId" -> Map.of(key, "kms-key-1", "encryptionType", "sse-kms");
      case "clientEncryption", "keyPath" -> Map.of("clientEncryption", "on", "keyPath", keyFile.toString());
      default -> throw new AssertionError("no sample value for [common] " + key + ": add one to this test");
    };
  }

  @Test
  void aKeyWithAFlagIsTranslatedIntoThatFlagAndTheCommandTakesIt() throws Exception {
    Files.createDirectories(dir.resolve("data"));
    Map<String, String> env = Map.of("COS_SECRET_ID", "AKIDparity", "COS_SECRET_KEY", "parity-secret");
    for (Map.Entry<String, CommonKeys.Counterpart> e : CommonKeys.TABLE.entrySet()) {
      if (e.getValue().flag().isEmpty()) {
        continue;
      }
      ConfigFiles c = ConfigFiles.valid("migrateLocal", dir);
      sample(e.getKey()).forEach((k, v) -> c.set(CommonSection.S, k, v));
      List<String> problems = new ArrayList<>();
      Translated t = c.translate(Map.of(), problems, new ArrayList<>());
      assertThat(problems).as("[common] " + e.getKey()).isEmpty();
      assertThat(t.flags()).as("[common] " + e.getKey()).containsKey(e.getValue().flag());
      Map<String, String> cmdEnv = new HashMap<>(env);
      cmdEnv.putAll(t.env());
      MigrationJob job = LocalCommand.INSTANCE.parse(t.args(List.of()), cmdEnv);
      assertThat(job.schedule()).as("the schedule comes from the flags").isEqualTo(t.schedule());
    }
  }

  @Test
  void theScheduleKeysAndTheirFlagsGiveTheSameSchedule() throws Exception {
    Files.createDirectories(dir.resolve("data"));
    Map<String, String> env = Map.of("COS_SECRET_ID", "AKIDparity", "COS_SECRET_KEY", "parity-secret");
    ConfigFiles c = ConfigFiles.valid("migrateLocal", dir).set("common", "daemonMode", "on")
        .set("common", "daemonModeInterVal", "90").set("common", "executeTimeWindow", "Fri 20:00,Mon 06:00");
    Translated t = c.translate(Map.of(), new ArrayList<>(), new ArrayList<>());
    MigrationJob fromFile = LocalCommand.INSTANCE.parse(t.args(List.of()), new HashMap<>(Map.of("COS_SECRET_ID",
        "AKIDconfig", "COS_SECRET_KEY", "config-secret")));
    MigrationJob fromFlags = LocalCommand.INSTANCE.parse(List.of("--source", dir.resolve("data").toString(),
        "--bucket", "dest-1250000000", "--region", "ap-guangzhou", "--daemon", "--daemon-interval", "90",
        "--time-window", "Fri 20:00,Mon 06:00"), env);
    assertThat(fromFlags.schedule()).isEqualTo(fromFile.schedule());
    assertThat(fromFlags.schedule().daemon()).isTrue();
    assertThat(fromFlags.schedule().interval()).hasSeconds(90);
    assertThat(fromFlags.schedule().windows().always()).isFalse();
  }
}
