package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.model.ObjectMetadata;
import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.ObjectStoreServer;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.OssSignatureVerifier;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.spi.Sink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cos-migrate oss} end to end, in-process through {@link Main#run}: the source is S3Proxy behind the OSS
 * dialect proxy with OSS signatures (V1) checked on every request, the destination another S3Proxy behind the COS
 * dialect proxy. Both proxies answer CRC-64 ({@code x-oss-hash-crc64ecma}, {@code x-cos-hash-crc64ecma}).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class OssToCosCliTest {
  static final String ACCESS_KEY = "oss-access-key";
  static final String SECRET_KEY = "oss-secret-key-never-printed";
  static final String COS_KEY = "cos-secret-key-never-printed";
  static final long PART = 5L << 20;

  @TempDir
  static Path serverDir;

  static ObjectStoreServer store;
  static DialectProxy oss;
  static OSS writer;
  static CosFixture cos;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() throws IOException {
    store = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none());
    oss = DialectProxy.start(Dialect.OSS, store.endpoint());
    oss.requireSignatures(OssSignatureVerifier.of(ACCESS_KEY, SECRET_KEY));
    ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
    conf.setSLDEnabled(true);
    conf.setMaxErrorRetry(0);
    writer = new OSSClientBuilder().build(oss.endpoint().toString(), ACCESS_KEY, SECRET_KEY, conf);
    cos = CosFixture.startOnDisk(serverDir.resolve("cos"));
  }

  @AfterAll
  static void stop() {
    if (writer != null) {
      writer.shutdown();
    }
    if (cos != null) {
      cos.close();
    }
    if (oss != null) {
      oss.close();
    }
    if (store != null) {
      store.close();
    }
  }

  static String newSourceBucket() {
    String b = "oss-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    store.createBucket(b);
    return b;
  }

  static Map<String, String> env(String ossSecret) {
    return Map.of("COS_SECRET_ID", "cos-id", "COS_SECRET_KEY", COS_KEY, "OSS_ACCESS_KEY_ID", ACCESS_KEY,
        "OSS_ACCESS_KEY_SECRET", ossSecret);
  }

  static List<String> args(String srcBucket, String dstBucket, Path work, String... extra) {
    List<String> a = new ArrayList<>(List.of("oss", "--src-bucket", srcBucket, "--src-endpoint",
        oss.endpoint().toString(), "--src-path-style", "--bucket", dstBucket, "--region", CosFixture.REGION,
        "--endpoint", cos.endpoint(), "--path-style", "--sink-limits", "s3", "--part-size", String.valueOf(PART),
        "--small-file-threshold", String.valueOf(PART), "--concurrency", "8", "--ledger",
        work.resolve("ledger").toString(), "--quiet"));
    a.addAll(List.of(extra));
    return a;
  }

  static MainTest.Result run(Map<String, String> env, List<String> args) {
    return MainTest.main(env, args.toArray(String[]::new));
  }

  static void putWithClass(String bucket, String key, byte[] b, String storageClass) {
    ObjectMetadata m = new ObjectMetadata();
    m.setHeader("x-oss-storage-class", storageClass);
    m.setContentType("application/x-test");
    m.addUserMetadata("origin", "oss-test");
    writer.putObject(bucket, key, new ByteArrayInputStream(b), m);
  }

  @Test
  void migratesEveryObjectVerifiedAgainstTheSourcesCrcAndARerunSendsNothing() throws Exception {
    String bucket = newSourceBucket();
    Map<String, Long> crcs = new TreeMap<>();
    for (int i = 0; i < 1100; i++) {
      String key = "small/d" + (i % 7) + "/obj " + i + "+%.dat";
      byte[] b = S3ToCosCliTest.bytes(1 + (i * 131) % 6000, i);
      store.putObject(bucket, key, b);
      crcs.put(key, Crc64.of(b));
    }
    Map<String, Integer> partsOf = Map.of("large/one.bin", 3, "large/two.bin", 4);
    for (Map.Entry<String, Integer> e : partsOf.entrySet()) {
      byte[] b = S3ToCosCliTest.bytes((int) (e.getValue() * PART - 12345), e.getKey().hashCode());
      store.putObject(bucket, e.getKey(), b);
      crcs.put(e.getKey(), Crc64.of(b));
    }
    String dst = cos.newBucket("osscli");
    Path report = tmp.resolve("report.json");
    oss.clearRequests();

    MainTest.Result r = run(env(SECRET_KEY), args(bucket, dst, tmp, "--report", report.toString()));

    assertThat(r.status()).as("exit status; stderr: %s", r.err()).isZero();
    String json = Files.readString(report);
    assertThat(S3ToCosCliTest.count(json, "migrated")).as(json).isEqualTo(crcs.size());
    assertThat(S3ToCosCliTest.count(json, "failed")).as(json).isZero();
    // OSS answered its CRC-64 with every GET: equality with COS's verifies each object against the source too
    assertThat(json).contains("\"" + MigrationReport.VERIFIED_AGAINST_SOURCE + "\": " + crcs.size());
    Map<String, Integer> gets = new HashMap<>();
    int lists = 0;
    for (RecordedRequest q : oss.requests()) {
      if (q.operation() == Operation.GET_OBJECT && q.status() / 100 == 2) {
        gets.merge(q.key(), 1, Integer::sum);
      } else if (q.operation() == Operation.LIST_OBJECTS) {
        lists++;
      }
    }
    assertThat(lists).as("listing pages").isGreaterThan(1);
    for (Map.Entry<String, Integer> e : partsOf.entrySet()) {
      assertThat(gets.get(e.getKey())).as("ranged GETs of %s", e.getKey()).isEqualTo(e.getValue());
    }
    try (Sink sink = cos.sink(dst)) {
      for (Map.Entry<String, Long> e : crcs.entrySet()) {
        Optional<ObjectInfo> o = sink.stat(e.getKey());
        assertThat(o).as(e.getKey()).isPresent();
        assertThat(o.get().crc64()).as("CRC-64 of %s", e.getKey()).hasValue(e.getValue());
      }
    }

    int beforeRerun = cos.proxy.requests().size();
    Path report2 = tmp.resolve("report2.json");
    MainTest.Result again = run(env(SECRET_KEY), args(bucket, dst, tmp, "--report", report2.toString()));
    assertThat(again.status()).as(again.err()).isZero();
    String json2 = Files.readString(report2);
    assertThat(S3ToCosCliTest.count(json2, "skipped")).as(json2).isEqualTo(crcs.size());
    assertThat(S3ToCosCliTest.count(json2, "bytesTransferred")).as(json2).isZero();
    List<RecordedRequest> rerun = cos.proxy.requests();
    assertThat(rerun.subList(beforeRerun, rerun.size())).extracting(RecordedRequest::operation)
        .doesNotContain(Operation.PUT_OBJECT, Operation.UPLOAD_PART);
  }

  @Test
  void aWrongSourceSecretStopsTheRunWithOneLineNamingTheBucket() {
    String bucket = newSourceBucket();
    store.putObject(bucket, "a.txt", S3ToCosCliTest.bytes(100, 1));
    String wrong = "wrong-oss-secret-value-4711";
    MainTest.Result r = run(env(wrong), args(bucket, cos.newBucket("ossdenied"), tmp));

    assertThat(r.status()).as("stdout %s stderr %s", r.out(), r.err()).isEqualTo(Main.CONFIG);
    assertThat(r.err()).startsWith("cos-migrate: ").contains(bucket);
    assertThat(r.err().lines().count()).as("one line: %s", r.err()).isEqualTo(1);
    for (String s : List.of(r.out(), r.err())) {
      assertThat(s).doesNotContain("Exception", "\tat ", wrong, SECRET_KEY, COS_KEY, "OSS " + ACCESS_KEY + ":",
          "StringToSign");
    }
  }

  @Test
  void anArchivedObjectFailsWithItsReasonAndTheRestIsMigrated() throws Exception {
    String bucket = newSourceBucket();
    Map<String, Long> crcs = new TreeMap<>();
    for (int i = 0; i < 20; i++) {
      byte[] b = S3ToCosCliTest.bytes(200 + i, i);
      store.putObject(bucket, "warm/" + i, b);
      crcs.put("warm/" + i, Crc64.of(b));
    }
    putWithClass(bucket, "cold/frozen.bin", "frozen".getBytes(), "ColdArchive");
    String dst = cos.newBucket("ossarchive");
    Path report = tmp.resolve("report.json");

    MainTest.Result r = run(env(SECRET_KEY), args(bucket, dst, tmp, "--report", report.toString()));

    assertThat(r.status()).as("stderr %s", r.err()).isEqualTo(1);
    assertThat(r.err()).contains("cold/frozen.bin", "restore").doesNotContain("\tat ", SECRET_KEY);
    String json = Files.readString(report);
    assertThat(S3ToCosCliTest.count(json, "migrated")).as(json).isEqualTo(20);
    assertThat(S3ToCosCliTest.count(json, "failed")).as(json).isEqualTo(1);
    assertThat(json).contains("\"key\": \"cold/frozen.bin\"", "restore");
    try (Sink sink = cos.sink(dst)) {
      assertThat(sink.stat("cold/frozen.bin")).isEmpty();
      for (Map.Entry<String, Long> e : crcs.entrySet()) {
        assertThat(sink.stat(e.getKey())).as(e.getKey()).hasValueSatisfying(o -> assertThat(o.crc64())
            .hasValue(e.getValue()));
      }
    }
  }

  @Test
  void metadataIsCarriedAndTheUsersStorageClassWins() throws Exception {
    String bucket = newSourceBucket();
    byte[] small = S3ToCosCliTest.bytes(1000, 7);
    byte[] large = S3ToCosCliTest.bytes((int) (2 * PART + 1), 8);
    putWithClass(bucket, "ia/small.bin", small, "IA");
    putWithClass(bucket, "ia/large.bin", large, "IA");
    String plain = cos.newBucket("oss-sc-plain");
    String chosen = cos.newBucket("oss-sc-chosen");

    MainTest.Result r1 = run(env(SECRET_KEY), args(bucket, plain, tmp.resolve("a")));
    MainTest.Result r2 = run(env(SECRET_KEY), args(bucket, chosen, tmp.resolve("b"), "--storage-class",
        "archive"));

    assertThat(r1.status()).as(r1.err()).isZero();
    assertThat(r2.status()).as(r2.err()).isZero();
    try (Sink p = cos.sink(plain); Sink c = cos.sink(chosen)) {
      for (String key : List.of("ia/small.bin", "ia/large.bin")) {
        assertThat(p.stat(key)).as(key).hasValueSatisfying(o -> {
          assertThat(o.metadata().storageClass()).as("OSS IA is COS STANDARD_IA").hasValue("STANDARD_IA");
          assertThat(o.metadata().contentType()).hasValue("application/x-test");
          assertThat(o.metadata().userMetadata()).containsEntry("origin", "oss-test");
        });
        assertThat(c.stat(key)).as(key).hasValueSatisfying(o -> assertThat(o.metadata().storageClass())
            .as("--storage-class wins").hasValue("ARCHIVE"));
      }
      assertThat(c.stat("ia/large.bin").get().crc64()).hasValue(Crc64.of(large));
      assertThat(c.stat("ia/small.bin").get().crc64()).hasValue(Crc64.of(small));
    }
  }
}
