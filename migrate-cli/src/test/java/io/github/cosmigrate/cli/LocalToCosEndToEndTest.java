package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.MigrationListener;
import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.Migrator;
import io.github.cosmigrate.cli.internal.Plugins;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceRead;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.ForwardingSource;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.testkit.fakes.FaultyFileSystem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local tree into COS end to end, through the real plugins (LocalSource, CosSink with S3 part limits,
 * RocksDbLedger) and the engine, against S3Proxy behind the COS dialect proxy.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LocalToCosEndToEndTest {
  private static final long PART = 5L << 20;

  @RegisterExtension
  static final CosFixture cos = CosFixture.perClass();

  @TempDir
  Path tmp;

  Path root;
  Path ledgerDir;
  String bucket;

  @BeforeEach
  void tree() throws IOException {
    root = Files.createDirectories(tmp.resolve("src"));
    ledgerDir = tmp.resolve("ledger");
    bucket = cos.newBucket("e2e");
    for (int i = 0; i < 40; i++) {
      TestTrees.write(root.resolve("docs/d" + (i % 4) + "/file-" + i + ".txt"), 100 + i * 37, i);
    }
    TestTrees.write(root.resolve("a/b/c/d/e/f/deep.bin"), 4096, 99);
    Files.write(root.resolve("empty.txt"), new byte[0]);
    TestTrees.write(root.resolve("odd names/with space & ünïcode 中文 #?%+.txt"), 321, 7);
    TestTrees.write(root.resolve("odd names/.hidden"), 12, 8);
    TestTrees.writeLarge(root.resolve("big/three-parts.bin"), 2 * PART + 12345, 42);
    TestTrees.write(root.resolve("vanishing.txt"), 2048, 5);
    Files.createDirectories(root.resolve("links"));
    Files.createSymbolicLink(root.resolve("links/loop"), Path.of(".."));
    Files.createSymbolicLink(root.resolve("links/dangling"), Path.of("no-such-target"));
  }

  /** Records each key's terminal events. */
  static final class Terminal implements MigrationListener {
    final Map<String, List<String>> events = new ConcurrentHashMap<>();
    final Map<String, ErrorKind> failedKinds = new ConcurrentHashMap<>();

    private void add(String key, String what) {
      events.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(what);
    }

    @Override
    public void objectCompleted(String key, long size, PutResult result) {
      add(key, "migrated");
    }

    @Override
    public void objectSkipped(String key, String reason) {
      add(key, "skipped");
    }

    @Override
    public void objectFailed(String key, ErrorKind kind, String reason) {
      add(key, "failed");
      failedKinds.put(key, kind);
    }

    Map<String, Long> count() {
      return events.values().stream().flatMap(List::stream)
          .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    }
  }

  /** A source whose file {@code vanishing.txt} is deleted the first time the engine asks for it after listing. */
  static Source vanishing(Source delegate, Path root, String key) {
    AtomicBoolean gone = new AtomicBoolean();
    return new ForwardingSource(delegate) {
      private void vanish(String k) throws IOException {
        if (k.equals(key) && gone.compareAndSet(false, true)) {
          Files.delete(root.resolve(key));
        }
      }

      @Override public ObjectInfo stat(String k) throws IOException { vanish(k); return super.stat(k); }
      @Override public SourceRead open(ObjectInfo o) throws IOException { vanish(o.key()); return super.open(o); }
    };
  }

  /** The root the source walks: the real directory, or its view through a fault-injecting file system. */
  Path sourceRoot;

  private MigrationReport migrate(Terminal listener, boolean withVanishing) throws Exception {
    JobIdentity job = new JobIdentity("local:" + root.toRealPath(), "cos:test/" + bucket + "/");
    try (Source local = Plugins.localSource(sourceRoot == null ? root.toRealPath() : sourceRoot, true, List.of());
         Source source = withVanishing ? vanishing(local, root, "vanishing.txt") : local;
         Sink sink = cos.sink(bucket);
         Ledger ledger = Plugins.ledger(ledgerDir, job)) {
      MigrationOptions options = MigrationOptions.builder().concurrency(8).partConcurrency(4).partsPerObject(2)
          .partSize(PART).multipartThreshold(PART).maxBytesInFlight(64L << 20)
          .initialBackoff(java.time.Duration.ofMillis(10)).maxAttempts(2).build();
      return Migrator.builder().source(source).sink(sink).ledger(ledger).options(options).listener(listener)
          .build().start().completion().get(100, TimeUnit.SECONDS);
    }
  }

  private void assertBucketHolds(Map<String, Path> files) throws IOException {
    try (Sink sink = cos.sink(bucket)) {
      for (Map.Entry<String, Path> e : files.entrySet()) {
        Optional<ObjectInfo> o = sink.stat(e.getKey());
        assertThat(o).as("object %s", e.getKey()).isPresent();
        assertThat(o.get().size()).as("size of %s", e.getKey()).isEqualTo(Files.size(e.getValue()));
        assertThat(o.get().crc64()).as("CRC-64 of %s", e.getKey()).hasValue(TestTrees.crc64(e.getValue()));
      }
    }
  }

  @Test
  void everyEntryEndsInExactlyOneStateRerunSkipsAndAChangedFileIsResent() throws Exception {
    Path unreadable = Files.writeString(Files.createDirectories(root.resolve("secret")).resolve("unreadable.txt"),
        "no");
    Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
    if (TestTrees.runningAsRoot()) {
      // chmod 000 does not stop root: deny the read through a fault-injecting view of the same tree instead
      FaultyFileSystem faulty = FaultyFileSystem.wrapDefault();
      faulty.denyAccess(faulty.wrap(unreadable.toRealPath()), FaultyFileSystem.Op.OPEN_FILE);
      sourceRoot = faulty.wrap(root.toRealPath());
    }

    Map<String, Path> files = TestTrees.regularFiles(root);
    files.remove("vanishing.txt");
    files.remove("secret/unreadable.txt");
    Terminal first = new Terminal();
    MigrationReport r1 = migrate(first, true);

    // exactly one terminal event per key, and the report counts the same
    assertThat(first.events).allSatisfy((k, v) -> assertThat(v).as("terminal events of %s", k).hasSize(1));
    assertThat(r1.total()).isEqualTo(first.events.size());
    assertThat(r1.listingComplete()).isTrue();
    assertThat(first.events.keySet()).containsAll(files.keySet());
    files.keySet().forEach(k -> assertThat(first.events.get(k)).as(k).containsExactly("migrated"));
    assertThat(r1.migrated()).isEqualTo(files.size());

    // the traps failed, each with a reason
    assertThat(first.failedKinds.keySet()).anyMatch(k -> k.startsWith("links/loop"));
    assertThat(first.failedKinds.keySet()).anyMatch(k -> k.startsWith("links/dangling"));
    assertThat(first.failedKinds).containsKey("vanishing.txt");
    assertThat(first.failedKinds.get("vanishing.txt")).isIn(ErrorKind.NOT_FOUND, ErrorKind.SOURCE_CHANGED);
    assertThat(first.failedKinds).containsEntry("secret/unreadable.txt", ErrorKind.ACCESS_DENIED);
    assertThat(r1.failed()).isEqualTo(first.failedKinds.size());
    assertThat(r1.failures()).allSatisfy(f -> assertThat(f.reason()).isNotBlank());
    assertThat(r1.verified()).isEqualTo(files.size());
    assertBucketHolds(files);

    // rerun: everything migrated before is skipped, nothing is sent
    Terminal second = new Terminal();
    MigrationReport r2 = migrate(second, false);
    assertThat(r2.migrated()).isZero();
    assertThat(r2.bytesTransferred()).isZero();
    files.keySet().forEach(k -> assertThat(second.events.get(k)).as(k).containsExactly("skipped"));
    assertThat(second.events).allSatisfy((k, v) -> assertThat(v).hasSize(1));

    // a changed file is sent again, and only it
    Path changed = root.resolve("docs/d1/file-1.txt");
    TestTrees.write(changed, 777, 1234);
    Files.setLastModifiedTime(changed, FileTime.from(Instant.now().plusSeconds(5)));
    Terminal third = new Terminal();
    MigrationReport r3 = migrate(third, false);
    assertThat(r3.migrated()).isEqualTo(1);
    assertThat(third.events.get("docs/d1/file-1.txt")).containsExactly("migrated");
    assertBucketHolds(Map.of("docs/d1/file-1.txt", changed));
  }

  @Test
  void cliExitCodesAndOneLineReasons() throws Exception {
    Path report = tmp.resolve("report.json");
    Map<String, String> env = Map.of("COS_SECRET_ID", "dummy-id", "COS_SECRET_KEY", "dummy-secret-value");
    String[] args = {"local", "--source", root.toString(), "--bucket", bucket, "--region", "ap-guangzhou",
        "--endpoint", cos.endpoint(), "--path-style", "--sink-limits", "s3", "--ledger", ledgerDir.toString(),
        "--part-size", "5MiB", "--small-file-threshold", "5MiB", "--symlinks", "follow", "--report",
        report.toString(), "--quiet"};

    MainTest.Result withTraps = MainTest.main(env, args);
    assertThat(withTraps.status()).as(withTraps.err()).isEqualTo(Main.INCOMPLETE);
    assertThat(withTraps.err().lines().filter(l -> l.startsWith("cos-migrate: ")).toList())
        .singleElement().asString().startsWith("cos-migrate: 2 objects failed (").contains("; see ", "failures-");
    assertThat(withTraps.err()).doesNotContain("dummy-secret-value");
    assertThat(Files.readString(report)).contains("\"failed\": 2", "\"success\": false");

    // without the traps, a rerun succeeds and sends nothing new
    Files.delete(root.resolve("links/loop"));
    Files.delete(root.resolve("links/dangling"));
    MainTest.Result clean = MainTest.main(env, args);
    assertThat(clean.status()).as(clean.err()).isEqualTo(Main.OK);
    assertThat(Files.readString(report)).contains("\"success\": true", "\"migrated\": 0", "\"failed\": 0");
    assertThat(clean.out()).contains("migrated 0");
    assertBucketHolds(TestTrees.regularFiles(root));

    // with --symlinks skip, a loop is skipped, not failed
    Files.createSymbolicLink(root.resolve("links/loop"), Path.of(".."));
    String[] skipLinks = java.util.Arrays.stream(args).map(a -> a.equals("follow") ? "skip" : a)
        .toArray(String[]::new);
    MainTest.Result skipped = MainTest.main(env, skipLinks);
    assertThat(skipped.status()).as(skipped.err()).isEqualTo(Main.OK);
  }

  @Test
  void aMissingBucketIsAConfigurationError() {
    Map<String, String> env = Map.of("COS_SECRET_ID", "dummy-id", "COS_SECRET_KEY", "dummy-key");
    MainTest.Result r = MainTest.main(env, "local", "--source", root.toString(), "--bucket", "missing-1250000000",
        "--region", "ap-guangzhou", "--endpoint", cos.endpoint(), "--path-style", "--sink-limits", "s3",
        "--ledger", ledgerDir.toString(), "--quiet");
    assertThat(r.status()).as(r.err()).isEqualTo(Main.CONFIG);
    assertThat(r.err().lines().filter(l -> l.startsWith("cos-migrate: ")).toList()).singleElement().asString()
        .contains("missing-1250000000");
  }

  @Test
  void orphanedUploadsOfThisJobAreAbortedAndTheUploadsCommandListsAndAbortsTheRest() throws Exception {
    Files.delete(root.resolve("links/loop"));
    Files.delete(root.resolve("links/dangling"));
    Map<String, String> env = Map.of("COS_SECRET_ID", "dummy-id", "COS_SECRET_KEY", "dummy-key");
    String[] local = {"local", "--source", root.toString(), "--bucket", bucket, "--region", "ap-guangzhou",
        "--endpoint", cos.endpoint(), "--path-style", "--sink-limits", "s3", "--ledger", ledgerDir.toString(),
        "--part-size", "5MiB", "--small-file-threshold", "5MiB", "--quiet"};
    assertThat(MainTest.main(env, local).status()).isEqualTo(Main.OK);

    // uploads a killed run could have left: one of this job's keys, and one of a key this job does not own
    try (Sink sink = cos.sink(bucket)) {
      sink.initiateMultipart("big/three-parts.bin", io.github.cosmigrate.model.ObjectMetadata.empty());
      sink.initiateMultipart("foreign/other-tool.bin", io.github.cosmigrate.model.ObjectMetadata.empty());
    }
    MainTest.Result again = MainTest.main(env, local);
    assertThat(again.status()).as(again.err()).isEqualTo(Main.OK);
    assertThat(again.err()).contains("aborted 1 unfinished multipart upload");
    try (Sink sink = cos.sink(bucket)) {
      assertThat(sink.listMultipartUploads("")).extracting(io.github.cosmigrate.model.MultipartUpload::key)
          .containsExactly("foreign/other-tool.bin");
    }

    String[] uploads = {"uploads", "--bucket", bucket, "--region", "ap-guangzhou", "--endpoint", cos.endpoint(),
        "--path-style", "--source", root.toString(), "--ledger", ledgerDir.toString()};
    MainTest.Result listed = MainTest.main(env, uploads);
    assertThat(listed.status()).as(listed.err()).isEqualTo(Main.OK);
    assertThat(listed.out()).contains("foreign/other-tool.bin").contains("orphaned");
    String[] abort = java.util.stream.Stream.concat(java.util.Arrays.stream(uploads), java.util.stream.Stream.of(
        "--abort")).toArray(String[]::new);
    MainTest.Result aborted = MainTest.main(env, abort);
    assertThat(aborted.status()).as(aborted.err()).isEqualTo(Main.OK);
    assertThat(aborted.out()).contains("foreign/other-tool.bin").contains("aborted");
    try (Sink sink = cos.sink(bucket)) {
      assertThat(sink.listMultipartUploads("")).isEmpty();
    }
  }
}
