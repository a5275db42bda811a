package io.github.cosmigrate.source.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.api.FailedObject;
import io.github.cosmigrate.api.ManifestSource;
import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.Migrator;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.ledger.rocksdb.RocksDbLedger;
import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.ObjectStoreServer;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.sink.cos.CosSink;
import io.github.cosmigrate.sink.cos.CosSinkConfig;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 source listed from a manifest instead of the bucket, through the engine into COS: an S3 Inventory CSV
 * (gzip, the full versioned schema, URL-encoded keys, bad rows, old versions and delete markers, objects replaced
 * after the inventory was written) and a plain key list. The source is watched through a request-recording proxy:
 * a manifest run sends no LIST request, and an inventory run sends no HEAD for a small object.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class S3ManifestToCosEndToEndTest {
  private static final long PART = 5L << 20;
  private static final String REGION = "ap-guangzhou";
  private static final String SCHEMA = "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, "
      + "ETag, StorageClass, IsMultipartUploaded";

  @TempDir static Path cosDir;
  static ObjectStoreServer cosServer;
  static DialectProxy cos;
  static ObjectStoreServer store;
  static DialectProxy watched;
  static S3Client writer;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws IOException {
    cosServer = ObjectStoreServer.startOnDisk(cosDir, ObjectStoreServer.Auth.none());
    cos = DialectProxy.start(Dialect.COS, cosServer.endpoint());
    // S3 requests pass the proxy untouched: it only records them
    store = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none());
    watched = DialectProxy.start(Dialect.COS, store.endpoint());
    writer = S3Client.builder().endpointOverride(store.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(credentials()).build();
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {writer, watched, store, cos, cosServer}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // best effort
      }
    }
  }

  static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("manifest-key", "manifest-secret"));
  }

  private static S3Source s3(String bucket, String prefix) {
    return S3Source.open(S3SourceConfig.builder(bucket).endpoint(watched.endpoint()).region("us-east-1")
        .pathStyle(true).prefix(prefix).credentials(credentials()).maxConnections(16).build());
  }

  private static Sink sink(String bucket) {
    return CosSink.create(CosSinkConfig.builder().region(REGION).bucket(bucket).credentials("dummy-id", "dummy-key")
        .endpoint(cos.endpoint()).pathStyle(true).limits(SinkLimits.s3()).build());
  }

  private static MigrationOptions options(String prefix) {
    return MigrationOptions.builder().destinationPrefix(prefix).concurrency(8).partConcurrency(4).partsPerObject(2)
        .partSize(PART).multipartThreshold(PART).maxBytesInFlight(64L << 20).initialBackoff(Duration.ofMillis(10))
        .maxAttempts(3).build();
  }

  private static MigrationReport run(Source source, String dst, Path ledgerDir, JobIdentity job) throws Exception {
    try (Sink sink = sink(dst); Ledger ledger = RocksDbLedger.open(ledgerDir, job)) {
      return Migrator.builder().source(source).sink(sink).ledger(ledger).options(options("")).build().start()
          .completion().get(280, TimeUnit.SECONDS);
    }
  }

  private static Map<Operation, Integer> operations(String bucket) {
    Map<Operation, Integer> n = new TreeMap<>();
    for (RecordedRequest q : watched.requests()) {
      if (q.bucket().equals(bucket)) {
        n.merge(q.operation(), 1, Integer::sum);
      }
    }
    return n;
  }

  static byte[] content(int size, long seed) {
    return S3ToCosEndToEndTest.content(size, seed);
  }

  private static String csv(String... fields) {
    return "\"" + String.join("\",\"", fields) + "\"\n";
  }

  private static String encode(String key) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8); // form encoding, as S3 Inventory writes keys
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = new GZIPOutputStream(out)) {
      z.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  /** An inventory row for each object of {@code bucket} under {@code prefix}, as S3 Inventory writes it. */
  private static StringBuilder inventory(String bucket, String prefix) {
    StringBuilder s = new StringBuilder();
    for (S3Object o : writer.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
      s.append(csv(bucket, encode(o.key()), "", "true", "false", String.valueOf(o.size()),
          DateTimeFormatter.ISO_INSTANT.format(o.lastModified().truncatedTo(ChronoUnit.MILLIS)),
          ObjectInfo.unquoteEtag(o.eTag()), "STANDARD", o.size() > PART ? "TRUE" : "FALSE"));
    }
    return s;
  }

  @Test
  void anInventoryRunSendsNoListRequestMigratesEveryCurrentObjectAndFailsTheStaleOnesClearly() throws Exception {
    String src = "inv" + Long.toHexString(System.nanoTime() & 0xffffffL);
    store.createBucket(src);
    Map<String, byte[]> expected = new TreeMap<>();
    for (int i = 0; i < 1_150; i++) {
      byte[] b = ("object " + i + " ").repeat(1 + i % 9).getBytes(StandardCharsets.UTF_8);
      String key = "data/d" + (i % 6) + "/k-" + i + ".txt";
      store.putObject(src, key, b);
      expected.put(key, b);
    }
    for (String odd : List.of("data/with space+plus%25.txt", "data/中文/キー.bin", "data/a&b=c?d#e.txt")) {
      byte[] b = ("odd " + odd).getBytes(StandardCharsets.UTF_8);
      store.putObject(src, odd, b);
      expected.put(odd, b);
    }
    byte[] big = content((int) (2 * PART + 12_345), 1);
    writer.putObject(r -> r.bucket(src).key("data/big/three-parts.bin").contentType("video/x-test")
        .metadata(Map.of("origin", "inventory")), RequestBody.fromBytes(big));
    expected.put("data/big/three-parts.bin", big);
    store.putObject(src, "data/empty.bin", new byte[0]);
    expected.put("data/empty.bin", new byte[0]);
    store.putObject(src, "data/marker/", new byte[0]);
    store.putObject(src, "outside/not-in-job.txt", "x".getBytes(StandardCharsets.UTF_8));
    // two objects replaced after the inventory was written
    store.putObject(src, "data/stale/small.txt", "old small".getBytes(StandardCharsets.UTF_8));
    store.putObject(src, "data/stale/large.bin", content((int) (PART + 100), 2));

    StringBuilder rows = inventory(src, "");
    // rows a versioned inventory also has, and rows that cannot be used
    rows.append(csv(src, "data/old-version.txt", "v1", "false", "false", "3", "2020-01-01T00:00:00.000Z", "e1",
        "STANDARD", "FALSE"));
    rows.append(csv(src, "data/deleted.txt", "v2", "true", "true", "", "2024-01-01T00:00:00.000Z", "", "", ""));
    rows.append(csv("another-bucket", "data/x.txt", "", "true", "false", "1", "2024-01-01T00:00:00.000Z", "e",
        "STANDARD", "FALSE"));
    rows.append(csv(src, "data/short-row.txt", "1"));
    rows.append(csv(src, "data/never-existed.txt", "", "true", "false", "5", "2024-01-01T00:00:00.000Z",
        "0123456789abcdef0123456789abcdef", "STANDARD", "FALSE"));
    Path manifest = Files.write(tmp.resolve("0f1e2d3c-inventory.csv.gz"), gzip(rows.toString()));
    long lines = rows.chars().filter(c -> c == '\n').count();
    store.putObject(src, "data/stale/small.txt", "new small".getBytes(StandardCharsets.UTF_8));
    store.putObject(src, "data/stale/large.bin", content((int) (PART + 100), 3));

    String dst = "dst-" + src + "-1250000000";
    cosServer.createBucket(dst);
    JobIdentity job = new JobIdentity("s3://" + src + "/data/", "cos:" + REGION + "/" + dst + "/");
    Path ledger = tmp.resolve("ledger");
    watched.clearRequests();
    MigrationReport report;
    try (S3Source s3 = s3(src, "data/");
         ManifestSource source = ManifestSource.builder(s3, manifest).bucket(src).prefix("data/").schema(SCHEMA)
             .build()) {
      report = run(source, dst, ledger, job);
    }

    Map<Operation, Integer> ops = operations(src);
    assertThat(ops).as("requests to the source").doesNotContainKey(Operation.LIST_OBJECTS);
    assertThat(ops.get(Operation.HEAD_OBJECT)).as("HEADs: the stat before each multipart upload only")
        .isEqualTo(2);
    assertThat(ops.get(Operation.GET_OBJECT)).as("GETs").isGreaterThanOrEqualTo(expected.size() + 3 - 1);

    Map<String, FailedObject> failures = report.failures().stream()
        .collect(Collectors.toMap(FailedObject::key, f -> f));
    assertThat(failures).containsOnlyKeys("stale/small.txt", "stale/large.bin", manifest.getFileName() + ":"
        + (lines - 2), manifest.getFileName() + ":" + (lines - 1), "never-existed.txt");
    for (String k : List.of("stale/small.txt", "stale/large.bin")) {
      assertThat(failures.get(k).kind()).isEqualTo(ErrorKind.INVALID_INPUT);
      assertThat(failures.get(k).reason()).contains("object 'data/" + k + "' of bucket '" + src
          + "' changed since the manifest 0f1e2d3c-inventory.csv.gz was written");
    }
    assertThat(failures.get("stale/large.bin").reason()).as("seen by the stat before its upload").contains("ETag");
    assertThat(failures.get(manifest.getFileName() + ":" + (lines - 2)).reason())
        .isEqualTo("manifest 0f1e2d3c-inventory.csv.gz line " + (lines - 2) + ": the row is for bucket "
            + "'another-bucket', not '" + src + "': a manifest lists one bucket; use the inventory of '" + src + "'");
    assertThat(failures.get(manifest.getFileName() + ":" + (lines - 1)).reason())
        .contains("line " + (lines - 1) + ": expected 10 fields");
    assertThat(failures.get("never-existed.txt").kind()).isEqualTo(ErrorKind.NOT_FOUND);
    assertThat(report.failed()).isEqualTo(5);
    assertThat(report.migrated()).isEqualTo(expected.size());
    assertThat(report.skippedByReason()).containsOnlyKeys("directory marker (a zero-byte key ending in '/')");
    assertThat(report.verified()).isEqualTo(report.migrated());
    assertThat(report.listingComplete()).isTrue();

    try (Sink sink = sink(dst)) {
      for (Map.Entry<String, byte[]> e : expected.entrySet()) {
        String k = e.getKey().substring("data/".length());
        Optional<ObjectInfo> there = sink.stat(k);
        assertThat(there).as("object %s at the destination", k).isPresent();
        assertThat(there.get().crc64()).as("CRC-64 of %s", k).hasValue(Crc64.of(e.getValue()));
      }
      assertThat(sink.stat("stale/small.txt")).isEmpty();
      assertThat(sink.stat("stale/large.bin")).isEmpty();
      ObjectInfo bigThere = sink.stat("big/three-parts.bin").orElseThrow();
      assertThat(bigThere.metadata().contentType()).as("a large object's metadata, from the stat").hasValue(
          "video/x-test");
      assertThat(bigThere.metadata().userMetadata()).containsEntry("origin", "inventory");
    }

    // the same manifest again: nothing is read
    watched.clearRequests();
    try (S3Source s3 = s3(src, "data/");
         ManifestSource source = ManifestSource.builder(s3, manifest).bucket(src).prefix("data/").schema(SCHEMA)
             .build()) {
      MigrationReport again = run(source, dst, ledger, job);
      assertThat(again.migrated()).isZero();
      assertThat(again.skippedByReason()).containsEntry("unchanged", (long) expected.size());
    }
    assertThat(watched.requests()).filteredOn(q -> q.bucket().equals(src) && q.operation() == Operation.OTHER)
        .as("the source's probe: one HEAD Bucket").singleElement()
        .satisfies(q -> assertThat(q.method() + " '" + q.key() + "'").isEqualTo("HEAD ''"));
    Map<Operation, Integer> rerun = operations(src);
    rerun.remove(Operation.OTHER);
    assertThat(rerun).as("requests of the rerun").containsOnlyKeys(Operation.GET_OBJECT, Operation.HEAD_OBJECT)
        .doesNotContainKey(Operation.LIST_OBJECTS);

    // a listing run on the same ledger recognises the manifest run's work: the fingerprints agree
    watched.clearRequests();
    try (S3Source s3 = s3(src, "data/")) {
      MigrationReport listed = run(s3, dst, ledger, job);
      assertThat(listed.skippedByReason()).containsEntry("unchanged", (long) expected.size());
      assertThat(listed.migrated()).as("only the objects replaced after the inventory").isEqualTo(2);
      assertThat(listed.failed()).isZero();
    }
    Map<Operation, Integer> listing = operations(src);
    assertThat(listing).containsKey(Operation.LIST_OBJECTS);
    assertThat(listing.getOrDefault(Operation.GET_OBJECT, 0)).as("GETs of the listing run: the two replaced "
        + "objects (one of them in 2 parts)").isEqualTo(3);
  }

  @Test
  void aKeyListRunStatsEachKeyOnceAndSendsNoListRequest() throws Exception {
    String src = "keys" + Long.toHexString(System.nanoTime() & 0xffffffL);
    store.createBucket(src);
    Map<String, byte[]> expected = new TreeMap<>();
    StringBuilder keys = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      String key = "list/k " + i + (i % 3 == 0 ? "+plus" : "") + ".txt";
      byte[] b = ("key list object " + i).getBytes(StandardCharsets.UTF_8);
      expected.put(key, b);
      keys.append(key).append('\n');
    }
    writer.putObject(r -> r.bucket(src).key("list/typed.txt").contentType("text/x-typed")
        .metadata(Map.of("origin", "keys")), RequestBody.fromString("typed"));
    expected.put("list/typed.txt", "typed".getBytes(StandardCharsets.UTF_8));
    keys.append("list/typed.txt\r\n\nlist/missing.txt\nelsewhere/x.txt\n");
    expected.forEach((k, v) -> {
      if (!k.equals("list/typed.txt")) {
        store.putObject(src, k, v);
      }
    });
    Path manifest = Files.writeString(tmp.resolve("keys.txt"), keys);
    String dst = "dst-" + src + "-1250000000";
    cosServer.createBucket(dst);
    watched.clearRequests();
    MigrationReport report;
    try (S3Source s3 = s3(src, "list/");
         ManifestSource source = ManifestSource.builder(s3, manifest).bucket(src).prefix("list/").build()) {
      assertThat(source.isInventory()).isFalse();
      report = run(source, dst, tmp.resolve("ledger"), new JobIdentity("s3://" + src + "/list/", "cos:" + dst));
    }
    Map<Operation, Integer> ops = operations(src);
    assertThat(ops).doesNotContainKey(Operation.LIST_OBJECTS);
    assertThat(ops.get(Operation.HEAD_OBJECT)).as("one HEAD per key in the job").isEqualTo(expected.size() + 1);
    Map<String, Integer> getsPerKey = new HashMap<>();
    watched.requests().stream().filter(q -> q.bucket().equals(src) && q.operation() == Operation.GET_OBJECT)
        .forEach(q -> getsPerKey.merge(q.key(), 1, Integer::sum));
    assertThat(getsPerKey).hasSize(expected.size()).allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
    assertThat(report.migrated()).isEqualTo(expected.size());
    assertThat(report.failures()).singleElement().satisfies(f -> {
      assertThat(f.key()).isEqualTo("missing.txt");
      assertThat(f.kind()).isEqualTo(ErrorKind.NOT_FOUND);
      assertThat(f.reason()).startsWith("manifest keys.txt line " + (expected.size() + 2) + ": listed, but ");
    });
    try (Sink sink = sink(dst)) {
      for (Map.Entry<String, byte[]> e : expected.entrySet()) {
        String k = e.getKey().substring("list/".length());
        assertThat(sink.stat(k)).as(k).hasValueSatisfying(o -> assertThat(o.crc64()).hasValue(Crc64.of(e.getValue())));
      }
      ObjectInfo typed = sink.stat("typed.txt").orElseThrow();
      assertThat(typed.metadata().contentType()).hasValue("text/x-typed");
      assertThat(typed.metadata().userMetadata()).containsEntry("origin", "keys");
    }
  }
}
