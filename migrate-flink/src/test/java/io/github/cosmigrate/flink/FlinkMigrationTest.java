package io.github.cosmigrate.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.Plugins;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.ObjectStoreServer;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.spi.Sink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration as a Flink job on a mini-cluster with 4 parallel readers and transfer workers, into the in-process
 * COS server (the COS dialect proxy over S3Proxy), with one transfer task crashed mid-run during a multipart upload:
 * the job restarts from its last checkpoint and finishes; every object is at its key with the source's CRC-64; no key
 * was stored more than twice (once before the crash, at most once again for work after the last checkpoint) and
 * only a bounded share again; no multipart upload is left open; the merged report counts every object once.
 */
class FlinkMigrationTest {
  static final String REGION = "ap-guangzhou";
  static final int PARALLELISM = 4;
  static final long MIB = 1 << 20;

  static ObjectStoreServer cosBackend;
  static DialectProxy cos;

  @BeforeAll
  static void startCos() throws Exception {
    cosBackend = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none());
    cos = DialectProxy.start(Dialect.COS, cosBackend.endpoint());
  }

  @AfterAll
  static void stopCos() {
    if (cos != null) {
      cos.close();
    }
    if (cosBackend != null) {
      cosBackend.close();
    }
  }

  static Map<String, String> cosSettings(String bucket) {
    Map<String, String> s = new HashMap<>();
    s.put("region", REGION);
    s.put("bucket", bucket);
    s.put("endpoint", cos.endpoint().toString());
    s.put("path-style", "true");
    s.put("secret-id", "test-id");
    s.put("secret-key", "test-key");
    s.put("limits", "s3");
    return s;
  }

  static JobSpec.Transfer transfer(String prefix) {
    return JobSpec.Transfer.of(MigrationOptions.builder().destinationPrefix(prefix).multipartThreshold(5 * MIB)
        .partSize(5 * MIB).maxAttempts(3).initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(100))
        .build());
  }

  @Test
  void localTreeSurvivesACrashedTransferTask(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("src");
    Map<String, byte[]> files = new TreeMap<>();
    Random rnd = new Random(42);
    for (String folder : new String[] {"a", "z"}) {
      for (int i = 0; i < 750; i++) {
        byte[] b = new byte[64 + rnd.nextInt(1000)];
        rnd.nextBytes(b);
        files.put(folder + "/" + String.format("%05d", i) + ".bin", b);
      }
    }
    for (int i = 1; i <= 2; i++) {
      byte[] b = new byte[(int) (6 * MIB)];
      rnd.nextBytes(b);
      files.put("m/big-" + i + ".bin", b);
    }
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      Path p = root.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, e.getValue());
    }
    String bucket = "flink-local-1250000000";
    cosBackend.createBucket(bucket);
    JobSpec spec = new JobSpec("local", Map.of("root", root.toString(), "page-size", "100"), null, "faulty-cos",
        cosSettings(bucket), transfer("backup/"), 0, 0, 4);

    runWithOneCrashAndCheck(spec, bucket, "backup/", files, 500, dir.resolve("checkpoints"));
  }

  @Test
  void s3BucketSurvivesACrashedTransferTask(@TempDir Path dir) throws Exception {
    ObjectStoreServer s3 = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none());
    try {
      s3.createBucket("src");
      Map<String, byte[]> files = new TreeMap<>();
      Random rnd = new Random(7);
      for (int i = 0; i < 800; i++) {
        byte[] b = new byte[64 + rnd.nextInt(1000)];
        rnd.nextBytes(b);
        files.put("photos/" + String.format("%05d", i) + ".jpg", b);
      }
      byte[] big = new byte[(int) (6 * MIB)];
      rnd.nextBytes(big);
      files.put("photos/00400-big.raw", big);
      files.forEach((k, v) -> s3.putObject("src", k, v));
      String bucket = "flink-s3-1250000000";
      cosBackend.createBucket(bucket);
      Map<String, String> src = Map.of("bucket", "src", "region", "us-east-1", "endpoint", s3.endpoint().toString(),
          "path-style", "true", "access-key-id", "test", "secret-access-key", "test", "page-size", "100");
      JobSpec spec = new JobSpec("s3", src, null, "faulty-cos", cosSettings(bucket), transfer(""), 0, 0, 4);

      runWithOneCrashAndCheck(spec, bucket, "", files, 300, dir.resolve("checkpoints"));
    } finally {
      s3.close();
    }
  }

  /**
   * COS answers every fourth put with 503 SlowDown (no Retry-After), 40 times: each worker's share of objects in
   * flight backs off (the core's AIMD rule) and the job report counts every SlowDown the workers' sinks got, as
   * many as the server sent; every object still migrated and verified.
   */
  @Test
  void throttledWorkersBackOffAndTheReportCountsTheThrottles(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("src");
    Map<String, byte[]> files = new TreeMap<>();
    Random rnd = new Random(5);
    for (int i = 0; i < 300; i++) {
      byte[] b = new byte[16 + rnd.nextInt(200)];
      rnd.nextBytes(b);
      files.put("t/" + String.format("%04d", i), b);
      Files.createDirectories(root.resolve("t"));
      Files.write(root.resolve("t/" + String.format("%04d", i)), b);
    }
    String bucket = "flink-throttle-1250000000";
    cosBackend.createBucket(bucket);
    JobSpec.Transfer transfer = JobSpec.Transfer.of(MigrationOptions.builder().maxAttempts(10)
        .initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(50)).build());
    JobSpec spec = new JobSpec("local", Map.of("root", root.toString(), "page-size", "50"), null, "cos",
        cosSettings(bucket), transfer, 0, 0, 4);
    java.util.concurrent.atomic.AtomicInteger puts = new java.util.concurrent.atomic.AtomicInteger();
    cos.faults().failNext(40, r -> r.bucket().equals(bucket) && r.operation() == Operation.PUT_OBJECT
        && puts.incrementAndGet() % 4 == 0, io.github.cosmigrate.server.Fault.slowDownWithoutRetryAfter());
    cos.clearRequests();

    java.util.List<MigrationReport> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
    FlinkMigration.Result result = FlinkMigration.execute(
        LocalCluster.environment(2, Duration.ofSeconds(1), 0, dir.resolve("checkpoints")), spec, 2, "throttled",
        Duration.ofMillis(1), progress::add);

    MigrationReport report = result.report();
    assertThat(report.failed()).as("failures: %s", report.failures()).isZero();
    assertThat(report.migrated()).isEqualTo(files.size());
    assertThat(report.verified()).isEqualTo(files.size());
    long slowDowns = cos.requests().stream().filter(r -> r.bucket().equals(bucket) && r.status() == 503).count();
    assertThat(slowDowns).isEqualTo(40);
    assertThat(result.throttled()).isEqualTo(slowDowns);
    assertThat(result.concurrency()).isEqualTo(4);
    assertThat(result.lowestConcurrency()).as("a throttled worker halves its objects in flight").isBetween(1, 2);
    assertThat(FlinkCommand.throttling(result)).hasValueSatisfying(line -> assertThat(line).contains("40 SlowDown"));
    // the counts so far came while the job ran (no restart here: they only grow), each short of the final report
    assertThat(progress).isNotEmpty();
    assertThat(progress).allSatisfy(p -> assertThat(p.total()).isLessThanOrEqualTo(files.size()));
    for (int i = 1; i < progress.size(); i++) {
      assertThat(progress.get(i).total()).isGreaterThanOrEqualTo(progress.get(i - 1).total());
    }
  }

  private static void runWithOneCrashAndCheck(JobSpec spec, String bucket, String prefix, Map<String, byte[]> files,
      int crashAfterPuts, Path checkpoints) throws Exception {
    // an upload left open by an earlier attempt of the job (a worker killed mid-upload): aborted when workers start
    String orphanKey = prefix + files.keySet().iterator().next();
    String orphanId;
    try (Sink s = Plugins.sink("cos", cosSettings(bucket))) {
      orphanId = s.initiateMultipart(orphanKey, io.github.cosmigrate.model.ObjectMetadata.empty());
    }
    cos.clearRequests();
    FaultySinkProvider.arm(crashAfterPuts, checkpoints);

    MigrationReport report = FlinkMigration.run(
        LocalCluster.environment(PARALLELISM, Duration.ofMillis(100), 3, checkpoints), spec, PARALLELISM,
        "flink-migration-test");

    // the crash happened, mid-run, and the job still finished with every object migrated and verified
    assertThat(FaultySinkProvider.FIRED).isTrue();
    assertThat(FaultySinkProvider.putsAtCrash).isBetween(crashAfterPuts, files.size() - 1);
    assertThat(report.failed()).as("failures: %s", report.failures()).isZero();
    assertThat(report.listingComplete()).isTrue();
    assertThat(report.migrated()).isEqualTo(files.size());
    assertThat(report.verified()).isEqualTo(files.size());
    assertThat(report.bytesTransferred()).isEqualTo(files.values().stream().mapToLong(b -> b.length).sum());

    // every object at its key with the source's CRC-64
    try (Sink check = Plugins.sink("cos", cosSettings(bucket))) {
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        ObjectInfo stored = check.stat(prefix + e.getKey()).orElseThrow(
            () -> new AssertionError("missing at the destination: " + prefix + e.getKey()));
        assertThat(stored.size()).as(e.getKey()).isEqualTo(e.getValue().length);
        assertThat(stored.crc64().getAsLong()).as(e.getKey()).isEqualTo(Crc64.of(e.getValue()));
      }
      // no multipart upload left open
      assertThat(check.listMultipartUploads("")).isEmpty();
    }

    // stores per key, counted at the server: at most twice (before the crash, and once again for work after the
    // last checkpoint), and only a bounded share of the keys again (the job resumed, it did not start over)
    Map<String, Integer> stores = new HashMap<>();
    for (RecordedRequest r : cos.requests()) {
      if (r.bucket().equals(bucket) && r.status() == 200
          && (r.operation() == Operation.PUT_OBJECT || r.operation() == Operation.COMPLETE_MULTIPART)) {
        stores.merge(r.key(), 1, Integer::sum);
      }
    }
    assertThat(stores.keySet()).hasSize(files.size());
    assertThat(stores.values()).allSatisfy(n -> assertThat(n).isBetween(1, 2));
    // a checkpoint triggered after crashAfterPuts puts had completed before the crash: what is stored again is at
    // most what was stored after it until every task of the failed attempt stopped, plus the objects in flight in
    // the transfer operators (4 workers x 4)
    long again = stores.values().stream().filter(n -> n > 1).count();
    assertThat(FaultySinkProvider.putsAtRestart).isGreaterThanOrEqualTo(FaultySinkProvider.putsAtCrash);
    assertThat(again).as("keys stored twice (crash after %s puts, restart after %s)", FaultySinkProvider.putsAtCrash,
        FaultySinkProvider.putsAtRestart)
        .isLessThanOrEqualTo(FaultySinkProvider.putsAtRestart - crashAfterPuts + 2L * PARALLELISM * 4);
    assertThat(cos.requests()).anyMatch(r -> r.operation() == Operation.ABORT_MULTIPART
        && r.uploadId().equals(orphanId));
  }
}
