package io.github.cosmigrate.source.oss;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.UploadPartRequest;
import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.api.MigrationListener;
import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.Migrator;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.ledger.rocksdb.RocksDbLedger;
import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.model.SourceRead;
import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.sink.cos.CosSink;
import io.github.cosmigrate.sink.cos.CosSinkConfig;
import io.github.cosmigrate.spi.ForwardingSource;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.capability.RangeReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OSS bucket (the OSS dialect proxy, signature V1 checked) into COS (a second dialect proxy, in the COS dialect,
 * in front of the same S3Proxy) through the engine, the OSS source, the COS sink and the RocksDB ledger. Every
 * object is checked at COS by its CRC-64 and read back; the report counts every object as verified against the
 * source's own {@code x-oss-hash-crc64ecma}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class OssToCosEndToEndTest {
  private static final long PART = 5L << 20;
  private static final String REGION = "ap-guangzhou";

  static DialectProxy cos;

  @TempDir Path tmp;

  @BeforeAll
  static void startCos() throws IOException {
    cos = DialectProxy.start(Dialect.COS, OssFixture.store().endpoint());
  }

  @AfterAll
  static void stopCos() {
    if (cos != null) {
      cos.close();
    }
  }

  static byte[] content(int size, long seed) {
    byte[] b = new byte[size];
    long x = seed * 0x9E3779B97F4A7C15L + 1;
    for (int i = 0; i < size; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      b[i] = (byte) x;
    }
    return b;
  }

  /** Terminal events per key. */
  static final class Terminal implements MigrationListener {
    final Map<String, List<String>> events = new ConcurrentHashMap<>();
    final Map<String, List<String>> retries = new ConcurrentHashMap<>();

    @Override
    public void retryScheduled(String key, int nextAttempt, Duration delay, String reason) {
      retries.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(reason);
    }

    @Override
    public void objectCompleted(String key, long size, PutResult result) {
      events.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add("migrated");
    }

    @Override
    public void objectSkipped(String key, String reason) {
      events.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add("skipped");
    }

    @Override
    public void objectFailed(String key, ErrorKind kind, String reason) {
      events.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add("failed " + kind + ": " + reason);
    }
  }

  /**
   * Counts ranged and whole reads per key, and replaces {@code replacements}' keys in the source bucket just before
   * their first read (a ranged read past the first part, or a whole read), as a writer racing the migration would.
   */
  static final class Racing extends ForwardingSource implements RangeReader {
    final Map<String, AtomicInteger> ranges = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> opens = new ConcurrentHashMap<>();
    final Map<String, byte[]> replacements;
    final Map<String, AtomicBoolean> replaced = new ConcurrentHashMap<>();
    final String bucket;

    Racing(Source delegate, String bucket, Map<String, byte[]> replacements) {
      super(delegate);
      this.bucket = bucket;
      this.replacements = replacements;
      replacements.keySet().forEach(k -> replaced.put(k, new AtomicBoolean()));
    }

    private void race(String key) {
      if (replacements.containsKey(key) && replaced.get(key).compareAndSet(false, true)) {
        OssFixture.put(bucket, key, replacements.get(key));
      }
    }

    @Override
    public SourceRead open(ObjectInfo o) throws IOException {
      opens.computeIfAbsent(o.key(), k -> new AtomicInteger()).incrementAndGet();
      race(o.key());
      return super.open(o);
    }

    @Override
    public InputStream openRange(ObjectInfo o, long offset, long length) throws IOException {
      ranges.computeIfAbsent(o.key(), k -> new AtomicInteger()).incrementAndGet();
      if (offset > 0) {
        race(o.key());
      }
      return delegate().capability(RangeReader.class).orElseThrow().openRange(o, offset, length);
    }
  }

  /** An object written to OSS by a multipart upload of {@code parts} parts (its ETag is a multipart one). */
  private static void putMultipart(String bucket, String key, byte[] data, int parts) {
    String id = OssFixture.writer().initiateMultipartUpload(new InitiateMultipartUploadRequest(bucket, key))
        .getUploadId();
    long part = data.length / parts;
    List<PartETag> etags = new ArrayList<>();
    for (int p = 1; p <= parts; p++) {
      int off = (int) ((p - 1) * part);
      int len = p == parts ? data.length - off : (int) part;
      etags.add(OssFixture.writer().uploadPart(new UploadPartRequest(bucket, key, id, p,
          new ByteArrayInputStream(data, off, len), len)).getPartETag());
    }
    OssFixture.writer().completeMultipartUpload(new CompleteMultipartUploadRequest(bucket, key, id, etags));
  }

  @Test
  void aBucketWithManyKeysAndMultipartObjectsArrivesVerifiedAgainstTheOssCrcAndARacingWriterNeverLeavesOldContent()
      throws Exception {
    String src = OssFixture.newBucket();
    Map<String, byte[]> expected = new TreeMap<>();
    for (int i = 0; i < 1_100; i++) {
      byte[] b = ("object " + i + " ").repeat(1 + i % 7).getBytes(StandardCharsets.UTF_8);
      String key = "many/d" + (i % 5) + "/k-" + i + ".txt";
      OssFixture.store().putObject(src, key, b);
      expected.put(key, b);
    }
    Map<String, byte[]> big = Map.of("big/three-parts.bin", content((int) (2 * PART + 12_345), 1),
        "big/two-parts.bin", content((int) (PART + 1), 2));
    big.forEach((k, v) -> OssFixture.put(src, k, v));
    expected.putAll(big);
    byte[] uploadedInParts = content((int) (2 * PART + 777), 7);
    putMultipart(src, "big/oss-multipart.bin", uploadedInParts, 2);
    expected.put("big/oss-multipart.bin", uploadedInParts);
    OssFixture.put(src, "meta/doc.txt", "with metadata".getBytes(StandardCharsets.UTF_8), "text/x-test",
        Map.of("origin", "oss-e2e"));
    expected.put("meta/doc.txt", "with metadata".getBytes(StandardCharsets.UTF_8));
    OssFixture.put(src, "odd/a b+c%20&d 中文.txt", "odd".getBytes(StandardCharsets.UTF_8));
    expected.put("odd/a b+c%20&d 中文.txt", "odd".getBytes(StandardCharsets.UTF_8));
    OssFixture.put(src, "empty.bin", new byte[0]);
    expected.put("empty.bin", new byte[0]);
    OssFixture.put(src, "markers/", new byte[0]);

    // two objects a racing writer replaces after they were listed, with content of the same size
    Map<String, byte[]> before = Map.of("race/large.bin", content((int) (PART + 100), 3),
        "race/small.txt", content(4_000, 4));
    Map<String, byte[]> after = Map.of("race/large.bin", content((int) (PART + 100), 5),
        "race/small.txt", content(4_000, 6));
    before.forEach((k, v) -> OssFixture.put(src, k, v));

    String dst = "dst-" + src + "-1250000000";
    OssFixture.store().createBucket(dst);
    JobIdentity job = new JobIdentity("oss://" + src + "/", "cos:" + REGION + "/" + dst + "/");
    Terminal events = new Terminal();
    MigrationReport report;
    Racing source;
    OssFixture.proxy().clearRequests();
    MigrationOptions options = MigrationOptions.builder().concurrency(8).partConcurrency(4).partsPerObject(2)
        .partSize(PART).multipartThreshold(PART).maxBytesInFlight(64L << 20)
        .initialBackoff(Duration.ofMillis(10)).maxAttempts(3).build();
    try (OssSource oss = OssSource.open(OssFixture.config(src).maxConnections(16).build());
         Sink sink = sink(dst);
         Ledger ledger = RocksDbLedger.open(tmp.resolve("ledger"), job)) {
      source = new Racing(oss, src, after);
      report = Migrator.builder().source(source).sink(sink).ledger(ledger).options(options).listener(events)
          .build().start().completion().get(280, TimeUnit.SECONDS);
      // the ledger records the version that was copied: the new one
      for (String k : after.keySet()) {
        assertThat(ledger.get(k).orElseThrow().fingerprint()).as("ledger fingerprint of %s", k)
            .isEqualTo(oss.stat(k).fingerprint());
      }
    }

    // every listed object ends in exactly one terminal state; the marker is skipped, everything else migrated
    assertThat(events.events).allSatisfy((k, v) -> assertThat(v).as("terminal events of %s", k).hasSize(1));
    assertThat(events.events.get("markers/")).containsExactly("skipped");
    for (String k : expected.keySet()) {
      assertThat(events.events.get(k)).as(k).containsExactly("migrated");
    }
    assertThat(report.listingComplete()).isTrue();
    assertThat(report.failed()).as("%s", report.failures()).isZero();
    assertThat(report.migrated()).isEqualTo(expected.size() + 2);
    assertThat(report.verified()).isEqualTo(report.migrated());
    assertThat(report.verifiedBy()).as("OSS gave x-oss-hash-crc64ecma for every object")
        .isEqualTo(Map.of(MigrationReport.VERIFIED_AGAINST_SOURCE, report.migrated()));

    // parts were read by ranged GETs, never as one stream, and several were in flight at once for one object
    assertThat(source.ranges.get("big/three-parts.bin").get()).isGreaterThanOrEqualTo(3);
    assertThat(source.ranges.get("big/two-parts.bin").get()).isGreaterThanOrEqualTo(2);
    assertThat(source.ranges.get("big/oss-multipart.bin").get()).isGreaterThanOrEqualTo(3);
    assertThat(source.opens).doesNotContainKeys("big/three-parts.bin", "big/two-parts.bin", "big/oss-multipart.bin");
    List<RecordedRequest> rangedGets = OssFixture.proxy().requests().stream()
        .filter(r -> r.bucket().equals(src) && r.key().equals("big/three-parts.bin")
            && r.operation() == Operation.GET_OBJECT)
        .toList();
    assertThat(rangedGets).hasSizeGreaterThanOrEqualTo(3).allSatisfy(r -> assertThat(r.status()).isEqualTo(206));

    // the racing writer did replace both while they were being copied, and only the new content arrived
    assertThat(source.replaced.values()).allSatisfy(r -> assertThat(r).isTrue());
    for (String k : after.keySet()) {
      assertThat(events.retries.get(k)).as("the pinned read of the listed version of %s failed and was retried", k)
          .isNotEmpty().anySatisfy(reason -> assertThat(reason).containsIgnoringCase("changed"));
    }
    expected.putAll(after);
    try (Sink sink = sink(dst)) {
      for (Map.Entry<String, byte[]> e : expected.entrySet()) {
        Optional<ObjectInfo> there = sink.stat(e.getKey());
        assertThat(there).as("object %s at the destination", e.getKey()).isPresent();
        assertThat(there.get().crc64()).as("CRC-64 of %s at COS", e.getKey()).hasValue(Crc64.of(e.getValue()));
        try (OSSObject o = OssFixture.writer().getObject(dst, e.getKey()); InputStream in = o.getObjectContent()) {
          assertThat(in.readAllBytes()).as("bytes of %s read back", e.getKey()).isEqualTo(e.getValue());
        }
      }
      ObjectInfo doc = sink.stat("meta/doc.txt").orElseThrow();
      assertThat(doc.metadata().contentType()).hasValue("text/x-test");
      assertThat(doc.metadata().userMetadata()).containsEntry("origin", "oss-e2e");
    }

    // a second run with the same ledger sends nothing again
    try (OssSource oss = OssSource.open(OssFixture.config(src).maxConnections(16).build());
         Sink sink = sink(dst);
         Ledger ledger = RocksDbLedger.open(tmp.resolve("ledger"), job)) {
      MigrationReport again = Migrator.builder().source(oss).sink(sink).ledger(ledger).options(options).build()
          .start().completion().get(120, TimeUnit.SECONDS);
      assertThat(again.migrated()).isZero();
      assertThat(again.failed()).isZero();
      assertThat(again.skipped()).isEqualTo(expected.size() + 1);
    }
  }

  private static Sink sink(String bucket) {
    return CosSink.create(CosSinkConfig.builder().region(REGION).bucket(bucket).credentials("dummy-id", "dummy-key")
        .endpoint(cos.endpoint()).pathStyle(true).limits(SinkLimits.s3()).build());
  }
}
