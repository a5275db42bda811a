package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.cli.internal.config.PassScheduler;
import io.github.cosmigrate.cli.internal.config.RunCommand;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.spi.Sink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cos-migrate run --config} on local migrations in the original tool's config format, in-process through
 * {@link Main#run}, against S3Proxy behind the COS dialect proxy: the objects at their keys, the exit status, the
 * outputs; validation, dry run, execution windows and daemon passes (on an injected clock).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConfigRunCliTest {
  static final long PART = 5L << 20;

  @TempDir
  static Path serverDir;

  static CosFixture cos;

  @TempDir
  Path tmp;

  Path data;
  String bucket;

  @BeforeAll
  static void start() throws IOException {
    cos = CosFixture.startOnDisk(serverDir.resolve("cos"));
  }

  @AfterAll
  static void stop() {
    if (cos != null) {
      cos.close();
    }
  }

  @BeforeEach
  void tree() throws IOException {
    data = Files.createDirectories(tmp.resolve("data"));
    bucket = cos.newBucket("conf");
    for (int i = 0; i < 12; i++) {
      TestTrees.write(data.resolve("docs/file-" + i + ".txt"), 200 + i * 31, i);
    }
    TestTrees.write(data.resolve("docs/scratch.swp"), 50, 1);
    TestTrees.write(data.resolve("private/secret.txt"), 70, 2);
    TestTrees.writeLarge(data.resolve("big/two-parts.bin"), PART + 777, 3);
  }

  /** A local config in the original's format (as the original's sample, with this test's server). */
  String localConfig(String... extraCommon) {
    StringBuilder sb = new StringBuilder("""
        # 配置迁移类型
        [migrateType]
        type=migrateLocal

        [common]
        secretId=AKIDconfig
        secretKey=config-secret
        bucketName=%s
        region=ap-guangzhou
        storageClass=Standard
        cosPath=/backup/
        https=off
        tmpFolder=./tmp
        smallFileThreshold=5242880
        smallFileExecutorNum=8
        bigFileExecutorNum=4
        bigFileUploadPartSize=5242880
        threadTrafficLimit=
        entireFileMd5Attached=off
        daemonMode=off
        daemonModeInterVal=60
        executeTimeWindow=00:00,24:00
        endpoint=%s
        pathStyle=on
        sinkLimits=s3
        ledger=%s
        """.formatted(bucket, cos.endpoint(), tmp.resolve("ledger")));
    for (String e : extraCommon) {
      sb.append(e).append('\n');
    }
    sb.append("""
        [migrateLocal]
        localPath=%s
        exeludes=%s
        ignoreSuffix=.swp
        ignoreEmptyFile=off
        """.formatted(data.toString().replace("\\", "\\\\"), data.resolve("private").toString()
        .replace("\\", "\\\\")));
    return sb.toString();
  }

  Path write(String text) throws IOException {
    Path f = tmp.resolve("config.ini");
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return f;
  }

  static MainTest.Result run(String... args) {
    return MainTest.main(Map.of(), args);
  }

  /** The write requests the COS server received for {@code b}. */
  static List<RecordedRequest> writes(String b) {
    return cos.proxy.requests().stream().filter(r -> r.bucket().equals(b))
        .filter(r -> !r.method().equals("GET") && !r.method().equals("HEAD")).toList();
  }

  void assertMigrated(Sink sink) throws IOException {
    for (Map.Entry<String, Path> f : TestTrees.regularFiles(data).entrySet()) {
      String key = "backup/" + f.getKey();
      if (f.getKey().startsWith("private/") || f.getKey().endsWith(".swp")) {
        assertThat(sink.stat(key)).as(key).isEmpty();
      } else {
        long crc = TestTrees.crc64(f.getValue());
        assertThat(sink.stat(key)).as(key).hasValueSatisfying(o -> assertThat(o.crc64()).hasValue(crc));
      }
    }
  }

  @Test
  void aLocalConfigMigratesEveryFileToItsKeyAndARerunSendsNothing() throws Exception {
    Path config = write(localConfig());
    MainTest.Result r = run("run", "--config", config.toString(), "--quiet");
    assertThat(r.status()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.out()).contains("migrated 13, skipped 2, failed 0 (of 15 objects)");
    assertThat(r.err()).contains("cos-migrate: note: the exit status is 1 when any object failed")
        .contains("plain HTTP, not HTTPS, to http://127.0.0.1").doesNotContain("config-secret");
    try (Sink sink = cos.sink(bucket)) {
      assertMigrated(sink);
    }
    int writes = writes(bucket).size();
    MainTest.Result again = run("run", "--config", config.toString(), "--quiet");
    assertThat(again.status()).as(again.err()).isEqualTo(Main.OK);
    assertThat(again.out()).contains("migrated 0, skipped 15, failed 0");
    assertThat(writes(bucket)).hasSize(writes);
  }

  @Test
  void clientEncryptionAndSseKeysOfTheFileReachTheSink() throws Exception {
    Path key = tmp.resolve("aes.key");
    byte[] k = new byte[32];
    new java.util.Random(9).nextBytes(k);
    Files.write(key, k);
    Path config = write(localConfig("clientEncryption=on", "keyPath=" + key, "encryptionType=sse-cos"));
    MainTest.Result r = run("run", "--config", config.toString(), "--quiet");
    assertThat(r.status()).as(r.out() + r.err()).isEqualTo(Main.OK);
    assertThat(r.out() + r.err()).contains("crc64 of the ciphertext sent");
    try (Sink sink = cos.sink(bucket)) {
      assertThat(sink.stat("backup/docs/file-1.txt")).hasValueSatisfying(o -> assertThat(
          o.metadata().userMetadata()).containsKey("client-side-encryption-key"));
      assertThat(sink.stat("backup/big/two-parts.bin")).hasValueSatisfying(o -> assertThat(
          o.metadata().userMetadata()).containsKey("client-side-encryption-key"));
    }
    assertThat(writes(bucket)).filteredOn(q -> q.operation() == io.github.cosmigrate.server.Operation.PUT_OBJECT
        || q.operation() == io.github.cosmigrate.server.Operation.INITIATE_MULTIPART).hasSize(13)
        .allSatisfy(q -> assertThat(q.dialectHeaders()).containsEntry("x-cos-server-side-encryption", "AES256"));
  }

  @Test
  void overridesAndFlagsWinOverTheFile() throws Exception {
    String other = cos.newBucket("other");
    Path config = write(localConfig());
    MainTest.Result r = run("run", "--config", config.toString(), "-Dcommon.bucketName=" + other,
        "-Dcommon.cosPath=/elsewhere/", "--concurrency", "2", "--quiet");
    assertThat(r.status()).as(r.err()).isEqualTo(Main.OK);
    try (Sink sink = cos.sink(other)) {
      assertThat(sink.stat("elsewhere/docs/file-0.txt")).isPresent();
    }
    assertThat(writes(bucket)).isEmpty();
  }

  @Test
  void theShippedSampleRunsWithItsDefaults() throws Exception {
    Path sample = Path.of(System.getProperty("user.dir")).getParent().resolve("conf/config.ini");
    // only what names this test's machine: the bucket, its server, the folder, the ledger
    MainTest.Result r = run("run", "--config", sample.toString(), "-Dcommon.bucketName=" + bucket,
        "-Dcommon.endpoint=" + cos.endpoint(), "-Dcommon.sinkLimits=s3", "-DmigrateLocal.localPath=" + data,
        "-Dcommon.ledger=" + tmp.resolve("ledger"), "--quiet");
    assertThat(r.status()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.out()).contains("migrated 15, skipped 0, failed 0 (of 15 objects)");
    try (Sink sink = cos.sink(bucket)) {
      assertThat(sink.stat("docs/file-3.txt")).hasValueSatisfying(o -> assertThat(o.metadata().storageClass())
          .hasValue("STANDARD"));
      assertThat(sink.stat("big/two-parts.bin")).hasValueSatisfying(o -> assertThat(o.size()).isEqualTo(PART + 777));
    }
  }

  @Test
  void aBadConfigListsEveryProblemExitsTwoAndSendsNothing() throws Exception {
    Path config = write(localConfig("smallFileExecutorNum=0", "storageClass=frozen", "threadTrafficLimit=10")
        .replace("region=ap-guangzhou\n", ""));
    MainTest.Result r = run("run", "--config", config.toString());
    assertThat(r.status()).isEqualTo(Main.CONFIG);
    assertThat(r.err()).contains("4 problems in " + config + "; nothing was migrated:",
        "[common] region: missing", "[common] smallFileExecutorNum (line ", "must be from 1 to 1024, was 0",
        "[common] storageClass (line ", "'frozen' is not a COS storage class",
        "[common] threadTrafficLimit (line ", "819200 to 838860800 bit/s");
    assertThat(r.out()).isEmpty();
    assertThat(cos.proxy.requests().stream().filter(q -> q.bucket().equals(bucket))).isEmpty();
  }

  @Test
  void upyunSaysWhatToUseInstead() throws Exception {
    Path config = write(localConfig().replace("type=migrateLocal", "type=migrateUpyun"));
    MainTest.Result r = run("run", "--config", config.toString());
    assertThat(r.status()).isEqualTo(Main.CONFIG);
    assertThat(r.err()).contains("1 problem in", "migrateUpyun is not supported", "use type=migrateLocal");
  }

  @Test
  void aDryRunSaysWhatWouldHappenAndSendsNothing() throws Exception {
    Path config = write(localConfig("bandwidth=1MiB", "requestsPerSecond=10"));
    MainTest.Result r = run("run", "--config", config.toString(), "--dry-run");
    assertThat(r.status()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.out()).contains("dry run: nothing was sent", "migrate  docs/file-0.txt -> backup/docs/file-0.txt",
        "skip     private: excluded", "would migrate 13 objects", "12 single PUT, 1 multipart",
        "would skip 2 objects", "requests to COS: about 16 (12 PUT, 2 part uploads, 2 initiate/complete)",
        "time at the configured limits: at least ", "(1.00 MiB/s, 10 requests/s)");
    assertThat(writes(bucket)).isEmpty();
    assertThat(tmp.resolve("ledger")).doesNotExist();

    assertThat(run("run", "--config", config.toString(), "--quiet").status()).isEqualTo(Main.OK);
    int after = writes(bucket).size();
    MainTest.Result again = run("run", "--config", config.toString(), "--dry-run");
    assertThat(again.out()).contains("would migrate 0 objects", "unchanged since it was migrated (ledger) (13)");
    assertThat(writes(bucket)).hasSize(after);
  }

  @Test
  void theMigrationCommandsTakeDryRunToo() {
    MainTest.Result r = MainTest.main(Map.of("COS_SECRET_ID", "id", "COS_SECRET_KEY", "key"), "local", "--source",
        data.toString(), "--bucket", bucket, "--region", "ap-guangzhou", "--endpoint", cos.endpoint(),
        "--sink-limits", "s3", "--ledger", tmp.resolve("ledger").toString(), "--dry-run",
        "--ignore-suffix", ".swp", "--exclude", "private/");
    assertThat(r.status()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.out()).contains("would migrate 13 objects", "no bandwidth or request limit configured");
    assertThat(writes(bucket)).isEmpty();
  }

  /** A clock that moves only when the run waits. */
  static final class Time extends Clock implements PassScheduler.Waits {
    volatile Instant now;
    int cutAtOnce;
    final List<Instant> sleeps = new ArrayList<>();

    Time(LocalDateTime t) {
      now = t.toInstant(ZoneOffset.UTC);
    }

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId z) { throw new UnsupportedOperationException(); }
    @Override public Instant instant() { return now; }

    @Override
    public void sleepUntil(Instant t) {
      sleeps.add(t);
      if (t.isAfter(now)) {
        now = t;
      }
    }

    @Override
    public AutoCloseable at(Instant t, Runnable action) {
      if (cutAtOnce > 0) {
        cutAtOnce--;
        action.run();
      }
      return () -> { };
    }
  }

  static MainTest.Result runAt(Time time, int maxPasses, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = RunCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), time, time, maxPasses);
    return new MainTest.Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void outsideItsWindowARunWaitsAndAtTheWindowsEndItStopsAndResumesInTheNext() throws Exception {
    Path config = write(localConfig().replace("executeTimeWindow=00:00,24:00", "executeTimeWindow=22:00,06:00"));
    Time time = new Time(LocalDateTime.of(2026, 12, 7, 12, 0));
    time.cutAtOnce = 1; // the first pass's window ends as soon as it starts
    MainTest.Result r = runAt(time, 1, "--config", config.toString(), "--quiet");
    assertThat(r.status()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.err()).contains("executeTimeWindow=22:00,06:00 crosses midnight",
        "outside the execution window (22:00,06:00); the run starts at 2026-12-07T22:00",
        "the execution window closed at 2026-12-08T06:00", "the run resumes at 2026-12-08T22:00");
    assertThat(time.sleeps).containsExactly(Instant.parse("2026-12-07T22:00:00Z"),
        Instant.parse("2026-12-08T22:00:00Z"));
    assertThat(r.out()).contains("failed 0 (of 15 objects)");
    try (Sink sink = cos.sink(bucket)) {
      assertMigrated(sink);
    }
  }

  @Test
  void daemonModeRunsIncrementalPassesAtItsInterval() throws Exception {
    Path config = write(localConfig().replace("daemonMode=off", "daemonMode=on")
        .replace("daemonModeInterVal=60", "daemonModeInterVal=300"));
    Time time = new Time(LocalDateTime.of(2026, 12, 7, 12, 0));
    MainTest.Result r = runAt(time, 2, "--config", config.toString(), "--quiet");
    assertThat(r.status()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.out()).contains("migrated 13, skipped 2, failed 0", "migrated 0, skipped 15, failed 0");
    assertThat(r.err()).contains("daemon mode: pass 1 ended with status 0; the next pass starts at"
        + " 2026-12-07T12:05");
    assertThat(time.sleeps).containsExactly(Instant.parse("2026-12-07T12:05:00Z"));
  }
}
