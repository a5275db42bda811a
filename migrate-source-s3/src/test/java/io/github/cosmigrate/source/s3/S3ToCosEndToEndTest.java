package io.github.cosmigrate.source.s3;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.github.cosmigrate.sink.cos.CosSink;
import io.github.cosmigrate.sink.cos.CosSinkConfig;
import io.github.cosmigrate.spi.ForwardingSource;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.capability.RangeReader;
import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.ObjectStoreServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3 bucket (S3Proxy, SigV4) into COS (S3Proxy on disk behind the COS dialect proxy) through the engine, the
 * S3 source, the COS sink and the RocksDB ledger; every object is read back from the destination.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class S3ToCosEndToEndTest {
  private static final long PART = 5L << 20;
  private static final String REGION = "ap-guangzhou";

  @TempDir static Path cosDir;
  static ObjectStoreServer cosServer;
  static DialectProxy cos;

  @TempDir Path tmp;

  @BeforeAll
  static void startCos() throws IOException {
    cosServer = ObjectStoreServer.startOnDisk(cosDir, ObjectStoreServer.Auth.none());
    cos = DialectProxy.start(Dialect.COS, cosServer.endpoint());
  }

  @AfterAll
  static void stopCos() {
    if (cos != null) {
      cos.close();
    }
    if (cosServer != null) {
      cosServer.close();
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
   * Counts ranged and whole reads per key, and replaces {@code replaceKey} with {@code replacement} in the source
   * bucket just before the first read of it (a ranged read past the first part, or a whole read), as a writer
   * racing the migration would.
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
        S3Fixture.put(bucket, key, replacements.get(key));
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

  @Test
  void aBucketWithManyKeysAndMultipartObjectsArrivesByteForByteAndARacingWriterNeverLeavesOldContent()
      throws Exception {
    String src = S3Fixture.newBucket();
    Map<String, byte[]> expected = new TreeMap<>();
    for (int i = 0; i < 1_100; i++) {
      byte[] b = ("object " + i + " ").repeat(1 + i % 7).getBytes(StandardCharsets.UTF_8);
      String key = "many/d" + (i % 5) + "/k-" + i + ".txt";
      S3Fixture.server().putObject(src, key, b);
      expected.put(key, b);
    }
    Map<String, byte[]> big = Map.of("big/three-parts.bin", content((int) (2 * PART + 12_345), 1),
        "big/two-parts.bin", content((int) (PART + 1), 2));
    big.forEach((k, v) -> S3Fixture.put(src, k, v));
    expected.putAll(big);
    S3Fixture.put(src, "meta/doc.txt", "with metadata".getBytes(StandardCharsets.UTF_8), "text/x-test",
        Map.of("origin", "s3-e2e"));
    expected.put("meta/doc.txt", "with metadata".getBytes(StandardCharsets.UTF_8));
    S3Fixture.put(src, "empty.bin", new byte[0]);
    expected.put("empty.bin", new byte[0]);
    S3Fixture.put(src, "markers/", new byte[0]);

    // two objects a racing writer replaces after they were listed, with content of the same size
    Map<String, byte[]> before = Map.of("race/large.bin", content((int) (PART + 100), 3),
        "race/small.txt", content(4_000, 4));
    Map<String, byte[]> after = Map.of("race/large.bin", content((int) (PART + 100), 5),
        "race/small.txt", content(4_000, 6));
    before.forEach((k, v) -> S3Fixture.put(src, k, v));

    String dst = "dst-" + src + "-1250000000";
    cosServer.createBucket(dst);
    JobIdentity job = new JobIdentity("s3://" + src + "/", "cos:" + REGION + "/" + dst + "/");
    Terminal events = new Terminal();
    MigrationReport report;
    Racing source;
    try (S3Source s3 = S3Source.open(S3Fixture.config(src).maxConnections(16).build());
         Sink sink = sink(dst);
         Ledger ledger = RocksDbLedger.open(tmp.resolve("ledger"), job)) {
      source = new Racing(s3, src, after);
      MigrationOptions options = MigrationOptions.builder().concurrency(8).partConcurrency(4).partsPerObject(2)
          .partSize(PART).multipartThreshold(PART).maxBytesInFlight(64L << 20)
          .initialBackoff(Duration.ofMillis(10)).maxAttempts(3).build();
      report = Migrator.builder().source(source).sink(sink).ledger(ledger).options(options).listener(events)
          .build().start().completion().get(280, TimeUnit.SECONDS);
      // the ledger records the version that was copied: the new one (its ETag is the new content's MD5)
      for (String k : after.keySet()) {
        assertThat(ledger.get(k).orElseThrow().fingerprint()).as("ledger fingerprint of %s", k)
            .isEqualTo(s3.stat(k).fingerprint());
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

    // parts were read by ranged GETs, never as one stream
    assertThat(source.ranges.get("big/three-parts.bin").get()).isGreaterThanOrEqualTo(3);
    assertThat(source.ranges.get("big/two-parts.bin").get()).isGreaterThanOrEqualTo(2);
    assertThat(source.opens).doesNotContainKeys("big/three-parts.bin", "big/two-parts.bin");

    // the racing writer did replace both while they were being copied, and only the new content arrived
    assertThat(source.replaced.values()).allSatisfy(r -> assertThat(r).isTrue());
    for (String k : after.keySet()) {
      assertThat(events.retries.get(k)).as("the pinned read of the listed version of %s failed and was retried", k)
          .isNotEmpty().anySatisfy(reason -> assertThat(reason).containsIgnoringCase("changed"));
    }
    expected.putAll(after);
    try (Sink sink = sink(dst);
         S3Client reader = S3Client.builder().endpointOverride(cosServer.endpoint()).region(Region.US_EAST_1)
             .forcePathStyle(true).credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
      for (Map.Entry<String, byte[]> e : expected.entrySet()) {
        Optional<ObjectInfo> there = sink.stat(e.getKey());
        assertThat(there).as("object %s at the destination", e.getKey()).isPresent();
        assertThat(there.get().crc64()).as("CRC-64 of %s", e.getKey()).hasValue(Crc64.of(e.getValue()));
        byte[] got = reader.getObjectAsBytes(r -> r.bucket(dst).key(e.getKey())).asByteArray();
        assertThat(got).as("bytes of %s read back", e.getKey()).isEqualTo(e.getValue());
      }
      ObjectInfo doc = sink.stat("meta/doc.txt").orElseThrow();
      assertThat(doc.metadata().contentType()).hasValue("text/x-test");
      assertThat(doc.metadata().userMetadata()).containsEntry("origin", "s3-e2e");
    }
  }

  private static Sink sink(String bucket) {
    return CosSink.create(CosSinkConfig.builder().region(REGION).bucket(bucket).credentials("dummy-id", "dummy-key")
        .endpoint(cos.endpoint()).pathStyle(true).limits(SinkLimits.s3()).build());
  }
}
