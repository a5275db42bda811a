package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.cli.internal.LocalCommand;
import io.github.cosmigrate.server.Fault;
import io.github.cosmigrate.server.FaultPlan;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The COS sink's fault matrix: {@code cos-migrate local} (in-process) into COS through the dialect proxy, with one
 * kind of fault injected per case into the sink's requests. Every case ends with every file migrated and verified
 * at its key, or failed with an allowed kind; nothing the ledger records as migrated is missing or different;
 * nothing misplaced; no upload left open; and the data requests counted at the proxy stay within the fault-free
 * run's count plus a small retry budget per injected fault.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SinkFaultMatrixTest {
  private static final long PART = 5L << 20;
  private static final Map<String, String> CREDS = Map.of("COS_SECRET_ID", "AKIDtest", "COS_SECRET_KEY",
      "secret-key-for-tests");
  private static final String BIG = "big/two-parts.bin";
  /** Data requests a fault-free run makes for the tree: 7 PUTs, initiate, 2 parts, complete. */
  private static final int FAULT_FREE_WRITES = 11;

  @RegisterExtension
  static final CosFixture cos = CosFixture.perClass();

  @TempDir
  Path tmp;

  /** One case: how to arm the plan, how many faults it injects, which failure kinds are acceptable. */
  record Case(String name, int injected, Set<String> mayFail, Arm arm) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Arms the proxy for the bucket of one case; {@code src} is the source tree. */
  interface Arm {
    void arm(FaultPlan plan, Predicate<RecordedRequest> inBucket, Path src);
  }

  private static Predicate<RecordedRequest> op(Predicate<RecordedRequest> inBucket, Operation op) {
    return inBucket.and(r -> r.operation() == op);
  }

  static Stream<Arguments> cases() {
    List<Case> c = new ArrayList<>();
    c.add(new Case("none", 0, Set.of(), (p, b, s) -> { }));
    c.add(new Case("503 SlowDown burst with Retry-After", 6, Set.of(), (p, b, s) -> {
      p.failNext(4, op(b, Operation.PUT_OBJECT), Fault.slowDown());
      p.failNext(2, op(b, Operation.UPLOAD_PART), Fault.slowDown());
    }));
    c.add(new Case("503 SlowDown burst without Retry-After", 6, Set.of(), (p, b, s) -> {
      p.failNext(4, op(b, Operation.PUT_OBJECT), Fault.slowDownWithoutRetryAfter());
      p.failNext(2, op(b, Operation.UPLOAD_PART), Fault.slowDownWithoutRetryAfter());
    }));
    c.add(new Case("500 InternalError on put, part, initiate, complete", 6, Set.of(), (p, b, s) -> {
      p.failNext(3, op(b, Operation.PUT_OBJECT), Fault.internalError());
      p.failNext(1, op(b, Operation.UPLOAD_PART), Fault.internalError());
      p.failNext(1, op(b, Operation.INITIATE_MULTIPART), Fault.internalError());
      p.failNext(1, op(b, Operation.COMPLETE_MULTIPART), Fault.internalError());
    }));
    c.add(new Case("connection reset before the answer", 4, Set.of(), (p, b, s) -> {
      p.failNext(2, op(b, Operation.PUT_OBJECT), Fault.connectionReset());
      p.failNext(1, op(b, Operation.UPLOAD_PART), Fault.connectionReset());
      p.failNext(1, op(b, Operation.COMPLETE_MULTIPART), Fault.connectionReset());
    }));
    c.add(new Case("connection reset in the middle of the request body", 3, Set.of(), (p, b, s) -> {
      p.failNext(2, op(b, Operation.PUT_OBJECT).and(r -> !r.key().equals("empty.txt")), Fault.resetDuringBody());
      p.failNext(1, op(b, Operation.UPLOAD_PART), Fault.resetDuringBody());
    }));
    c.add(new Case("truncated CompleteMultipartUpload answer (the upload did complete)", 1, Set.of(),
        (p, b, s) -> p.failNext(1, op(b, Operation.COMPLETE_MULTIPART), Fault.truncateBody())));
    c.add(new Case("200 on CompleteMultipartUpload carrying an error body", 1, Set.of(),
        (p, b, s) -> p.failNext(1, op(b, Operation.COMPLETE_MULTIPART), Fault.okWithErrorBody())));
    c.add(new Case("InitiateMultipartUpload answer cut short (not well-formed XML)", 1, Set.of(),
        (p, b, s) -> p.failNext(1, op(b, Operation.INITIATE_MULTIPART), Fault.malformedXml())));
    c.add(new Case("wrong CRC-64 on one part", 1, Set.of(),
        (p, b, s) -> p.failNext(1, op(b, Operation.UPLOAD_PART).and(r -> r.partNumber() == 2), Fault.corruptCrc())));
    c.add(new Case("wrong CRC-64 on a PUT", 1, Set.of(),
        (p, b, s) -> p.failNext(1, op(b, Operation.PUT_OBJECT).and(r -> r.key().equals("docs/file-3.txt")),
            Fault.corruptCrc())));
    c.add(new Case("missing ETag on a part and a PUT", 2, Set.of(), (p, b, s) -> {
      p.failNext(1, op(b, Operation.UPLOAD_PART).and(r -> r.partNumber() == 1), Fault.omitEtag());
      p.failNext(1, op(b, Operation.PUT_OBJECT).and(r -> r.key().equals("docs/file-1.txt")), Fault.omitEtag());
    }));
    c.add(new Case("source file rewritten between listing and reading", 0, Set.of("SOURCE_CHANGED"),
        (p, b, s) -> {
          AtomicBoolean done = new AtomicBoolean();
          // when part 1 of the big file reaches the sink, the file is rewritten: part 2 reads other bytes
          p.failNext(1, op(b, Operation.UPLOAD_PART).and(r -> {
            if (r.partNumber() == 1 && done.compareAndSet(false, true)) {
              try {
                TestTrees.writeLarge(s.resolve(BIG), PART + 4321, 99);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
            return false;
          }), Fault.internalError());
        }));
    c.add(new Case("source file truncated while it is read", 0, Set.of("SOURCE_CHANGED"),
        (p, b, s) -> whenPartOneArrives(p, b, () -> {
          try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(s.resolve(BIG),
              java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(1000);
          }
        })));
    c.add(new Case("source file deleted while it is read", 0, Set.of("SOURCE_CHANGED", "NOT_FOUND"),
        (p, b, s) -> whenPartOneArrives(p, b, () -> Files.delete(s.resolve(BIG)))));
    return c.stream().map(Arguments::of);
  }

  /** An action on the source tree. */
  interface TreeChange {
    void run() throws IOException;
  }

  /** Runs {@code change} once, when part 1 of the big file reaches the sink (its part 2 is then read after it). */
  private static void whenPartOneArrives(FaultPlan p, Predicate<RecordedRequest> b, TreeChange change) {
    AtomicBoolean done = new AtomicBoolean();
    p.failNext(1, op(b, Operation.UPLOAD_PART).and(r -> {
      if (r.partNumber() == 1 && done.compareAndSet(false, true)) {
        try {
          change.run();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }), Fault.internalError());
  }

  private Path tree() throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src"));
    for (int i = 0; i < 6; i++) {
      TestTrees.write(src.resolve("docs/file-" + i + ".txt"), 100 + i * 333, i);
    }
    Files.write(src.resolve("empty.txt"), new byte[0]);
    TestTrees.writeLarge(src.resolve(BIG), PART + 4321, 77);
    return src.toRealPath();
  }

  private MainTest.Result run(Path src, String bucket, Path ledger, Path failures, String... extra) {
    List<String> a = new ArrayList<>(List.of("local", "--source", src.toString(), "--bucket", bucket, "--region",
        CosFixture.REGION, "--endpoint", cos.endpoint(), "--path-style", "--sink-limits", "s3", "--ledger",
        ledger.toString(), "--failures", failures.toString(), "--report",
        failures.resolveSibling(failures.getFileName() + ".report.json").toString(), "--part-size", String.valueOf(PART),
        "--small-file-threshold", String.valueOf(PART), "--quiet"));
    a.addAll(List.of(extra));
    return MainTest.main(CREDS, a.toArray(String[]::new));
  }

  private static Map<String, byte[]> contents(Path src) throws IOException {
    Map<String, byte[]> m = new TreeMap<>();
    for (Map.Entry<String, Path> e : TestTrees.regularFiles(src).entrySet()) {
      m.put(e.getKey(), Files.readAllBytes(e.getValue()));
    }
    return m;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyObjectEndsMigratedAndVerifiedOrFailedWithItsReasonWithinTheRetryBudget(Case c) throws IOException {
    Path src = tree();
    String bucket = cos.newBucket("sinkfault");
    Predicate<RecordedRequest> inBucket = r -> r.bucket().equals(bucket);
    c.arm().arm(cos.proxy.faults(), inBucket, src);
    Path ledger = tmp.resolve("ledger");
    Path failures = tmp.resolve("failures.jsonl");

    MainTest.Result first = run(src, bucket, ledger, failures);
    if (c.injected() > 0) {
      assertThat(cos.proxy.faults().pending()).as("faults armed but never injected").isZero();
    }
    long writes = FaultMatrix.writes(cos.proxy.requests(), bucket);
    cos.proxy.faults().clear();
    FaultMatrix.check("COS sink", c.name(), first, cos, bucket, ledger,
        FaultMatrix.job(LocalCommand.sourceIdentity(src), cos, bucket), failures, contents(src), c.mayFail());

    // retries within budget: each injected fault costs at most its own request, one retry of it and, for a
    // multipart object restarted as a whole, its initiate, parts and complete again
    // (a file that vanished mid-read is never completed, and its part 2 is not sent when it is opened after the
    // change: up to two requests fewer)
    assertThat(writes).as("data requests at the proxy").isBetween(FAULT_FREE_WRITES - (c.mayFail().isEmpty() ? 0L : 2L),
        FAULT_FREE_WRITES + 2L * c.injected() + (c.injected() > 0 || !c.mayFail().isEmpty() ? 4 : 0));

    // a rerun of the same job finishes whatever failed, and sends nothing that had been done
    if (first.status() != Main.OK) {
      MainTest.Result again = run(src, bucket, ledger, tmp.resolve("failures-2.jsonl"));
      FaultMatrix.check("COS sink", c.name() + " (rerun)", again, cos, bucket, ledger,
          FaultMatrix.job(LocalCommand.sourceIdentity(src), cos, bucket), tmp.resolve("failures-2.jsonl"),
          contents(src), Set.of());
    }
  }

  /**
   * A resume whose ListParts answer lists nothing: a child JVM stores the big file's parts and is killed with
   * SIGKILL while its CompleteMultipartUpload is held at the proxy (the upload and its checkpoint stay); the rerun
   * finds no stored parts, sends them all again and completes; the object is verified, no small file is sent
   * again, and the ledger never records the big file before it is whole. The same when the ListParts answer is cut
   * short (not well-formed XML): the sink reports an error rather than an empty list, and the resume starts the
   * upload again (the old one is aborted).
   */
  @ParameterizedTest(name = "malformed: {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void aResumeWhoseListPartsAnswerListsNothingSendsThePartsAgain(boolean malformed) throws Exception {
    Path src = tree();
    String bucket = cos.newBucket("listparts");
    Path ledger = tmp.resolve("ledger");
    java.util.concurrent.CountDownLatch completing = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch killed = new java.util.concurrent.CountDownLatch(1);
    cos.proxy.faults().failNext(1, r -> {
      if (!r.bucket().equals(bucket) || r.operation() != Operation.COMPLETE_MULTIPART) {
        return false;
      }
      completing.countDown();
      try {
        killed.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return true;
    }, Fault.connectionReset());
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "local", "--source", src.toString(), "--bucket", bucket, "--region", CosFixture.REGION, "--endpoint",
        cos.endpoint(), "--path-style", "--sink-limits", "s3", "--ledger", ledger.toString(), "--part-size",
        String.valueOf(PART), "--small-file-threshold", String.valueOf(PART), "--quiet"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("child.log").toFile());
    ChildEnv.isolate(pb, CREDS);
    Process child = pb.start();
    try {
      assertThat(completing.await(120, TimeUnit.SECONDS)).as("the child reached the complete").isTrue();
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
      killed.countDown();
    }
    cos.proxy.faults().clear();
    try (S3Client backend = FaultMatrix.backend(cos)) {
      assertThat(backend.listMultipartUploads(q -> q.bucket(bucket)).uploads()).as("the killed child's upload")
          .hasSize(1);
      assertThat(backend.listObjectsV2(q -> q.bucket(bucket)).contents()).extracting(S3Object::key)
          .doesNotContain(BIG);
    }

    cos.proxy.faults().failNext(Integer.MAX_VALUE, r -> r.bucket().equals(bucket)
        && r.operation() == Operation.LIST_PARTS, malformed ? Fault.malformedXml() : Fault.emptyListing());
    cos.proxy.clearRequests();
    MainTest.Result second = run(src, bucket, ledger, tmp.resolve("f2.jsonl"));
    cos.proxy.faults().clear();
    FaultMatrix.check("COS sink", malformed ? "ListParts answer cut short (not well-formed XML) on resume after a kill"
        : "ListParts lists nothing on resume after a kill", second, cos, bucket, ledger,
        FaultMatrix.job(LocalCommand.sourceIdentity(src), cos, bucket), tmp.resolve("f2.jsonl"), contents(src),
        Set.of());
    List<Operation> ops = cos.proxy.requests().stream().filter(r -> r.bucket().equals(bucket))
        .map(RecordedRequest::operation).toList();
    assertThat(ops).as("the resume asked for the stored parts").contains(Operation.LIST_PARTS);
    assertThat(ops).filteredOn(o -> o == Operation.UPLOAD_PART).as("both parts sent again").hasSize(2);
    assertThat(ops).filteredOn(o -> o == Operation.COMPLETE_MULTIPART).hasSize(1);
  }

  /**
   * Under a burst of SlowDown the requests in flight at the sink drop (the run's request limit is halved per
   * throttle) and then climb back; every file still ends migrated.
   */
  @Test
  void theSinkRequestRateDropsUnderSlowDownAndRecovers() throws IOException {
    Path src = Files.createDirectories(tmp.resolve("many"));
    for (int i = 0; i < 400; i++) {
      TestTrees.write(src.resolve("d" + (i % 8) + "/f-" + i), 2000 + i, i);
    }
    String bucket = cos.newBucket("slowdown");
    AtomicInteger puts = new AtomicInteger();
    cos.proxy.faults().failNext(8, r -> r.bucket().equals(bucket) && r.operation() == Operation.PUT_OBJECT
        && puts.incrementAndGet() > 100, Fault.slowDown());
    cos.proxy.clearRequests();
    Path ledger = tmp.resolve("ledger");
    MainTest.Result run = run(src.toRealPath(), bucket, ledger, tmp.resolve("f.jsonl"), "--concurrency", "16",
        "--part-concurrency", "4");
    cos.proxy.faults().clear();
    FaultMatrix.check("COS sink", "SlowDown burst of 8 among 400 PUTs (rate)", run, cos, bucket, ledger,
        FaultMatrix.job(LocalCommand.sourceIdentity(src.toRealPath()), cos, bucket), tmp.resolve("f.jsonl"),
        contents(src), Set.of());

    List<RecordedRequest> seq = cos.proxy.requests().stream()
        .filter(r -> r.bucket().equals(bucket) && r.operation() == Operation.PUT_OBJECT).toList();
    int last503 = 0;
    for (int i = 0; i < seq.size(); i++) {
      if (seq.get(i).status() == 503) {
        last503 = i;
      }
    }
    int before = maxConcurrent(seq, 40, 100);
    // the trough after the burst: the requests that arrive right after the last 503 were mostly sent before the
    // client had read the 503s (16 in flight), so the lowest of the 8-request windows among the next 40 is taken
    int low = Integer.MAX_VALUE;
    for (int start = last503 + 1; start <= last503 + 40; start++) {
      low = Math.min(low, maxConcurrent(seq, start, start + 8));
    }
    int after = maxConcurrent(seq, seq.size() - 60, seq.size());
    System.out.printf("FAULT-MATRIX | COS sink | SlowDown rate: most requests in flight before the burst %d, just"
        + " after it %d, at the end %d%n", before, low, after);
    assertThat(low).as("in flight just after the burst (before %d, after %d)", before, after).isLessThan(before);
    assertThat(after).as("in flight at the end (just after the burst %d)", low).isGreaterThan(low);
  }

  private static int maxConcurrent(List<RecordedRequest> seq, int from, int to) {
    int m = 0;
    for (int i = Math.max(0, from); i < Math.min(seq.size(), to); i++) {
      m = Math.max(m, seq.get(i).concurrent());
    }
    return m;
  }
}
