package io.github.cosmigrate.cli.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTranslationTest {
  @TempDir
  Path dir;

  final List<String> problems = new ArrayList<>();
  final List<String> warnings = new ArrayList<>();

  @BeforeEach
  void files() throws Exception {
    Files.createDirectories(dir.resolve("data/tmp"));
    Files.writeString(dir.resolve("data/keep.txt"), "x");
    Files.writeString(dir.resolve("urls.txt"), "http://127.0.0.1:9/a\n");
  }

  private Translated ok(ConfigFiles c) {
    Translated t = c.translate(Map.of(), problems, warnings);
    assertThat(problems).isEmpty();
    return t;
  }

  @Test
  void everyCommonKeyBecomesTheFlagThatDoesTheSame() throws Exception {
    Files.createDirectories(dir.resolve("result"));
    ConfigFiles c = ConfigFiles.valid("migrateLocal", dir)
        .set("common", "storageClass", "standard_ia").set("common", "cosPath", "/backup//2026/")
        .set("common", "token", "sts-token")
        .set("common", "smallFileThreshold", "8388608").set("common", "smallFileExecutorNum", "16")
        .set("common", "bigFileExecutorNum", "4").set("common", "bigFileUploadPartSize", "16MiB")
        .set("common", "requestTryCount", "7").set("common", "skipSamePath", "true")
        .set("common", "outputFinishedFileFolder", dir.resolve("result").toString())
        .set("common", "endpoint", "http://127.0.0.1:9000").set("common", "pathStyle", "on")
        .set("common", "sinkLimits", "s3").set("common", "bandwidth", "50MiB")
        .set("common", "requestsPerSecond", "200").set("common", "verify", "REREAD")
        .set("common", "ledger", "/var/lib/ledger").set("common", "report", "/tmp/r.json")
        .set("common", "daemonMode", "on").set("common", "daemonModeInterVal", "120")
        .set("common", "executeTimeWindow", "22:00,06:00").set("common", "threadTrafficLimit", "8388608")
        .set("common", "proxyHost", "proxy.local").set("common", "proxyPort", "3128");
    Translated t = ok(c);
    assertThat(t.command()).isEqualTo("local");
    assertThat(t.flags()).containsEntry("bucket", List.of("dest-1250000000"))
        .containsEntry("region", List.of("ap-guangzhou")).containsEntry("storage-class", List.of("STANDARD_IA"))
        .containsEntry("prefix", List.of("/backup/2026/")).containsEntry("small-file-threshold", List.of("8388608"))
        .containsEntry("concurrency", List.of("16")).containsEntry("part-concurrency", List.of("4"))
        .containsEntry("part-size", List.of(String.valueOf(16L << 20))).containsEntry("max-attempts", List.of("7"))
        .containsEntry("skip-mode", List.of("destination"))
        .containsEntry("finished", List.of(dir.resolve("result/2026-12-07.out").toString()))
        .containsEntry("endpoint", List.of("http://127.0.0.1:9000")).containsEntry("path-style", List.of())
        .containsEntry("sink-limits", List.of("s3")).containsEntry("bandwidth", List.of(String.valueOf(50L << 20)))
        .containsEntry("requests-per-second", List.of("200")).containsEntry("verify", List.of("reread"))
        .containsEntry("ledger", List.of("/var/lib/ledger")).containsEntry("report", List.of("/tmp/r.json"))
        .containsEntry("traffic-limit", List.of("8388608")).containsEntry("proxy", List.of("proxy.local:3128"));
    assertThat(t.env()).containsEntry("COS_SECRET_ID", "AKIDconfig").containsEntry("COS_SECRET_KEY", "config-secret")
        .containsEntry("COS_TOKEN", "sts-token");
    assertThat(t.toString()).contains("COS_SECRET_KEY").doesNotContain("config-secret", "sts-token");
    assertThat(t.schedule().daemon()).isTrue();
    assertThat(t.schedule().interval()).hasSeconds(120);
    assertThat(t.schedule().windows().crossesMidnight()).isTrue();
    assertThat(String.join("\n", t.notes())).contains("not merely when its key exists", "crosses midnight")
        .doesNotContain("https=off").as("an http:// endpoint is plain HTTP by the user's choice");
    assertThat(warnings).isEmpty();
  }

  @Test
  void theLocalFiltersIncludingTheMisspeltExcludes() throws Exception {
    Files.writeString(dir.resolve("list.txt"), "keep.txt\n");
    ConfigFiles c = ConfigFiles.valid("migrateLocal", dir)
        .set("migrateLocal", "excludes", dir.resolve("data/tmp") + ";")
        .set("migrateLocal", "exeludes", dir.resolve("data/keep.txt").toString())
        .set("migrateLocal", "ignoreSuffix", ".swp;.tmp").set("migrateLocal", "includeSuffix", ".txt")
        .set("migrateLocal", "ignoreEmptyFile", "on").set("migrateLocal", "ignoreModifiedTimeLessThanSeconds", "30")
        .set("migrateLocal", "fileListMode", "on").set("migrateLocal", "fileListPath", dir.resolve("list.txt") + "")
        .set("migrateLocal", "checkLocalRecord", "false").set("migrateLocal", "symlinks", "SKIP");
    Translated t = ok(c);
    assertThat(t.flags()).containsEntry("source", List.of(dir.resolve("data").toString()))
        .containsEntry("exclude", List.of(dir.resolve("data/tmp").toString(), dir.resolve("data/keep.txt").toString()))
        .containsEntry("ignore-suffix", List.of(".swp", ".tmp")).containsEntry("include-suffix", List.of(".txt"))
        .containsEntry("ignore-empty-files", List.of()).containsEntry("ignore-younger-than", List.of("30s"))
        .containsEntry("file-list", List.of(dir.resolve("list.txt").toString()))
        .containsEntry("skip-mode", List.of("none")).containsEntry("symlinks", List.of("skip"));
    assertThat(t.notes()).anyMatch(n -> n.startsWith("https=off: requests go over HTTPS anyway"));
  }

  @Test
  void encryptionKeysMapOntoTheEncryptionFlags() throws Exception {
    Path key = dir.resolve("aes.key");
    Files.write(key, new byte[32]);
    Translated cse = ok(ConfigFiles.valid("migrateLocal", dir).set("common", "clientEncryption", "on")
        .set("common", "keyPath", key.toString()).set("common", "encryptionAlgo", "aes-ctr")
        .set("common", "encryptIV", "fixed-iv-1234567"));
    assertThat(cse.flags()).containsEntry("client-encryption-key", List.of(key.toString()));
    assertThat(cse.notes()).anyMatch(n -> n.startsWith("encryptIV is ignored"));
    Translated sseCos = ok(ConfigFiles.valid("migrateLocal", dir).set("common", "encryptionType", "sse-cos"));
    assertThat(sseCos.flags()).containsEntry("sse", List.of("cos")).doesNotContainKey("sse-kms-key-id");
    Translated kms = ok(ConfigFiles.valid("migrateLocal", dir).set("common", "encryptionType", "SSE-KMS")
        .set("common", "sseKmsKeyId", "kms-key-1"));
    assertThat(kms.flags()).containsEntry("sse", List.of("kms")).containsEntry("sse-kms-key-id", List.of("kms-key-1"));
    Translated off = ok(ConfigFiles.valid("migrateLocal", dir).set("common", "clientEncryption", "off")
        .set("common", "keyPath", "/"));
    assertThat(off.flags()).doesNotContainKeys("client-encryption-key", "sse");
  }

  @Test
  void eachCloudTypeBecomesItsCommandWithTheSourcesCredentialsInItsVariables() {
    Translated aws = ok(ConfigFiles.valid("migrateAws", dir).set("migrateAws", "prefix", "/photos/")
        .set("migrateAws", "region", "eu-west-1").set("migrateAws", "pathStyle", "on"));
    assertThat(aws.command()).isEqualTo("s3");
    assertThat(aws.flags()).containsEntry("src-bucket", List.of("src")).containsEntry("src-prefix", List.of("photos/"))
        .containsEntry("src-endpoint", List.of("http://127.0.0.1:9")).containsEntry("src-region", List.of("eu-west-1"))
        .containsEntry("src-path-style", List.of());
    assertThat(aws.env()).containsEntry("AWS_ACCESS_KEY_ID", "AKIAsrc")
        .containsEntry("AWS_SECRET_ACCESS_KEY", "aws-secret");

    Translated qiniu = ok(ConfigFiles.valid("migrateQiniu", dir));
    assertThat(qiniu.command()).isEqualTo("s3");
    assertThat(qiniu.flags()).containsEntry("src-endpoint", List.of("https://s3.cn-east-1.qiniucs.com"))
        .containsEntry("src-region", List.of("cn-east-1"));
    assertThat(qiniu.env()).containsEntry("AWS_ACCESS_KEY_ID", "qiniu-ak");

    Translated ali = ok(ConfigFiles.valid("MIGRATEALI", dir));
    assertThat(ali.command()).isEqualTo("oss");
    assertThat(ali.flags()).containsEntry("src-endpoint", List.of("http://127.0.0.1:9"));
    assertThat(ali.env()).containsEntry("OSS_ACCESS_KEY_ID", "LTAIsrc").containsEntry("OSS_ACCESS_KEY_SECRET",
        "oss-secret");

    Translated url = ok(ConfigFiles.valid("migrateUrl", dir));
    assertThat(url.command()).isEqualTo("url");
    assertThat(url.flags()).containsEntry("list", List.of(dir.resolve("urls.txt").toString()));

    Translated copy = ok(ConfigFiles.valid("migrateBucketCopy", dir).set("migrateBucketCopy", "srcCosPath", "/a/")
        .set("migrateBucketCopy", "srcEndpoint", "http://127.0.0.1:9").set("migrateBucketCopy", "srcStorageClass",
            "Standard"));
    assertThat(copy.command()).isEqualTo("cos");
    assertThat(copy.flags()).containsEntry("src-bucket", List.of("src-1250000000"))
        .containsEntry("src-region", List.of("ap-shanghai")).containsEntry("src-prefix", List.of("a/"))
        .containsEntry("src-endpoint", List.of("http://127.0.0.1:9"))
        .containsEntry("storage-class-filter", List.of("Standard"));
    assertThat(copy.env()).containsEntry("COS_SRC_SECRET_ID", "AKIDsrc").containsEntry("COS_SRC_SECRET_KEY",
        "src-secret");
  }

  @Test
  void upyunAndCspSayWhatToUseInstead() {
    ConfigFiles.valid("migrateUpyun", dir).translate(Map.of(), problems, warnings);
    assertThat(problems).singleElement().asString().contains("[migrateType] type", "migrateUpyun is not supported",
        "use type=migrateLocal");
    problems.clear();
    ConfigFiles.valid("migrateCsp", dir).translate(Map.of(), problems, warnings);
    assertThat(problems).singleElement().asString().contains("use type=migrateBucketCopy", "srcEndpoint");
  }

  @Test
  void credentialsMayComeFromTheEnvironmentInstead() {
    ConfigFiles c = ConfigFiles.valid("migrateLocal", dir).set("common", "secretId", null)
        .set("common", "secretKey", null);
    Translated t = c.translate(Map.of("COS_SECRET_ID", "env-id", "COS_SECRET_KEY", "env-key"), problems, warnings);
    assertThat(problems).isEmpty();
    assertThat(t.env()).containsEntry("COS_SECRET_ID", "env-id").containsEntry("COS_SECRET_KEY", "env-key");
  }

  @Test
  void unknownKeysAreNamedOnceAsAWarning() {
    ConfigFiles c = ConfigFiles.valid("migrateLocal", dir).set("common", "bucketname", "x")
        .set("migrateLocl", "localPath", "/");
    ok(c);
    assertThat(warnings).singleElement().asString().contains("[common] bucketname", "[migrateLocl]");
  }

  @Test
  void commandLineFlagsWinOverTheFile() {
    Translated t = ok(ConfigFiles.valid("migrateLocal", dir).set("common", "smallFileExecutorNum", "64"));
    List<String> args = t.args(List.of("--concurrency", "8", "--quiet"));
    assertThat(args).containsSubsequence("--bucket", "dest-1250000000").containsSubsequence("--concurrency", "8")
        .doesNotContain("64").endsWith("--quiet");
    assertThat(t.args(List.of("--concurrency=4"))).doesNotContain("64").contains("--concurrency=4");
  }

  @Test
  void theShippedSampleIsValidOnceItsPlaceholdersAreSetAndDocumentsEveryKey() throws Exception {
    Path sample = Path.of(System.getProperty("user.dir")).getParent().resolve("conf/config.ini");
    String text = Files.readString(sample, StandardCharsets.UTF_8);
    IniFile ini = IniFile.parse(text);
    assertThat(ini.problems()).isEmpty();
    Problems p = new Problems();
    List<String> w = new ArrayList<>();
    Translated t = ConfigTranslation.translate(new ConfigValues(ini, Map.of("migrateLocal.localPath",
        dir.resolve("data").toString())), Map.of(), ConfigFiles.CLOCK, p, w);
    assertThat(p.list()).isEmpty();
    assertThat(w).isEmpty();
    assertThat(t.command()).isEqualTo("local");
    assertThat(t.schedule().windows().always()).isTrue();
    ConfigTranslation.KNOWN.forEach((section, keys) -> {
      int at = text.indexOf("[" + section + "]");
      assertThat(at).as("section %s", section).isNotNegative();
      int end = text.indexOf("\n[", at + 1);
      String body = end < 0 ? text.substring(at) : text.substring(at, end);
      for (String key : keys) {
        assertThat(body).as("[%s] %s documented in the sample", section, key)
            .containsPattern("(?m)^#?\\s*" + key + "\\s*=|[ ,:]" + key + "[ ,.]");
      }
    });
  }
}
