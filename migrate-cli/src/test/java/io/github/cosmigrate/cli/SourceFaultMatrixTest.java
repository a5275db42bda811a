package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.cli.internal.RemoteSource;
import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.Fault;
import io.github.cosmigrate.server.FaultPlan;
import io.github.cosmigrate.server.ObjectStoreServer;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RangeFileServer;
import io.github.cosmigrate.server.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sources' fault matrix: {@code cos-migrate s3|oss|cos|url} (in-process) into COS, with one kind of fault
 * injected per case into the <em>source's</em> requests: through a {@link DialectProxy} in front of the S3, OSS
 * and COS sources (the S3 source's signed requests pass through it untouched), through {@link RangeFileServer}'s
 * faults for URL lists. Each source holds five small objects, an empty one and one read as two ranged parts. Every
 * case ends with every object migrated and verified at its key, or failed with an allowed kind; nothing the
 * ledger records as migrated is missing or different; nothing misplaced; the source reads counted stay within
 * the fault-free count plus a small retry budget per injected fault. A body that trickles past the read timeout
 * is covered per plugin ({@code S3SourceFaultTest}, {@code OssSourceFaultTest}, {@code UrlSourceFaultTest}): the
 * s3, oss and cos commands have no flag to shorten the SDKs' read timeouts.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class SourceFaultMatrixTest {
  private static final long PART = 5L << 20;
  private static final String AK = "matrix-access-key";
  private static final String SK = "matrix-secret-key";
  private static final String BIG = "big/two-parts.bin";
  private static final String CHANGED = "docs/file-2.txt";

  @TempDir
  static Path serverDir;

  static CosFixture cos;
  static ObjectStoreServer s3Store;
  static DialectProxy s3Front;
  static ObjectStoreServer ossStore;
  static DialectProxy ossFront;
  static CosFixture cosSource;
  static RangeFileServer files;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() throws IOException {
    cos = CosFixture.startOnDisk(serverDir.resolve("cos"));
    // a COS source on its own server: the destination refuses server-side copies from it (403), so it streams
    cos.proxy.faults().failNext(Integer.MAX_VALUE, r -> r.operation() == Operation.COPY_OBJECT,
        Fault.status(403, "AccessDenied"));
    s3Store = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.awsV4(AK, SK));
    s3Front = DialectProxy.start(Dialect.COS, s3Store.endpoint());
    ossStore = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none());
    ossFront = DialectProxy.start(Dialect.OSS, ossStore.endpoint());
    cosSource = CosFixture.startOnDisk(serverDir.resolve("cos-src"));
    files = RangeFileServer.serve(Files.createDirectories(serverDir.resolve("www")));
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {files, cosSource, ossFront, ossStore, s3Front, s3Store, cos}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // stopping
      }
    }
  }

  /** A source kind: where its objects live and how the command reaches them. */
  enum Kind {
    S3, OSS, COS, URL;

    /** The proxy whose faults reach this source (none for URL). */
    DialectProxy front() {
      return switch (this) {
        case S3 -> s3Front;
        case OSS -> ossFront;
        case COS -> cosSource.proxy;
        case URL -> null;
      };
    }

    void createBucket(String bucket) {
      switch (this) {
        case S3 -> s3Store.createBucket(bucket);
        case OSS -> ossStore.createBucket(bucket);
        case COS -> cosSource.server.createBucket(bucket);
        case URL -> { }
      }
    }

    void put(String bucket, String key, byte[] b) throws IOException {
      switch (this) {
        case S3 -> s3Store.putObject(bucket, key, b);
        case OSS -> ossStore.putObject(bucket, key, b);
        case COS -> cosSource.server.putObject(bucket, key, b);
        case URL -> {
          Path f = serverDir.resolve("www").resolve(bucket).resolve(key);
          Files.createDirectories(f.getParent());
          Files.write(f, b);
        }
      }
    }
  }

  /** One case: the sources it applies to, how many faults it injects, the failure kinds it may end with. */
  record Case(String name, Set<Kind> kinds, int injected, Set<String> mayFail, Arm arm) {}

  /** Arms the source's faults for one case. */
  interface Arm {
    void arm(Kind kind, FaultPlan plan, Predicate<RecordedRequest> inBucket, String bucket);
  }

  private static Predicate<RecordedRequest> get(Predicate<RecordedRequest> b) {
    return b.and(r -> r.operation() == Operation.GET_OBJECT);
  }

  private static final Set<Kind> STORES = Set.of(Kind.S3, Kind.OSS, Kind.COS);
  private static final Set<Kind> ALL = Set.of(Kind.S3, Kind.OSS, Kind.COS, Kind.URL);

  static List<Case> caseList() {
    List<Case> c = new ArrayList<>();
    c.add(new Case("none", ALL, 0, Set.of(), (k, p, b, n) -> { }));
    c.add(new Case("503 SlowDown burst with Retry-After", ALL, 3, Set.of(), (k, p, b, n) -> {
      if (k == Kind.URL) {
        files.failNext(3, 503);
      } else {
        p.failNext(3, get(b), Fault.slowDown());
      }
    }));
    c.add(new Case("503 SlowDown burst without Retry-After", STORES, 3, Set.of(),
        (k, p, b, n) -> p.failNext(3, get(b), Fault.slowDownWithoutRetryAfter())));
    c.add(new Case("500 InternalError on reads and on the listing", ALL, 3, Set.of(), (k, p, b, n) -> {
      if (k == Kind.URL) {
        files.failNext(3, 500);
      } else {
        p.failNext(1, b.and(r -> r.operation() == Operation.LIST_OBJECTS), Fault.internalError());
        p.failNext(2, get(b), Fault.internalError());
      }
    }));
    c.add(new Case("connection reset before the body", STORES, 2, Set.of(),
        (k, p, b, n) -> p.failNext(2, get(b), Fault.connectionReset())));
    c.add(new Case("connection reset in the middle of the body", STORES, 2, Set.of(),
        (k, p, b, n) -> p.failNext(2, get(b).and(r -> !r.key().equals("empty.txt")), Fault.resetDuringBody())));
    c.add(new Case("truncated body", ALL, 2, Set.of(), (k, p, b, n) -> {
      if (k == Kind.URL) {
        files.truncateNext(2);
      } else {
        p.failNext(2, get(b).and(r -> !r.key().equals("empty.txt")), Fault.truncateBody());
      }
    }));
    c.add(new Case("wrong CRC-64 reported by the source", Set.of(Kind.OSS, Kind.COS), 2, Set.of(),
        (k, p, b, n) -> p.failNext(2, b.and(r -> r.key().equals("docs/file-1.txt")
            && (r.operation() == Operation.GET_OBJECT || r.operation() == Operation.HEAD_OBJECT)), Fault.corruptCrc())));
    c.add(new Case("missing ETag on reads", STORES, 2, Set.of(),
        (k, p, b, n) -> p.failNext(2, get(b), Fault.omitEtag())));
    c.add(new Case("one listing answer cut short (not well-formed XML)", STORES, 1, Set.of(),
        (k, p, b, n) -> p.failNext(1, b.and(r -> r.operation() == Operation.LIST_OBJECTS), Fault.malformedXml())));
    c.add(new Case("object rewritten between listing and reading", STORES, 0, Set.of("SOURCE_CHANGED"),
        (k, p, b, n) -> {
          AtomicBoolean done = new AtomicBoolean();
          p.failNext(1, get(b).and(r -> {
            if (r.key().equals(CHANGED) && done.compareAndSet(false, true)) {
              try {
                k.put(n, CHANGED, "rewritten while the migration ran".getBytes(StandardCharsets.UTF_8));
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }
            return false;
          }), Fault.internalError());
        }));
    return c;
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Case c : caseList()) {
      for (Kind k : Kind.values()) {
        if (c.kinds().contains(k)) {
          out.add(Arguments.of(k, c.name(), c));
        }
      }
    }
    return out.stream();
  }

  private Map<String, byte[]> fill(Kind kind, String bucket) throws IOException {
    kind.createBucket(bucket);
    Map<String, byte[]> m = new TreeMap<>();
    for (int i = 0; i < 5; i++) {
      m.put("docs/file-" + i + ".txt", bytes(100 + i * 333, i));
    }
    m.put("empty.txt", new byte[0]);
    m.put(BIG, bytes((int) PART + 4321, 77));
    for (Map.Entry<String, byte[]> e : m.entrySet()) {
      kind.put(bucket, e.getKey(), e.getValue());
    }
    return m;
  }

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  /** The source's content after the run, as the source now holds it. */
  private static Map<String, byte[]> current(Kind kind, String bucket, Map<String, byte[]> before)
      throws IOException {
    Map<String, byte[]> m = new TreeMap<>(before);
    if (kind == Kind.URL) {
      return m;
    }
    ObjectStoreServer store = switch (kind) {
      case S3 -> s3Store;
      case OSS -> ossStore;
      default -> cosSource.server;
    };
    try (var client = software.amazon.awssdk.services.s3.S3Client.builder().endpointOverride(store.endpoint())
        .region(software.amazon.awssdk.regions.Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(AK, SK))).build()) {
      m.put(CHANGED, client.getObjectAsBytes(q -> q.bucket(bucket).key(CHANGED)).asByteArray());
    }
    return m;
  }

  private List<String> args(Kind kind, String bucket, String dst, Path ledger, Path failures) throws IOException {
    List<String> a = new ArrayList<>();
    switch (kind) {
      case S3 -> a.addAll(List.of("s3", "--src-bucket", bucket, "--src-region", "us-east-1", "--src-endpoint",
          s3Front.endpoint().toString(), "--src-path-style"));
      case OSS -> a.addAll(List.of("oss", "--src-bucket", bucket, "--src-endpoint", ossFront.endpoint().toString(),
          "--src-path-style"));
      case COS -> a.addAll(List.of("cos", "--src-bucket", bucket, "--src-region", CosFixture.REGION,
          "--src-endpoint", cosSource.endpoint()));
      case URL -> {
        StringBuilder list = new StringBuilder();
        for (String key : List.of("docs/file-0.txt", "docs/file-1.txt", "docs/file-2.txt", "docs/file-3.txt",
            "docs/file-4.txt", "empty.txt", BIG)) {
          list.append(files.uriOf(bucket + "/" + key)).append('\t').append(key).append('\n');
        }
        Path f = tmp.resolve("urls.txt");
        Files.writeString(f, list.toString());
        a.addAll(List.of("url", "--list", f.toString()));
      }
    }
    a.addAll(List.of("--bucket", dst, "--region", CosFixture.REGION, "--endpoint", cos.endpoint(), "--path-style",
        "--sink-limits", "s3", "--ledger", ledger.toString(), "--failures", failures.toString(), "--report",
        failures.resolveSibling(failures.getFileName() + ".report.json").toString(), "--part-size",
        String.valueOf(PART), "--small-file-threshold", String.valueOf(PART), "--quiet"));
    return a;
  }

  private String identity(Kind kind, String bucket) {
    return switch (kind) {
      case S3 -> RemoteSource.identity("s3", s3Front.endpoint().toString(), bucket, "");
      case OSS -> RemoteSource.identity("oss", ossFront.endpoint().toString(), bucket, "");
      case COS -> RemoteSource.identity("cos", cosSource.endpoint(), bucket, "");
      case URL -> "url-list:" + tmp.resolve("urls.txt").toAbsolutePath();
    };
  }

  private static Map<String, String> env() {
    return Map.of("COS_SECRET_ID", "AKIDtest", "COS_SECRET_KEY", "secret-key-for-tests", "AWS_ACCESS_KEY_ID", AK,
        "AWS_SECRET_ACCESS_KEY", SK, "OSS_ACCESS_KEY_ID", AK, "OSS_ACCESS_KEY_SECRET", SK);
  }

  /** Source reads counted at the source's server: GETs through the proxy, or every request to the file server. */
  private static long reads(Kind kind, String bucket, int fileRequestsBefore) {
    if (kind == Kind.URL) {
      return files.requestCount() - fileRequestsBefore;
    }
    return kind.front().requests().stream()
        .filter(r -> r.bucket().equals(bucket) && r.operation() == Operation.GET_OBJECT).count();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void everyObjectEndsMigratedAndVerifiedOrFailedWithItsReasonWithinTheRetryBudget(Kind kind, String name, Case c)
      throws IOException {
    String bucket = "src-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL) + "-1250000000";
    Map<String, byte[]> content = fill(kind, bucket);
    String dst = cos.newBucket("srcfault");
    Predicate<RecordedRequest> inBucket = r -> r.bucket().equals(bucket);
    FaultPlan plan = kind == Kind.URL ? null : kind.front().faults();
    int fileRequests = files.requestCount();
    c.arm().arm(kind, plan, inBucket, bucket);
    Path ledger = tmp.resolve("ledger");
    Path failures = tmp.resolve("failures.jsonl");
    MainTest.Result run;
    try {
      run = MainTest.main(env(), args(kind, bucket, dst, ledger, failures).toArray(String[]::new));
      if (plan != null && c.injected() > 0) {
        assertThat(plan.pending()).as("faults armed but never injected").isZero();
      }
    } finally {
      if (plan != null) {
        plan.clear();
      }
      files.failNext(0, 500);
      files.truncateNext(0);
    }
    long reads = reads(kind, bucket, fileRequests);
    FaultMatrix.check(kind + " source", name, run, cos, dst, ledger, FaultMatrix.job(identity(kind, bucket), cos, dst),
        failures, current(kind, bucket, content), c.mayFail());
    // fault-free: 6 whole reads and 2 ranged ones (URL: a HEAD per line as well); each fault costs at most its own
    // request and one retry, and a restarted two-part object its two ranged reads
    long fresh = kind == Kind.URL ? 15 : 8;
    assertThat(reads).as("source reads").isLessThanOrEqualTo(fresh + 2L * c.injected() + 2 + (c.injected() > 0 ? 2 : 0));
  }

  /**
   * Every listing answer is cut short (not well-formed XML): the run does not claim success; it exits 1 with one
   * line naming the listing, and nothing is recorded as migrated or stored.
   */
  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.EnumSource(value = Kind.class, names = {"S3", "OSS", "COS"})
  void aListingThatCannotBeParsedEndsTheWalkIncompleteWithItsReason(Kind kind) throws IOException {
    String bucket = "src-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL) + "-1250000000";
    fill(kind, bucket);
    String dst = cos.newBucket("badlist");
    FaultPlan plan = kind.front().faults();
    plan.failNext(Integer.MAX_VALUE, r -> r.bucket().equals(bucket) && r.operation() == Operation.LIST_OBJECTS,
        Fault.malformedXml());
    Path ledger = tmp.resolve("ledger");
    Path failures = tmp.resolve("failures.jsonl");
    MainTest.Result run;
    try {
      run = MainTest.main(env(), args(kind, bucket, dst, ledger, failures).toArray(String[]::new));
    } finally {
      plan.clear();
    }
    new FaultMatrix.Row(kind + " source", "every listing answer cut short", run.status(), 0, 0, 0, 0, 0,
        FaultMatrix.message(run, failures)).print();
    assertThat(run.status()).as(run.err()).isEqualTo(Main.INCOMPLETE);
    assertThat(run.err()).doesNotContain("\tat ");
    List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines.get(lines.size() - 1)).as("the reason is one whole line: %s", run.err())
        .startsWith("cos-migrate: ").contains("the listing stopped early", bucket, "attempt");
    try (var backend = FaultMatrix.backend(cos)) {
      assertThat(backend.listObjectsV2(q -> q.bucket(dst)).contents()).as("nothing stored").isEmpty();
    }
    java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
    try (var l = io.github.cosmigrate.cli.internal.Plugins.ledger(ledger, FaultMatrix.job(identity(kind, bucket),
        cos, dst))) {
      l.forEachEntry(e -> {
        if (e.state() == io.github.cosmigrate.model.ObjectState.MIGRATED) {
          done.incrementAndGet();
        }
      });
    }
    assertThat(done).as("objects the ledger records as migrated").hasValue(0);
    assertThat(kind.front().requests().stream().filter(r -> r.bucket().equals(bucket)
        && r.operation() == Operation.LIST_OBJECTS).count()).as("listing requests").isBetween(1L, 10L);
  }
}
