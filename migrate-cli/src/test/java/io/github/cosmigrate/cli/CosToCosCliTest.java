package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.server.Fault;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.spi.Sink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cos-migrate cos} end to end, in-process through {@link Main#run}: two buckets of one in-process COS
 * (S3Proxy behind the COS dialect proxy), so COS copies server-side; then the same with every copy refused.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CosToCosCliTest {
  static final long PART = 5L << 20;

  @TempDir
  static Path serverDir;

  static CosFixture cos;

  @TempDir
  Path tmp;

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

  static List<String> args(String src, String dst, Path work, String... extra) {
    // no --src-path-style: an IP endpoint implies it, as --endpoint's does
    List<String> a = new ArrayList<>(List.of("cos", "--src-bucket", src, "--src-region", CosFixture.REGION,
        "--src-endpoint", cos.endpoint(), "--bucket", dst, "--region", CosFixture.REGION,
        "--endpoint", cos.endpoint(), "--path-style", "--sink-limits", "s3", "--part-size", String.valueOf(PART),
        "--small-file-threshold", String.valueOf(PART), "--concurrency", "8", "--ledger",
        work.resolve("ledger").toString(), "--quiet"));
    a.addAll(List.of(extra));
    return a;
  }

  static MainTest.Result run(List<String> args) {
    return MainTest.main(Map.of("COS_SECRET_ID", "cos-id", "COS_SECRET_KEY", "cos-key"), args.toArray(String[]::new));
  }

  /** Fills a new source bucket; returns each key's CRC-64. */
  static Map<String, Long> fill(String src) throws IOException {
    Map<String, Long> crcs = new TreeMap<>();
    try (Sink s = cos.sink(src)) {
      for (int i = 0; i < 30; i++) {
        byte[] b = S3ToCosCliTest.bytes(100 + i * 53, i);
        String key = "docs/d" + (i % 3) + "/f " + i + ".txt";
        PutResult r = s.put(key, new ByteArrayInputStream(b), b.length, ObjectMetadata.builder()
            .contentType("text/x-test").putUserMetadata("n", String.valueOf(i)).build());
        assertThat(r.crc64()).isEqualTo(Crc64.of(b));
        crcs.put(key, Crc64.of(b));
      }
      byte[] cold = S3ToCosCliTest.bytes(300, 77);
      s.put("cold/ia.bin", new ByteArrayInputStream(cold), cold.length,
          ObjectMetadata.builder().storageClass("STANDARD_IA").build());
      crcs.put("cold/ia.bin", Crc64.of(cold));
    }
    return crcs;
  }

  @Test
  void copiesServerSideKeepingMetadataAndFiltersByStorageClass() throws Exception {
    String src = cos.newBucket("cossrc");
    Map<String, Long> crcs = fill(src);
    String dst = cos.newBucket("cosdst");
    Path report = tmp.resolve("report.json");
    int before = cos.proxy.requests().size();

    MainTest.Result r = run(args(src, dst, tmp, "--report", report.toString()));

    assertThat(r.status()).as("stderr %s", r.err()).isZero();
    String json = Files.readString(report);
    assertThat(S3ToCosCliTest.count(json, "migrated")).as(json).isEqualTo(crcs.size());
    assertThat(S3ToCosCliTest.count(json, "bytesTransferred")).as("no byte through the client: %s", json).isZero();
    assertThat(json).contains("\"" + MigrationReport.VERIFIED_SERVER_SIDE_COPY + "\": " + crcs.size());
    List<RecordedRequest> all = cos.proxy.requests();
    List<RecordedRequest> run = all.subList(before, all.size());
    assertThat(run).filteredOn(q -> q.operation() == Operation.GET_OBJECT && q.bucket().equals(src)).isEmpty();
    assertThat(run).filteredOn(q -> q.bucket().equals(dst) && q.isCopy()).hasSize(crcs.size());
    try (Sink sink = cos.sink(dst)) {
      for (Map.Entry<String, Long> e : crcs.entrySet()) {
        assertThat(sink.stat(e.getKey())).as(e.getKey()).hasValueSatisfying(o -> assertThat(o.crc64())
            .hasValue(e.getValue()));
      }
      assertThat(sink.stat("docs/d1/f 1.txt").get().metadata().userMetadata()).containsEntry("n", "1");
      assertThat(sink.stat("docs/d1/f 1.txt").get().metadata().contentType()).hasValue("text/x-test");
      assertThat(sink.stat("cold/ia.bin").get().metadata().storageClass()).hasValue("STANDARD_IA");
    }

    // only STANDARD objects: the IA one is skipped with its reason
    String standardOnly = cos.newBucket("cosstd");
    Path report2 = tmp.resolve("report2.json");
    MainTest.Result f = run(args(src, standardOnly, tmp.resolve("f"), "--storage-class-filter", "STANDARD",
        "--report", report2.toString()));
    assertThat(f.status()).as(f.err()).isZero();
    String json2 = Files.readString(report2);
    assertThat(S3ToCosCliTest.count(json2, "migrated")).as(json2).isEqualTo(crcs.size() - 1);
    assertThat(S3ToCosCliTest.count(json2, "skipped")).as(json2).isEqualTo(1);
    assertThat(json2).contains("storage class");
    try (Sink sink = cos.sink(standardOnly)) {
      assertThat(sink.stat("cold/ia.bin")).isEmpty();
    }
  }

  @Test
  void streamsWhenCopiesAreRefused() throws Exception {
    String src = cos.newBucket("cosref");
    Map<String, Long> crcs = fill(src);
    String dst = cos.newBucket("cosrefdst");
    Path report = tmp.resolve("report.json");
    cos.proxy.faults().failNext(100_000, q -> q.isCopy() && q.bucket().equals(dst),
        Fault.status(403, "AccessDenied"));
    try {
      MainTest.Result r = run(args(src, dst, tmp, "--report", report.toString()));
      assertThat(r.status()).as("stderr %s", r.err()).isZero();
    } finally {
      cos.proxy.faults().clear();
    }
    String json = Files.readString(report);
    assertThat(S3ToCosCliTest.count(json, "migrated")).as(json).isEqualTo(crcs.size());
    assertThat(json).contains("\"" + MigrationReport.VERIFIED_AGAINST_SOURCE + "\": " + crcs.size());
    try (Sink sink = cos.sink(dst)) {
      for (Map.Entry<String, Long> e : crcs.entrySet()) {
        assertThat(sink.stat(e.getKey())).as(e.getKey()).hasValueSatisfying(o -> assertThat(o.crc64())
            .hasValue(e.getValue()));
      }
    }
  }
  @Test
  void serverSideCopiesWithoutCrc64AreUnverifiableWithTheReasonAndRereadVerifiesThem() throws Exception {
    String src = cos.newBucket("nocrcsrc");
    Map<String, Long> crcs = fill(src);
    String dst = cos.newBucket("nocrcdst");
    cos.proxy.faults().failNext(Integer.MAX_VALUE, q -> q.bucket().equals(src) || q.bucket().equals(dst),
        Fault.omitCrc());
    try {
      Path report = tmp.resolve("nocrc.json");
      MainTest.Result plain = run(args(src, dst, tmp.resolve("plain"), "--report", report.toString()));
      assertThat(plain.status()).as("stderr %s", plain.err()).isZero();
      String json = Files.readString(report);
      assertThat(S3ToCosCliTest.count(json, "unverifiable")).as(json).isEqualTo(crcs.size());
      assertThat(json).contains("\"unverifiableByReason\": {\"the source gave no CRC-64 to compare the server-side"
          + " copy with\": " + crcs.size() + "}");
      assertThat(plain.err()).contains("cos-migrate: warning: " + crcs.size() + " objects were migrated but not"
          + " verified (the source gave no CRC-64");

      String dst2 = cos.newBucket("nocrcdst2");
      cos.proxy.faults().failNext(Integer.MAX_VALUE, q -> q.bucket().equals(dst2), Fault.omitCrc());
      int before = cos.proxy.requests().size();
      MainTest.Result reread = run(args(src, dst2, tmp.resolve("reread"), "--report", report.toString(),
          "--verify", "reread"));
      assertThat(reread.status()).as("stderr %s", reread.err()).isZero();
      assertThat(reread.err()).doesNotContain("warning");
      json = Files.readString(report);
      assertThat(json).contains("\"verifiedBy\": {\"" + MigrationReport.VERIFIED_CONTENT_REREAD + "\": "
          + crcs.size() + "}");
      List<RecordedRequest> all = cos.proxy.requests();
      List<RecordedRequest> run = all.subList(before, all.size());
      assertThat(run).as("copied server-side").filteredOn(q -> q.bucket().equals(dst2) && q.isCopy())
          .hasSize(crcs.size());
      assertThat(run).as("each copy read back").filteredOn(q -> q.bucket().equals(dst2)
          && q.operation() == Operation.GET_OBJECT).hasSize(crcs.size());
      assertThat(run).as("each source read, as it gave no CRC-64").filteredOn(q -> q.bucket().equals(src)
          && q.operation() == Operation.GET_OBJECT).hasSize(crcs.size());
    } finally {
      cos.proxy.faults().clear();
    }
  }
}
