package io.github.cosmigrate.testkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.api.MigrationListener;
import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.Migrator;
import io.github.cosmigrate.api.Migration;
import io.github.cosmigrate.api.SkipMode;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.internal.pipeline.Engine;
import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ObjectState;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.model.UploadCheckpoint;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.testkit.fakes.InMemoryLedger;
import io.github.cosmigrate.testkit.fakes.DiscardingLedger;
import io.github.cosmigrate.testkit.fakes.DiscardingSink;
import io.github.cosmigrate.testkit.fakes.InMemorySink;
import io.github.cosmigrate.testkit.fakes.InMemorySource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {
  static final int MIB = 1 << 20;
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final long SAFETY_SECONDS = 60; // a hang guard, not a timing assertion

  final InMemorySource source = InMemorySource.create();
  final InMemorySink memorySink = new InMemorySink();
  final InMemoryLedger ledger = new InMemoryLedger();
  final List<String> events = Collections.synchronizedList(new ArrayList<>());

  @TempDir Path tmp;

  @AfterEach
  void noThreadsLeft() throws InterruptedException {
    source.checkNoOpenStreams();
    for (int i = 0; i < 500 && !engineThreads().isEmpty(); i++) {
      Thread.sleep(10);
    }
    assertThat(engineThreads()).isEmpty();
  }

  static List<String> engineThreads() {
    List<String> names = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("cosmigrate-") && t.isAlive()) {
        names.add(t.getName());
      }
    }
    return names;
  }

  static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static MigrationOptions.Builder fast() {
    return MigrationOptions.builder().concurrency(4).partConcurrency(4).partsPerObject(3).partSize(MIB)
        .multipartThreshold(2L * MIB).maxAttempts(3).initialBackoff(Duration.ofMillis(1))
        .maxBackoff(Duration.ofMillis(5)).progressInterval(Duration.ofMillis(50));
  }

  final MigrationListener recorder = new MigrationListener() {
    @Override public void objectStarted(String key, long size) { events.add("start " + key); }
    @Override public void objectCompleted(String key, long size, PutResult r) { events.add("done " + key); }
    @Override public void objectSkipped(String key, String reason) { events.add("skip " + key + " " + reason); }
    @Override public void objectFailed(String key, ErrorKind kind, String reason) { events.add("fail " + key + " " + kind); }
    @Override public void retryScheduled(String key, int next, Duration d, String reason) { events.add("retry " + key); }
  };

  Migration start(Source src, Sink sink, Ledger l, Consumer<MigrationOptions.Builder> edit) {
    MigrationOptions.Builder b = fast();
    edit.accept(b);
    return Migrator.builder().source(src).sink(sink).ledger(l).options(b.build()).listener(recorder).build().start();
  }

  MigrationReport run(Source src, Sink sink, Ledger l, Consumer<MigrationOptions.Builder> edit) throws Exception {
    return start(src, sink, l, edit).completion().get(SAFETY_SECONDS, TimeUnit.SECONDS);
  }

  MigrationReport run(Consumer<MigrationOptions.Builder> edit) throws Exception {
    return run(source, memorySink, ledger, edit);
  }

  long count(String prefix) {
    synchronized (events) {
      return events.stream().filter(e -> e.startsWith(prefix)).count();
    }
  }

  // ---------------------------------------------------------------------------------------------------- basics

  @Test
  void everyListedObjectEndsInExactlyOneStateAndTheCountsAddUp() throws Exception {
    Map<String, byte[]> expected = new java.util.TreeMap<>();
    for (int i = 0; i < 30; i++) {
      byte[] b = bytes(100 + i * 37, i);
      source.put("small/" + i, b, T0);
      expected.put("small/" + i, b);
    }
    byte[] big = bytes(5 * MIB + 123, 99);
    source.put("big/one", big, T0);
    expected.put("big/one", big);
    source.put("empty", new byte[0], T0);
    expected.put("empty", new byte[0]);
    source.putSkipped("filtered.tmp", "excluded by *.tmp");
    source.putFailed("broken-link", ErrorKind.NOT_FOUND, "dangling symlink");

    MigrationReport r = run(o -> o.destinationPrefix("dst"));

    assertThat(r.migrated()).isEqualTo(32);
    assertThat(r.skipped()).isEqualTo(1);
    assertThat(r.failed()).isEqualTo(1);
    assertThat(r.total()).isEqualTo(34);
    assertThat(r.listingComplete()).isTrue();
    assertThat(r.success()).isFalse();
    assertThat(r.verified()).isEqualTo(32);
    assertThat(r.skippedByReason()).containsEntry("excluded by *.tmp", 1L);
    assertThat(r.failedByReason()).containsEntry("NOT_FOUND", 1L);
    assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.key()).isEqualTo("broken-link"));
    long total = expected.values().stream().mapToLong(b -> b.length).sum();
    assertThat(r.bytesTransferred()).isEqualTo(total);
    for (var e : expected.entrySet()) {
      assertThat(memorySink.content("dst/" + e.getKey())).as(e.getKey()).hasValue(e.getValue());
    }
    Map<String, LedgerEntry> entries = ledger.entriesSnapshot();
    assertThat(entries).hasSize(33); // filter skips are not written
    assertThat(entries.get("big/one").state()).isEqualTo(ObjectState.MIGRATED);
    assertThat(entries.get("big/one").crc64()).hasValue(Crc64.of(big));
    assertThat(entries.get("broken-link").state()).isEqualTo(ObjectState.FAILED);
    assertThat(ledger.checkpoints()).isEmpty();
    memorySink.checkNoOpenUploads();
    assertThat(count("start ")).isEqualTo(count("done ") + count("fail ") - 1); // the listing failure has no start
  }

  @Test
  void aListenerThatThrowsDoesNotChangeTheOutcome() throws Exception {
    for (int i = 0; i < 5; i++) {
      source.put("k" + i, bytes(500, i), T0);
    }
    source.put("big", bytes(3 * MIB, 5), T0);
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    MigrationListener throwing = new MigrationListener() {
      @Override public void objectStarted(String key, long size) { calls.incrementAndGet(); throw new IllegalStateException("boom"); }
      @Override public void objectCompleted(String key, long size, PutResult r) { calls.incrementAndGet(); throw new IllegalStateException("boom"); }
      @Override public void partCompleted(String key, int partNumber, long size) { calls.incrementAndGet(); throw new IllegalStateException("boom"); }
      @Override public void progress(io.github.cosmigrate.api.ProgressSnapshot s) { throw new IllegalStateException("boom"); }
    };
    MigrationReport r = Migrator.builder().source(source).sink(memorySink).ledger(ledger).options(fast().build())
        .listener(throwing).build().start().completion().get(SAFETY_SECONDS, TimeUnit.SECONDS);
    assertThat(r.success()).isTrue();
    assertThat(r.migrated()).isEqualTo(6);
    assertThat(calls.get()).isGreaterThanOrEqualTo(12 + 3); // 6 starts, 6 completions, 3 parts
    assertThat(memorySink.keys()).hasSize(6);
  }

  @Test
  void aRerunSkipsUnchangedAndResendsChanged() throws Exception {
    for (int i = 0; i < 10; i++) {
      source.put("k" + i, bytes(1000, i), T0);
    }
    source.put("big", bytes(3 * MIB, 7), T0);
    assertThat(run(o -> {}).migrated()).isEqualTo(11);
    long puts = memorySink.calls(InMemorySink.Op.PUT);
    long parts = memorySink.calls(InMemorySink.Op.UPLOAD_PART);

    MigrationReport again = run(o -> {});
    assertThat(again.migrated()).isZero();
    assertThat(again.skipped()).isEqualTo(11);
    assertThat(again.skippedByReason()).containsExactly(Map.entry("unchanged", 11L));
    assertThat(memorySink.calls(InMemorySink.Op.PUT)).isEqualTo(puts);
    assertThat(memorySink.calls(InMemorySink.Op.UPLOAD_PART)).isEqualTo(parts);

    byte[] changed = bytes(1200, 42);
    source.put("k3", changed, T0.plusSeconds(5));
    MigrationReport third = run(o -> {});
    assertThat(third.migrated()).isEqualTo(1);
    assertThat(third.updated()).as("k3 replaced the version the first run migrated").isEqualTo(1);
    assertThat(run(o -> {}).updated()).isZero();
    assertThat(third.skipped()).isEqualTo(10);
    assertThat(memorySink.content("k3")).hasValue(changed);

    MigrationReport none = run(o -> o.skipMode(SkipMode.NONE));
    assertThat(none.migrated()).isEqualTo(11);
  }

  @Test
  void destinationModeSkipsSameContentOnlyWhenTheBytesMatch() throws Exception {
    byte[] same = bytes(5000, 1);
    byte[] other = bytes(5000, 2);
    source.put("same", same, T0);
    source.put("differs", other, T0);
    source.put("missing", bytes(10, 3), T0);
    memorySink.put("same", new ByteArrayInputStream(same), same.length, io.github.cosmigrate.model.ObjectMetadata.empty());
    byte[] stale = bytes(5000, 9);
    memorySink.put("differs", new ByteArrayInputStream(stale), stale.length,
        io.github.cosmigrate.model.ObjectMetadata.empty());

    MigrationReport r = run(o -> o.skipMode(SkipMode.DESTINATION));

    assertThat(r.skipped()).isEqualTo(1);
    assertThat(r.skippedByReason()).containsEntry("same content at destination", 1L);
    assertThat(r.migrated()).isEqualTo(2);
    assertThat(memorySink.content("differs")).hasValue(other);
  }

  @Test
  void destinationModeTakesTheSourceCrcFromTheLedgerWithoutReadingTheSource() throws Exception {
    for (int i = 0; i < 5; i++) {
      source.put("k" + i, bytes(3000, i), T0);
    }
    source.put("big", bytes(3 * MIB, 9), T0);
    assertThat(run(o -> {}).migrated()).isEqualTo(6);
    long opens = source.openCount();
    memorySink.delete("k0"); // deleted behind the tool's back: sent again

    MigrationReport r = run(o -> o.skipMode(SkipMode.DESTINATION));

    assertThat(r.skippedByReason()).containsExactly(Map.entry("same content at destination", 5L));
    assertThat(r.migrated()).isEqualTo(1);
    assertThat(source.openCount() - opens).isEqualTo(1); // only k0 was read
    assertThat(memorySink.content("k0")).isPresent();
  }

  // ---------------------------------------------------------------------------------------------------- failures

  @Test
  void transientFailuresAreRetriedThenSucceed() throws Exception {
    source.put("a", bytes(100, 1), T0);
    source.put("big", bytes(3 * MIB, 2), T0);
    memorySink.failNext(2, InMemorySink.Op.PUT, k -> k.equals("a"), new IOException("connection reset"));
    memorySink.failNext(2, InMemorySink.Op.UPLOAD_PART, k -> k.equals("big"),
        new MigrateException(ErrorKind.TRANSIENT, "timeout"));

    MigrationReport r = run(o -> o.maxAttempts(3));

    assertThat(r.migrated()).isEqualTo(2);
    assertThat(r.failed()).isZero();
    assertThat(count("retry a")).isEqualTo(2);
    assertThat(count("retry big")).isEqualTo(2);
    assertThat(r.retries()).as("every retry scheduled is counted once").isEqualTo(4);
    assertThat(r.updated()).as("both objects were new").isZero();
    assertThat(ledger.get("a").orElseThrow().attempts()).isEqualTo(3);
    memorySink.checkNoOpenUploads();
  }

  @Test
  void permanentFailuresAreRecordedWithReasonAndAttempts() throws Exception {
    source.put("denied", bytes(100, 1), T0);
    source.put("flaky", bytes(100, 2), T0);
    source.put("ok", bytes(100, 3), T0);
    memorySink.failNext(10, InMemorySink.Op.PUT, k -> k.equals("denied"),
        new MigrateException(ErrorKind.ACCESS_DENIED, "PUT denied on bucket b for denied"));
    memorySink.failNext(10, InMemorySink.Op.PUT, k -> k.equals("flaky"),
        new MigrateException(ErrorKind.TRANSIENT, "503 on flaky"));
    Path failures = tmp.resolve("failures.jsonl");

    MigrationReport r = run(o -> o.maxAttempts(3).failuresFile(failures));

    assertThat(r.migrated()).isEqualTo(1);
    assertThat(r.failed()).isEqualTo(2);
    assertThat(r.failedByReason()).containsEntry("ACCESS_DENIED", 1L).containsEntry("TRANSIENT", 1L);
    LedgerEntry denied = ledger.get("denied").orElseThrow();
    assertThat(denied.state()).isEqualTo(ObjectState.FAILED);
    assertThat(denied.attempts()).isEqualTo(1);
    assertThat(denied.reason()).contains("ACCESS_DENIED").contains("PUT denied");
    assertThat(ledger.get("flaky").orElseThrow().attempts()).isEqualTo(3);
    assertThat(Files.readAllLines(failures)).containsExactlyInAnyOrder(
        "{\"key\":\"denied\",\"kind\":\"ACCESS_DENIED\",\"reason\":\"PUT denied on bucket b for denied\",\"attempts\":1}",
        "{\"key\":\"flaky\",\"kind\":\"TRANSIENT\",\"reason\":\"503 on flaky\",\"attempts\":3}");
  }

  @Test
  void theFailuresFileEscapesKeysAndReasonsAsJson() throws Exception {
    String key = "odd \"name\"\\with\ttab\u0001и";
    source.put(key, bytes(10, 1), T0);
    memorySink.failNext(1, InMemorySink.Op.PUT, k -> k.equals(key),
        new MigrateException(ErrorKind.ACCESS_DENIED, "line1\nline2"));
    Path failures = tmp.resolve("f.jsonl");
    Path finished = tmp.resolve("finished.txt");
    source.put("fine", bytes(10, 2), T0);

    run(o -> o.failuresFile(failures).finishedObjectsFile(finished));

    assertThat(Files.readString(failures, StandardCharsets.UTF_8)).isEqualTo(
        "{\"key\":\"odd \\\"name\\\"\\\\with\\ttab\\u0001и\",\"kind\":\"ACCESS_DENIED\",\"reason\":\"line1\\nline2\","
            + "\"attempts\":1}\n");
    assertThat(Files.readAllLines(finished)).containsExactly("fine\t10\t" + T0.toEpochMilli());
  }

  @Test
  void aLedgerWriteThatFailsAfterThePutIsRetriedSoTheObjectIsRecorded() throws Exception {
    source.put("a", bytes(100, 1), T0);
    ledger.failNextWrite(new IOException("disk hiccup"));

    MigrationReport r = run(o -> {});

    assertThat(r.migrated()).isEqualTo(1);
    assertThat(memorySink.calls(InMemorySink.Op.PUT)).isEqualTo(2);
    assertThat(ledger.get("a").orElseThrow().state()).isEqualTo(ObjectState.MIGRATED);
  }

  @Test
  void aLedgerThatCannotBeWrittenAtAllStopsTheRun() {
    for (int i = 0; i < 5; i++) {
      source.put("k" + i, bytes(10, i), T0);
    }
    ledger.failNextWrite(new MigrateException(ErrorKind.FATAL_CONFIGURATION, "ledger is locked by another process"));

    Migration m = start(source, memorySink, ledger, o -> {});

    assertThatThrownBy(() -> m.completion().get(SAFETY_SECONDS, TimeUnit.SECONDS))
        .hasMessageContaining("ledger is locked");
  }

  @Test
  void aSinkThatNoRequestReachesStopsTheRunAsAConfigurationError() {
    for (int i = 0; i < 300; i++) {
      source.put(String.format("k%04d", i), bytes(10, i), T0);
    }
    source.put("zbig", bytes(3 * MIB, 1), T0);
    for (InMemorySink.Op op : InMemorySink.Op.values()) {
      memorySink.failNext(Integer.MAX_VALUE, op, new java.net.ConnectException("Connection refused"));
    }

    Migration m = start(source, memorySink, ledger, o -> o.maxAttempts(3));

    assertThatThrownBy(() -> m.completion().get(SAFETY_SECONDS, TimeUnit.SECONDS))
        .hasCauseInstanceOf(MigrateException.class)
        .cause().satisfies(e -> assertThat(((MigrateException) e).kind()).isEqualTo(ErrorKind.FATAL_CONFIGURATION))
        .hasMessage("cannot reach the sink " + memorySink.describe() + ": Connection refused;"
            + " check the endpoint, region and network");
    // bounded: the run stopped early, not after 3 attempts of each of the 301 objects (903 calls or more). The
    // guard trips after a few dozen failures, but the workers already inside a call when it trips (up to the
    // concurrency, each with its retries) still count: on a loaded machine a few hundred, so the bound is half
    long calls = 0;
    for (InMemorySink.Op op : InMemorySink.Op.values()) {
      calls += memorySink.calls(op);
    }
    assertThat(calls).isLessThan(903 / 2);
    assertThat(count("fail ")).isLessThan(50);
  }

  @Test
  void onceTheSinkAnsweredConnectionFailuresAreOrdinaryRetriesAndFailures() throws Exception {
    source.put("a", bytes(10, 0), T0); // listed first, succeeds with one worker
    for (int i = 0; i < 40; i++) {
      source.put(String.format("k%04d", i), bytes(10, i), T0);
    }
    memorySink.failNext(Integer.MAX_VALUE, InMemorySink.Op.PUT, k -> !k.equals("a"),
        new java.net.ConnectException("Connection refused"));

    MigrationReport r = run(o -> o.concurrency(1).maxAttempts(2));

    assertThat(r.migrated()).isEqualTo(1);
    assertThat(r.failed()).isEqualTo(40);
    assertThat(r.failedByReason()).containsEntry("TRANSIENT", 40L);
  }

  @Test
  void errorsTheSinkAnswersWithNeverTripTheUnreachableCheck() throws Exception {
    for (int i = 0; i < 40; i++) {
      source.put(String.format("k%04d", i), bytes(10, i), T0);
    }
    // the first request gets an HTTP error back (the endpoint is there), then connections fail
    memorySink.failNext(1, InMemorySink.Op.PUT, new MigrateException(ErrorKind.TRANSIENT, "500 InternalError"));
    memorySink.failNext(Integer.MAX_VALUE, InMemorySink.Op.PUT, new java.net.SocketTimeoutException("Read timed out"));

    MigrationReport r = run(o -> o.concurrency(1).maxAttempts(2));

    assertThat(r.failed()).isEqualTo(40);
  }

  @Test
  void progressIsReportedAndAddsUpAtTheEnd() throws Exception {
    for (int i = 0; i < 20; i++) {
      source.put("k" + i, bytes(100, i), T0);
    }
    List<io.github.cosmigrate.api.ProgressSnapshot> snaps = Collections.synchronizedList(new ArrayList<>());
    MigrationOptions o = fast().build();

    Migration m = Migrator.builder().source(source).sink(memorySink).ledger(ledger).options(o)
        .listener(new MigrationListener() {
          @Override public void progress(io.github.cosmigrate.api.ProgressSnapshot s) { snaps.add(s); }
        }).build().start();
    m.completion().get(SAFETY_SECONDS, TimeUnit.SECONDS);

    io.github.cosmigrate.api.ProgressSnapshot last = snaps.get(snaps.size() - 1);
    assertThat(last.listed()).isEqualTo(20);
    assertThat(last.done()).isEqualTo(20);
    assertThat(last.bytesListed()).isEqualTo(2000);
    assertThat(last.bytesTransferred()).isEqualTo(2000);
    assertThat(last.listingComplete()).isTrue();
    assertThat(last.retries()).isZero();
    assertThat(m.reportSoFar().migrated()).as("after completion: the final counts").isEqualTo(20);
    assertThat(m.progress().migrated()).isEqualTo(20);
  }

  @Test
  void aKeyTooLongForTheSinkFailsNamingTheKeyAndTheLimit() throws Exception {
    InMemorySink small = new InMemorySink(new SinkLimits(MIB, 5L << 30, 10_000, 1L << 40, 5L << 30, 12));
    source.put("short", bytes(10, 1), T0);
    source.put("much-too-long-key", bytes(10, 2), T0);

    MigrationReport r = run(source, small, ledger, o -> {});

    assertThat(r.migrated()).isEqualTo(1);
    assertThat(r.failures()).singleElement().satisfies(f -> {
      assertThat(f.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
      assertThat(f.reason()).contains("much-too-long-key").contains("12");
    });
  }

  @Test
  void anIncompleteListingMakesTheRunUnsuccessful() throws Exception {
    source.pageSize(2);
    for (int i = 0; i < 6; i++) {
      source.put("k" + i, bytes(10, i), T0);
    }
    source.failList("k4", 100, ErrorKind.TRANSIENT);

    MigrationReport r = run(o -> o.maxAttempts(3));

    assertThat(r.listingComplete()).isFalse();
    assertThat(r.success()).isFalse();
    assertThat(r.listingError()).hasValueSatisfying(m -> assertThat(m).contains("3 attempt"));
    assertThat(r.migrated()).isEqualTo(4);
  }

  @Test
  void aListingThatFailsOnceIsRetriedFromTheSameCursor() throws Exception {
    source.pageSize(2);
    for (int i = 0; i < 6; i++) {
      source.put("k" + i, bytes(10, i), T0);
    }
    source.failList("k2", 1, ErrorKind.TRANSIENT);

    MigrationReport r = run(o -> {});

    assertThat(r.success()).isTrue();
    assertThat(r.migrated()).isEqualTo(6);
    assertThat(r.retries()).as("the listing page retried once").isEqualTo(1);
  }

  @Test
  void aFatalErrorStopsTheRunAndCompletesExceptionally() {
    for (int i = 0; i < 50; i++) {
      source.put("k" + i, bytes(10, i), T0);
    }
    memorySink.failNext(1, InMemorySink.Op.PUT,
        new MigrateException(ErrorKind.FATAL_CONFIGURATION, "bucket b does not exist"));

    Migration m = start(source, memorySink, ledger, o -> {});

    assertThatThrownBy(() -> m.completion().get(SAFETY_SECONDS, TimeUnit.SECONDS))
        .hasCauseInstanceOf(MigrateException.class)
        .hasMessageContaining("bucket b does not exist");
  }

  @Test
  void aFatalListingErrorStopsTheRun() {
    source.put("a", bytes(10, 1), T0);
    source.failList("a", 1, ErrorKind.FATAL_CONFIGURATION);

    Migration m = start(source, memorySink, ledger, o -> {});

    assertThatThrownBy(() -> m.completion().join()).isInstanceOf(CompletionException.class)
        .cause().isInstanceOfSatisfying(MigrateException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.FATAL_CONFIGURATION));
  }

  @Test
  void throttlingLowersTheRequestLimitWhichThenRecovers() throws Exception {
    for (int i = 0; i < 300; i++) {
      source.put(String.format("k%03d", i), bytes(10, i), T0);
    }
    memorySink.failNext(6, InMemorySink.Op.PUT, new MigrateException(ErrorKind.THROTTLED, "503 SlowDown"));

    Migration m = start(source, memorySink, ledger, o -> o.concurrency(4).partConcurrency(2).maxAttempts(10));
    MigrationReport r = m.completion().get(SAFETY_SECONDS, TimeUnit.SECONDS);

    assertThat(r.migrated()).isEqualTo(300);
    Engine.Internals in = ((Engine) m).internals();
    assertThat(in.requestCeiling()).isEqualTo(6);
    assertThat(in.lowestRequestLimit()).isLessThan(in.requestCeiling());
    assertThat(in.requestLimit()).isEqualTo(in.requestCeiling());
    assertThat(in.maxRunningRequests()).isLessThanOrEqualTo(in.requestCeiling());
  }

  // ---------------------------------------------------------------------------------------------------- multipart

  @Test
  void partsCompletingOutOfOrderYieldTheRightContentAndCrc() throws Exception {
    byte[] big = bytes(3 * MIB + 17, 5);
    source.put("big", big, T0);
    Doubles.HookedSink sink = new Doubles.HookedSink(memorySink);
    CountDownLatch laterPartsDone = new CountDownLatch(2);
    List<Integer> order = Collections.synchronizedList(new ArrayList<>());
    sink.beforePart = (k, n) -> {
      if (n == 1) {
        await(laterPartsDone);
      }
    };
    sink.afterPart = (k, n) -> {
      order.add(n);
      if (n != 1) {
        laterPartsDone.countDown();
      }
    };

    MigrationReport r = run(source, sink, ledger, o -> o.partsPerObject(4).partConcurrency(4));

    assertThat(r.migrated()).isEqualTo(1);
    assertThat(order).hasSize(4);
    assertThat(order.indexOf(1)).isGreaterThan(1);
    assertThat(memorySink.content("big")).hasValue(big);
    assertThat(ledger.get("big").orElseThrow().crc64()).hasValue(Crc64.of(big));
  }

  @Test
  void aSourceWithoutRangesIsReadSequentiallyIntoPartBuffers() throws Exception {
    byte[] big = bytes(4 * MIB + 5, 6);
    source.put("big", big, T0);
    source.put("small", bytes(10, 1), T0);
    Doubles.PlainSource plain = new Doubles.PlainSource(source);

    MigrationReport r = run(plain, memorySink, ledger, o -> {});

    assertThat(r.migrated()).isEqualTo(2);
    assertThat(memorySink.content("big")).hasValue(big);
    assertThat(ledger.get("big").orElseThrow().crc64()).hasValue(Crc64.of(big));
  }

  @Test
  void aCheckpointIsResumedSendingOnlyTheMissingParts() throws Exception {
    byte[] big = bytes(5 * MIB, 8); // 5 parts of 1 MiB
    source.put("big", big, T0);
    String upload = memorySink.initiateMultipart("big", io.github.cosmigrate.model.ObjectMetadata.empty());
    List<PartResult> done = new ArrayList<>();
    for (int n : new int[] {1, 3}) {
      done.add(memorySink.uploadPart("big", upload, n, new ByteArrayInputStream(big, (n - 1) * MIB, MIB), MIB));
    }
    PartResult wrong = memorySink.uploadPart("big", upload, 4, new ByteArrayInputStream(big, 3 * MIB, MIB), MIB);
    done.add(new PartResult(4, MIB, "not-the-etag", wrong.crc64(), wrong.verification()));
    ledger.write(new Ledger.Batch().putCheckpoint(new UploadCheckpoint("big", "big", upload,
        source.stat("big").fingerprint(), big.length, MIB, T0, done)));
    long before = memorySink.calls(InMemorySink.Op.UPLOAD_PART);

    MigrationReport r = run(o -> {});

    assertThat(r.migrated()).isEqualTo(1);
    assertThat(memorySink.calls(InMemorySink.Op.UPLOAD_PART) - before).isEqualTo(3); // parts 2, 4 (bad ETag), 5
    assertThat(memorySink.calls(InMemorySink.Op.INITIATE)).isEqualTo(1);
    assertThat(memorySink.content("big")).hasValue(big);
    assertThat(ledger.checkpoints()).isEmpty();
    memorySink.checkNoOpenUploads();
  }

  @Test
  void aSequentialSourceResumesFromACheckpointBySkippingTheStoredParts() throws Exception {
    byte[] big = bytes(4 * MIB + 99, 12); // 5 parts
    source.put("big", big, T0);
    String upload = memorySink.initiateMultipart("big", io.github.cosmigrate.model.ObjectMetadata.empty());
    List<PartResult> done = new ArrayList<>();
    for (int n : new int[] {1, 2, 4}) {
      done.add(memorySink.uploadPart("big", upload, n, new ByteArrayInputStream(big, (n - 1) * MIB, MIB), MIB));
    }
    ledger.write(new Ledger.Batch().putCheckpoint(new UploadCheckpoint("big", "big", upload,
        source.stat("big").fingerprint(), big.length, MIB, T0, done)));
    long before = memorySink.calls(InMemorySink.Op.UPLOAD_PART);

    MigrationReport r = run(new Doubles.PlainSource(source), memorySink, ledger, o -> {});

    assertThat(r.migrated()).isEqualTo(1);
    assertThat(memorySink.calls(InMemorySink.Op.UPLOAD_PART) - before).isEqualTo(2); // parts 3 and 5
    assertThat(memorySink.content("big")).hasValue(big);
    memorySink.checkNoOpenUploads();
  }

  /**
   * A run killed after the sink completed an upload and before the ledger said so leaves a checkpoint of every
   * part and no upload: the next run finds the content at the destination and sends nothing again.
   */
  @Test
  void aCheckpointWhoseUploadWasCompletedIsSettledWithoutSendingTheObjectAgain() throws Exception {
    byte[] big = bytes(3 * MIB + 7, 5);
    completedButNotRecorded("big", big);
    long parts = memorySink.calls(InMemorySink.Op.UPLOAD_PART);

    MigrationReport r = run(o -> {});

    assertThat(r.migrated()).isZero();
    assertThat(r.skipped()).isEqualTo(1);
    assertThat(r.skippedByReason()).containsEntry(MigrationReport.SKIPPED_SAME_AT_DESTINATION, 1L);
    assertThat(memorySink.calls(InMemorySink.Op.UPLOAD_PART)).isEqualTo(parts);
    assertThat(memorySink.calls(InMemorySink.Op.INITIATE)).isEqualTo(1);
    assertThat(memorySink.content("big")).hasValue(big);
    assertThat(ledger.checkpoints()).isEmpty();
    assertThat(ledger.get("big").orElseThrow().crc64()).hasValue(Crc64.of(big));
    memorySink.checkNoOpenUploads();
  }

  /**
   * The run after that settlement sends nothing either: the ledger's entry says the destination holds this very
   * version (checked by its CRC-64), which the ledger skip accepts as it accepts a migration. A crash loop once
   * sent two whole objects again on the run after a kill that landed between an upload's completion and its record.
   */
  @Test
  void anObjectSettledFromTheCheckpointOfACompletedUploadIsNotSentAgainByTheNextRun() throws Exception {
    byte[] big = bytes(3 * MIB + 7, 7);
    completedButNotRecorded("big", big);
    run(o -> {});
    long parts = memorySink.calls(InMemorySink.Op.UPLOAD_PART);
    long initiated = memorySink.calls(InMemorySink.Op.INITIATE);

    MigrationReport r = run(o -> {});

    assertThat(r.migrated()).isZero();
    assertThat(r.skippedByReason()).containsEntry(MigrationReport.SKIPPED_UNCHANGED, 1L);
    assertThat(memorySink.calls(InMemorySink.Op.UPLOAD_PART)).isEqualTo(parts);
    assertThat(memorySink.calls(InMemorySink.Op.INITIATE)).isEqualTo(initiated);
    assertThat(memorySink.content("big")).hasValue(big);
  }

  /**
   * A run killed after the sink completed the multipart upload of {@code key} ({@code content}, 1 MiB parts, the
   * last one shorter) and before the ledger recorded it: the checkpoint holds every part.
   */
  private void completedButNotRecorded(String key, byte[] content) throws Exception {
    source.put(key, content, T0);
    String upload = memorySink.initiateMultipart(key, io.github.cosmigrate.model.ObjectMetadata.empty());
    List<PartResult> done = new ArrayList<>();
    for (int n = 1, off = 0; off < content.length; n++, off += MIB) {
      int len = Math.min(MIB, content.length - off);
      done.add(memorySink.uploadPart(key, upload, n, new ByteArrayInputStream(content, off, len), len));
    }
    ledger.write(new Ledger.Batch().putCheckpoint(new UploadCheckpoint(key, key, upload,
        source.stat(key).fingerprint(), content.length, MIB, T0, done)));
    memorySink.completeMultipart(key, upload, done);
  }

  /**
   * As {@link #aCheckpointWhoseUploadWasCompletedIsSettledWithoutSendingTheObjectAgain}, against a server that
   * answers ListParts of a completed upload with an empty list instead of
   * NoSuchUpload (S3Proxy's file store does): the OSS crash loop sent whole objects again into the completed upload.
   */
  @Test
  void aCompletedUploadThatListsNoPartsIsSettledWithoutSendingTheObjectAgain() throws Exception {
    byte[] big = bytes(3 * MIB + 7, 6);
    completedButNotRecorded("big", big);
    long parts = memorySink.calls(InMemorySink.Op.UPLOAD_PART);
    Sink listsNothing = new io.github.cosmigrate.spi.ForwardingSink(memorySink) {
      @Override
      public List<io.github.cosmigrate.model.UploadedPart> listParts(String key, String uploadId)
          throws java.io.IOException {
        try {
          return super.listParts(key, uploadId);
        } catch (io.github.cosmigrate.error.MigrateException e) {
          if (e.kind() != ErrorKind.NOT_FOUND) {
            throw e;
          }
          return List.of();
        }
      }
    };

    MigrationReport r = run(source, listsNothing, ledger, o -> {});

    assertThat(r.skippedByReason()).containsEntry(MigrationReport.SKIPPED_SAME_AT_DESTINATION, 1L);
    assertThat(memorySink.calls(InMemorySink.Op.UPLOAD_PART)).isEqualTo(parts);
    assertThat(memorySink.content("big")).hasValue(big);
    assertThat(ledger.checkpoints()).isEmpty();
    assertThat(ledger.get("big").orElseThrow().crc64()).hasValue(Crc64.of(big));
  }

  @Test
  void aCheckpointOfAChangedSourceIsAbortedAndTheObjectSentAfresh() throws Exception {
    byte[] big = bytes(3 * MIB, 8);
    source.put("big", big, T0.plusSeconds(60));
    String upload = memorySink.initiateMultipart("big", io.github.cosmigrate.model.ObjectMetadata.empty());
    PartResult p1 = memorySink.uploadPart("big", upload, 1, new ByteArrayInputStream(bytes(MIB, 1)), MIB);
    ledger.write(new Ledger.Batch().putCheckpoint(new UploadCheckpoint("big", "big", upload,
        new io.github.cosmigrate.model.SourceFingerprint(big.length, T0.toEpochMilli(), ""), big.length, MIB, T0,
        List.of(p1))));

    MigrationReport r = run(o -> {});

    assertThat(r.migrated()).isEqualTo(1);
    assertThat(memorySink.calls(InMemorySink.Op.ABORT)).isEqualTo(1);
    assertThat(memorySink.calls(InMemorySink.Op.INITIATE)).isEqualTo(2);
    assertThat(memorySink.content("big")).hasValue(big);
    memorySink.checkNoOpenUploads();
    assertThat(ledger.checkpoints()).isEmpty();
  }

  @Test
  void checkpointsOfDeletedSourcesAreAbortedAtTheEndOfACompleteListing() throws Exception {
    source.put("kept", bytes(10, 1), T0);
    String upload = memorySink.initiateMultipart("gone", io.github.cosmigrate.model.ObjectMetadata.empty());
    ledger.write(new Ledger.Batch().putCheckpoint(new UploadCheckpoint("gone", "gone", upload,
        new io.github.cosmigrate.model.SourceFingerprint(3 * MIB, 1, ""), 3 * MIB, MIB, T0, List.of())));

    MigrationReport r = run(o -> {});

    assertThat(r.success()).isTrue();
    memorySink.checkNoOpenUploads();
    assertThat(ledger.checkpoints()).isEmpty();
  }

  @Test
  void orphanUploadsAreListedAndAborted() throws Exception {
    String tracked = memorySink.initiateMultipart("p/tracked", io.github.cosmigrate.model.ObjectMetadata.empty());
    memorySink.initiateMultipart("p/orphan", io.github.cosmigrate.model.ObjectMetadata.empty());
    memorySink.initiateMultipart("q/elsewhere", io.github.cosmigrate.model.ObjectMetadata.empty());
    ledger.write(new Ledger.Batch().putCheckpoint(new UploadCheckpoint("tracked", "p/tracked", tracked,
        new io.github.cosmigrate.model.SourceFingerprint(1, 1, ""), 1, MIB, T0, List.of())));

    assertThat(io.github.cosmigrate.api.Uploads.listOrphans(memorySink, ledger, "p/"))
        .singleElement().satisfies(u -> assertThat(u.key()).isEqualTo("p/orphan"));
    assertThat(io.github.cosmigrate.api.Uploads.abortOrphans(memorySink, ledger, "p/")).hasSize(1);
    assertThat(memorySink.openUploads()).isEqualTo(2);
  }

  // ---------------------------------------------------------------------------------------------------- changes

  @Test
  void aSourceThatChangesWhileReadIsRetriedWithTheNewVersion() throws Exception {
    source.put("a", bytes(10, 1), T0);
    AtomicInteger opens = new AtomicInteger();
    Doubles.PlainSource s = new Doubles.PlainSource(source);
    byte[] v2 = bytes(12, 2);
    s.onOpen = (k, n) -> {
      if (opens.incrementAndGet() == 1) {
        source.put("a", v2, T0.plusSeconds(1)); // rewritten after it was opened
      }
    };

    MigrationReport r = run(s, memorySink, ledger, o -> {});

    assertThat(r.migrated()).isEqualTo(1);
    assertThat(memorySink.content("a")).hasValue(v2);
    assertThat(ledger.get("a").orElseThrow().fingerprint().size()).isEqualTo(12);
    assertThat(count("retry a")).isEqualTo(1);
  }

  @Test
  void aSourceThatKeepsChangingFailsWithTheReason() throws Exception {
    source.put("a", bytes(10, 1), T0);
    AtomicInteger opens = new AtomicInteger();
    Doubles.PlainSource s = new Doubles.PlainSource(source);
    s.onOpen = (k, n) -> {
      int i = opens.incrementAndGet();
      source.put("a", bytes(10 + 2 * i, i), T0.plusSeconds(i));
    };

    MigrationReport r = run(s, memorySink, ledger, o -> o.maxAttempts(3));

    assertThat(r.failed()).isEqualTo(1);
    assertThat(r.failures()).singleElement().satisfies(f -> {
      assertThat(f.kind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
      assertThat(f.reason()).contains("source changed while it was read: size 14 → 16");
    });
    LedgerEntry e = ledger.get("a").orElseThrow();
    assertThat(e.state()).isEqualTo(ObjectState.FAILED);
    assertThat(e.attempts()).isEqualTo(3);
  }

  @Test
  void aLargeSourceThatChangesDuringTheUploadIsNotCompleted() throws Exception {
    byte[] v1 = bytes(3 * MIB, 1);
    byte[] v2 = bytes(3 * MIB + 100, 2);
    source.put("big", v1, T0);
    Doubles.HookedSink sink = new Doubles.HookedSink(memorySink);
    AtomicInteger parts = new AtomicInteger();
    sink.afterPart = (k, n) -> {
      if (parts.incrementAndGet() == 1) {
        source.put("big", v2, T0.plusSeconds(1));
      }
    };

    MigrationReport r = run(source, sink, ledger, o -> {});

    assertThat(r.migrated()).isEqualTo(1);
    assertThat(memorySink.content("big")).hasValue(v2);
    assertThat(memorySink.calls(InMemorySink.Op.ABORT)).isGreaterThanOrEqualTo(1);
    memorySink.checkNoOpenUploads();
  }

  // ---------------------------------------------------------------------------------------------------- scheduling

  @Test
  void bigFilesDoNotStarveSmallOnes() throws Exception {
    source.put("a-huge-1", bytes(4 * MIB, 1), T0);
    source.put("a-huge-2", bytes(4 * MIB, 2), T0);
    for (int i = 0; i < 20; i++) {
      source.put("b-small-" + i, bytes(100, i), T0);
    }
    Doubles.HookedSink sink = new Doubles.HookedSink(memorySink);
    CountDownLatch smallDone = new CountDownLatch(20);
    sink.beforePart = (k, n) -> await(smallDone);
    MigrationListener counting = new MigrationListener() {
      @Override public void objectCompleted(String key, long size, PutResult r) {
        events.add("done " + key);
        if (key.startsWith("b-small")) {
          smallDone.countDown();
        }
      }
    };
    MigrationOptions o = fast().concurrency(2).partConcurrency(4).partsPerObject(2).build();

    MigrationReport r = Migrator.builder().source(source).sink(sink).ledger(ledger).options(o).listener(counting)
        .build().start().completion().get(SAFETY_SECONDS, TimeUnit.SECONDS);

    assertThat(r.migrated()).isEqualTo(22);
    List<String> done;
    synchronized (events) {
      done = new ArrayList<>(events);
    }
    assertThat(done.subList(0, 20)).allMatch(e -> e.startsWith("done b-small"));
  }

  @Test
  void cancelStopsTheRunKeepsCheckpointsAndEndsWithCancellation() throws Exception {
    source.put("big", bytes(4 * MIB, 1), T0);
    for (int i = 0; i < 10; i++) {
      source.put("s" + i, bytes(100, i), T0);
    }
    Doubles.HookedSink sink = new Doubles.HookedSink(memorySink);
    CountDownLatch partStarted = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    sink.beforePart = (k, n) -> {
      if (n == 2) {
        partStarted.countDown();
        await(never); // interrupted by cancel
      }
    };

    Migration m = start(source, sink, ledger, o -> o.partsPerObject(1));
    await(partStarted);
    m.cancel();

    assertThatThrownBy(() -> m.completion().get(SAFETY_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class);
    MigrationReport soFar = m.reportSoFar();
    assertThat(soFar.listingComplete()).isFalse();
    assertThat(soFar.listingError()).hasValue("the run was stopped before the end");
    assertThat(soFar.migrated()).as("big was in flight: in no count").isLessThanOrEqualTo(10);
    assertThat(soFar.total()).isEqualTo(m.progress().done());
    assertThat(ledger.checkpoints()).singleElement().satisfies(cp -> assertThat(cp.parts()).hasSize(1));
    assertThat(memorySink.openUploads()).isEqualTo(1);

    // the rerun resumes from part 2
    long parts = memorySink.calls(InMemorySink.Op.UPLOAD_PART);
    MigrationReport r = run(o -> {});
    assertThat(r.success()).isTrue();
    assertThat(memorySink.calls(InMemorySink.Op.UPLOAD_PART) - parts).isEqualTo(3);
    memorySink.checkNoOpenUploads();
  }

  @Test
  void queuesStayWithinTheirBoundsOverAManyObjectListing() throws Exception {
    InMemorySource many = InMemorySource.synthetic(200_000, 16);
    DiscardingSink sink = new DiscardingSink();
    DiscardingLedger l = new DiscardingLedger();
    MigrationOptions o = fast().concurrency(8).maxQueuedObjects(100).maxBytesInFlight(4L * MIB).build();

    Migration m = Migrator.builder().source(many).sink(sink).ledger(l).options(o).build().start();
    MigrationReport r = m.completion().get(SAFETY_SECONDS * 3, TimeUnit.SECONDS);

    assertThat(r.migrated()).isEqualTo(200_000);
    assertThat(sink.bytes()).isEqualTo(200_000L * 16);
    // one record per object, plus at most one listing-position write per page of 1,000 (the position usually rides
    // in the batch of the object that completes the lowest page)
    assertThat(l.writes()).isBetween(200_000L, 200_000L + 200);
    Engine.Internals in = ((Engine) m).internals();
    assertThat(in.maxAdmittedObjects()).isLessThanOrEqualTo(in.admittedBound());
    assertThat(in.admittedBound()).isEqualTo(108);
    assertThat(in.maxQueuedRequests()).isLessThanOrEqualTo(in.admittedBound());
    assertThat(in.maxBytesReserved()).isLessThanOrEqualTo(in.bytesBound());
    many.checkNoOpenStreams();
  }

  /** Counts what the engine asks of a limiter. */
  static final class CountingLimiter implements io.github.cosmigrate.spi.RateLimiter {
    final java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong largest = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();

    @Override public void acquire(long permits) {
      calls.incrementAndGet();
      total.addAndGet(permits);
      largest.accumulateAndGet(permits, Math::max);
    }

    @Override public boolean tryAcquire(long permits, Duration timeout) {
      acquire(permits);
      return true;
    }

    @Override public double rate() { return 1e12; }
    @Override public void setRate(double permitsPerSecond) {}
  }

  @Test
  void sourceBytesPayTheBandwidthLimiterInSmallSlicesAndSinkRequestsPayTheRequestLimiter() throws Exception {
    byte[] big = bytes(3 * MIB, 1);
    source.put("big", big, T0);
    source.put("small", bytes(1000, 2), T0);
    CountingLimiter bandwidth = new CountingLimiter();
    CountingLimiter requests = new CountingLimiter();

    MigrationReport r = Migrator.builder().source(source).sink(memorySink).ledger(ledger).options(fast().build())
        .bandwidthLimiter(bandwidth).requestLimiter(requests).build().start().completion()
        .get(SAFETY_SECONDS, TimeUnit.SECONDS);

    assertThat(r.migrated()).isEqualTo(2);
    assertThat(bandwidth.total.get()).isEqualTo(big.length + 1000);
    assertThat(bandwidth.largest.get()).isLessThanOrEqualTo(64 * 1024);
    long sinkRequests = 0;
    for (InMemorySink.Op op : InMemorySink.Op.values()) {
      sinkRequests += memorySink.calls(op);
    }
    assertThat(requests.total.get()).isEqualTo(sinkRequests); // put + initiate + 3 parts + complete
    assertThat(sinkRequests).isEqualTo(6);
  }

  static void await(CountDownLatch l) throws IOException {
    try {
      if (!l.await(SAFETY_SECONDS, TimeUnit.SECONDS)) {
        throw new IOException("test gate never opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted at a test gate");
    }
  }
}
