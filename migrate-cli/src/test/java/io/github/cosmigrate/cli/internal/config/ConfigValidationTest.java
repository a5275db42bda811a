package io.github.cosmigrate.cli.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every key with a bad value: one problem naming the key, its line, and what is wrong. */
class ConfigValidationTest {
  @TempDir
  static Path dir;

  @BeforeEach
  void files() throws Exception {
    Files.createDirectories(dir.resolve("data/sub"));
    Files.writeString(dir.resolve("urls.txt"), "http://127.0.0.1:9/a\n");
    Files.write(dir.resolve("short.key"), new byte[20]);
    Files.writeString(dir.resolve("file.txt"), "x");
  }

  /** type, section, key, bad value (null: missing), what the problem says. */
  static Stream<Arguments> badValues() {
    String local = "migrateLocal";
    String c = "common";
    return Stream.of(
        Arguments.of(local, "migrateType", "type", "migrateFoo", "unknown type 'migrateFoo'"),
        Arguments.of(local, c, "secretId", null, "missing (the destination's SecretId; or set COS_SECRET_ID)"),
        Arguments.of(local, c, "secretKey", null, "missing (the destination's SecretKey"),
        Arguments.of(local, c, "bucketName", null, "missing (the destination bucket"),
        Arguments.of(local, c, "bucketName", "Photos", "'Photos' is not a COS bucket name"),
        Arguments.of(local, c, "region", null, "missing (the bucket's region"),
        Arguments.of(local, c, "region", "Guangzhou", "'Guangzhou' is not a COS region"),
        Arguments.of(local, c, "storageClass", "GLACIER", "'GLACIER' is not a COS storage class"),
        Arguments.of(local, c, "cosPath", "backup/", "must start with '/'"),
        Arguments.of(local, c, "https", "maybe", "must be on or off"),
        Arguments.of(local, c, "endpoint", "ftp://host", "must be a URL"),
        Arguments.of(local, c, "pathStyle", "sideways", "must be on or off"),
        Arguments.of(local, c, "sinkLimits", "gcs", "must be one of cos, s3"),
        Arguments.of(local, c, "smallFileThreshold", "1048576", "must be from 5.00 MiB (5242880) to 5.00 GiB"),
        Arguments.of(local, c, "smallFileThreshold", "6GiB", "must be from 5.00 MiB"),
        Arguments.of(local, c, "smallFileThreshold", "lots", "not a size"),
        Arguments.of(local, c, "smallFileExecutorNum", "0", "must be from 1 to 1024"),
        Arguments.of(local, c, "smallFileExecutorNum", "2000", "must be from 1 to 1024"),
        Arguments.of(local, c, "bigFileExecutorNum", "65", "must be from 1 to 64"),
        Arguments.of(local, c, "bigFileExecutorNum", "four", "must be a whole number from 1 to 64"),
        Arguments.of(local, c, "bigFileUploadPartSize", "1000", "must be from 1.00 MiB (1048576) to 5.00 GiB"),
        Arguments.of(local, c, "bigFileUploadPartSize", "6GiB", "to 5.00 GiB"),
        Arguments.of(local, c, "threadTrafficLimit", "100", "must be from 819200 to 838860800 bit/s"),
        Arguments.of(local, c, "threadTrafficLimit", "900000000", "must be from 819200 to 838860800 bit/s"),
        Arguments.of(local, c, "bandwidth", "fast", "not a size"),
        Arguments.of(local, c, "requestsPerSecond", "0", "must be from 1 to 1000000"),
        Arguments.of(local, c, "verify", "md5", "must be one of crc64, reread"),
        Arguments.of(local, c, "requestTryCount", "0", "must be from 1 to 100"),
        Arguments.of(local, c, "skipSamePath", "perhaps", "must be on or off"),
        Arguments.of(local, c, "realTimeCompare", "sometimes", "must be on or off"),
        Arguments.of(local, c, "resume", "later", "must be on or off"),
        Arguments.of(local, c, "daemonMode", "forever", "must be on or off"),
        Arguments.of(local, c, "daemonModeInterVal", "0", "must be from 1 to"),
        Arguments.of(local, c, "executeTimeWindow", "25:00,06:00", "is not a time of day"),
        Arguments.of(local, c, "executeTimeWindow", "night", "is not START,END"),
        Arguments.of(local, c, "outputFinishedFileFolder", "/no/such/folder", "is not an existing directory"),
        Arguments.of(local, c, "entireFileMd5Attached", "both", "must be on or off"),
        Arguments.of(local, c, "encryptionType", "sse-c", "must be sse-cos or sse-kms"),
        Arguments.of(local, c, "sseKmsKeyId", "k1", "needs encryptionType=sse-kms"),
        Arguments.of(local, c, "clientEncryption", "encrypted", "must be on or off"),
        Arguments.of(local, c, "proxyPort", "70000", "must be from 1 to 65535"),
        Arguments.of(local, c, "proxyHost", "proxy.local", "proxyHost is given without the other"),
        Arguments.of(local, c, "shortConnection", "short", "must be on or off"),
        Arguments.of(local, c, "check", "yes please", "must be on or off"),
        Arguments.of(local, c, "requestTimeoutEnable", "x", "must be on or off"),
        Arguments.of(local, c, "requestTimeoutMs", "0", "must be from 1 to"),
        Arguments.of(local, c, "rocksMaxOpenFile", "many", "must be a whole number"),
        Arguments.of(local, c, "threadNum", "0", "must be from 1 to 4096"),
        Arguments.of(local, c, "batchTaskPath", "/etc/batch.txt", "batch mode is not supported"),
        Arguments.of(local, local, "localPath", null, "missing (the directory to migrate)"),
        Arguments.of(local, local, "localPath", "/no/such/dir", "'/no/such/dir' does not exist"),
        Arguments.of(local, local, "localPath", dir.resolve("file.txt").toString(), "is not a directory"),
        Arguments.of(local, local, "excludes", "/no/such/file", "does not exist (excludes are absolute paths"),
        Arguments.of(local, local, "exeludes", dir.resolve("urls.txt").toString(), "is not under localPath"),
        Arguments.of(local, local, "ignoreModifiedTimeLessThanSeconds", "young", "must be a whole number"),
        Arguments.of(local, local, "ignoreEmptyFile", "empty", "must be on or off"),
        Arguments.of(local, local, "fileListMode", "list", "must be on or off"),
        Arguments.of(local, local, "checkLocalRecord", "never", "must be on or off"),
        Arguments.of(local, local, "symlinks", "maybe", "must be one of follow, skip"),
        Arguments.of("migrateAws", "migrateAws", "bucket", null, "missing (the source bucket)"),
        Arguments.of("migrateAws", "migrateAws", "accessKeyId", null, "missing (the source's access key id)"),
        Arguments.of("migrateAws", "migrateAws", "accessKeySecret", null, "missing (the source's access key secret)"),
        Arguments.of("migrateAws", "migrateAws", "pathStyle", "x", "must be on or off"),
        Arguments.of("migrateAws", "migrateAws", "srcHttps", "x", "must be on or off"),
        Arguments.of("migrateAli", "migrateAli", "endPoint", null, "missing (the OSS endpoint"),
        Arguments.of("migrateAli", "migrateAli", "bucket", null, "missing (the source bucket)"),
        Arguments.of("migrateQiniu", "migrateQiniu", "region", null, "Kodo is read through its S3-compatible API"),
        Arguments.of("migrateQiniu", "migrateQiniu", "needSign", "x", "must be on or off"),
        Arguments.of("migrateUrl", "migrateUrl", "urllistPath", null, "missing (the URL list file"),
        Arguments.of("migrateUrl", "migrateUrl", "urllistPath", "/no/such/list", "does not exist"),
        Arguments.of("migrateUrl", "migrateUrl", "isSkipHead", "x", "must be on or off"),
        Arguments.of("migrateBucketCopy", "migrateBucketCopy", "srcBucketName", "src", "is not a COS bucket name"),
        Arguments.of("migrateBucketCopy", "migrateBucketCopy", "srcRegion", null, "missing (the source bucket's region"),
        Arguments.of("migrateBucketCopy", "migrateBucketCopy", "srcSecretId", null, "missing (the source's SecretId"),
        Arguments.of("migrateBucketCopy", "migrateBucketCopy", "srcSecretKey", null, "missing (the source's SecretKey"),
        Arguments.of("migrateBucketCopy", "migrateBucketCopy", "srcCosPath", "a/", "must start with '/'"),
        Arguments.of("migrateBucketCopy", "migrateBucketCopy", "srcEndPointSuffix", "myqcloud.com", "give the whole"),
        Arguments.of("migrateBucketCopy", "migrateBucketCopy", "srcFileList", "/no/such/keys", "does not exist"),
        Arguments.of("migrateBucketCopy", "migrateBucketCopy", "srcPathStyle", "x", "must be on or off"));
  }

  @ParameterizedTest(name = "[{1}] {2}={3}")
  @MethodSource("badValues")
  void eachBadValueIsOneProblemNamingItsKey(String type, String section, String key, String value, String says) {
    ConfigFiles c = ConfigFiles.valid(type, dir).set(section, key, value);
    List<String> problems = new ArrayList<>();
    c.translate(Map.of(), problems, new ArrayList<>());
    assertThat(problems).singleElement().asString().startsWith("[" + section + "] " + key).contains(says);
  }

  @Test
  void theKeyFileMustExistAndHoldAnAesKey() {
    for (String[] bad : new String[][] {{"/", "the original's default '/' is a directory"},
        {dir.resolve("missing.key").toString(), "does not exist"},
        {dir.resolve("short.key").toString(), "holds 20 bytes; an AES key is 16, 24 or 32 bytes"},
        {dir.resolve("data").toString(), "is not a regular file"}}) {
      ConfigFiles c = ConfigFiles.valid("migrateLocal", dir).set("common", "clientEncryption", "on")
          .set("common", "keyPath", bad[0]);
      List<String> problems = new ArrayList<>();
      c.translate(Map.of(), problems, new ArrayList<>());
      assertThat(problems).as(bad[0]).singleElement().asString().startsWith("[common] keyPath").contains(bad[1]);
    }
    ConfigFiles algo = ConfigFiles.valid("migrateLocal", dir).set("common", "clientEncryption", "on")
        .set("common", "keyPath", dir.resolve("short.key").toString()).set("common", "encryptionAlgo", "AES-GCM");
    List<String> problems = new ArrayList<>();
    algo.translate(Map.of(), problems, new ArrayList<>());
    assertThat(problems).hasSize(2).anyMatch(p -> p.startsWith("[common] encryptionAlgo") && p.contains("AES-CTR"));
  }

  @Test
  void everyProblemIsListedAtOnceWithItsLine() {
    ConfigFiles c = ConfigFiles.valid("migrateLocal", dir).set("common", "bucketName", "Bad")
        .set("common", "smallFileExecutorNum", "0").set("common", "storageClass", "cold")
        .set("migrateLocal", "localPath", "/no/such/dir").set("common", "secretKey", null);
    List<String> problems = new ArrayList<>();
    c.translate(Map.of(), problems, new ArrayList<>());
    assertThat(problems).hasSize(5);
    assertThat(problems).anyMatch(p -> p.matches("\\[common\\] bucketName \\(line \\d+\\): 'Bad' .*"));
    assertThat(problems).anyMatch(p -> p.startsWith("[common] secretKey: missing"));
  }
}
