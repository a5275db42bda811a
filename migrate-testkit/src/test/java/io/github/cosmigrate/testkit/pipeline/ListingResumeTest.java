package io.github.cosmigrate.testkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.api.Migration;
import io.github.cosmigrate.api.MigrationListener;
import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.Migrator;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectState;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.UploadCheckpoint;
import io.github.cosmigrate.spi.ForwardingSource;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.testkit.fakes.InMemoryLedger;
import io.github.cosmigrate.testkit.fakes.InMemorySink;
import io.github.cosmigrate.testkit.fakes.InMemorySource;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The listing resumes from the low watermark: a run stopped at any moment loses nothing, its rerun lists only from
 * the saved position, a finished pass makes the next run list everything again, and two jobs sharing a ledger keep
 * their own positions. Page counts are the {@link InMemorySource}'s list calls.
 */
class ListingResumeTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final long SAFETY_SECONDS = 60; // a hang guard, not a timing assertion

  final InMemorySource source = InMemorySource.create().pageSize(5);
  final InMemorySink memorySink = new InMemorySink();
  final InMemoryLedger ledger = new InMemoryLedger();
  final List<String> events = Collections.synchronizedList(new ArrayList<>());
  final CountDownLatch never = new CountDownLatch(1);

  final MigrationListener recorder = new MigrationListener() {
    @Override public void objectStarted(String key, long size) { events.add("start " + key); }
    @Override public void objectCompleted(String key, long size, PutResult r) { events.add("done " + key); }
    @Override public void objectSkipped(String key, String reason) { events.add("skip " + key); }
    @Override public void objectFailed(String key, ErrorKind kind, String reason) { events.add("fail " + key); }
  };

  @AfterEach
  void noThreadsLeft() throws InterruptedException {
    source.checkNoOpenStreams();
    for (int i = 0; i < 500 && !PipelineTest.engineThreads().isEmpty(); i++) {
      Thread.sleep(10);
    }
    assertThat(PipelineTest.engineThreads()).isEmpty();
  }

  static MigrationOptions.Builder fast() {
    return MigrationOptions.builder().concurrency(4).partConcurrency(4).partsPerObject(2).maxAttempts(2)
        .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).progressInterval(Duration.ofMillis(50));
  }

  Migration start(Source src, Sink sink, Ledger l, Consumer<MigrationOptions.Builder> edit) {
    MigrationOptions.Builder b = fast();
    edit.accept(b);
    return Migrator.builder().source(src).sink(sink).ledger(l).options(b.build()).listener(recorder).build().start();
  }

  MigrationReport run(Source src, Sink sink, Ledger l) throws Exception {
    return start(src, sink, l, o -> {}).completion().get(SAFETY_SECONDS, TimeUnit.SECONDS);
  }

  static String key(int i) {
    return String.format("k%03d", i);
  }

  static byte[] content(int i) {
    return ("content of " + key(i)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  void fill(InMemorySource s, int n) {
    for (int i = 0; i < n; i++) {
      s.put(key(i), content(i), T0);
    }
  }

  /** A sink whose puts of {@code blocked} wait until the run is cancelled. */
  Doubles.HookedSink blocking(String blocked) {
    Doubles.HookedSink sink = new Doubles.HookedSink(memorySink);
    sink.beforePut = (k, n) -> {
      if (k.equals(blocked)) {
        try {
          never.await();
        } catch (InterruptedException e) {
          throw new InterruptedIOException("cancelled");
        }
      }
    };
    return sink;
  }

  static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SAFETY_SECONDS);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  static void cancel(Migration m) {
    m.cancel();
    assertThatThrownBy(() -> m.completion().get(SAFETY_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class);
  }

  /** The saved listing position of the only job in the ledger, or null when none was saved yet. */
  static String position(InMemoryLedger l) {
    Map<String, ListCursor> c = l.cursors();
    return c.isEmpty() ? null : savedPosition(l);
  }

  /** The only saved listing position (the ledger holds one job). */
  static String savedPosition(InMemoryLedger l) {
    assertThat(l.cursors()).hasSize(1);
    return l.cursors().values().iterator().next().token();
  }

  long count(String event) {
    synchronized (events) {
      return events.stream().filter(e -> e.equals(event)).count();
    }
  }

  void assertEverythingMigrated(int n) {
    for (int i = 0; i < n; i++) {
      assertThat(memorySink.content(key(i))).as(key(i)).hasValue(content(i));
    }
    assertThat(memorySink.keys()).hasSize(n);
  }

  // ------------------------------------------------------------------------------------------------------ tests

  @Test
  void aRerunAfterAStoppedRunListsOnlyFromTheWatermark() throws Exception {
    fill(source, 60); // 12 pages of 5
    Migration first = start(source, blocking(key(30)), ledger, o -> {});
    // everything but k030 (page 7) lands, out of listing order around the stuck object
    waitFor("59 objects stored", () -> memorySink.keys().size() == 59);
    waitFor("the position after page 6", () -> String.valueOf(position(ledger)).endsWith(" " + key(29)));
    cancel(first);
    assertThat(savedPosition(ledger)).as("the stuck page 7 holds the watermark").startsWith("wm1 running ")
        .endsWith(" " + key(29));

    events.clear();
    long pagesBefore = source.listCount();
    InMemoryLedger reopened = ledger.reopen(); // as after a restart
    MigrationReport r = run(source, memorySink, reopened);

    assertThat(r.success()).isTrue();
    assertThat(source.listCount() - pagesBefore).as("pages 7 to 12 of 12").isEqualTo(6);
    assertThat(r.migrated()).isEqualTo(1);
    assertThat(r.skipped()).as("k031..k059, migrated by the first run").isEqualTo(29);
    for (int i = 0; i < 30; i++) {
      String k = " " + key(i);
      assertThat(events).as("%s lies before the watermark", k).noneMatch(e -> e.endsWith(k));
    }
    assertEverythingMigrated(60);
    assertThat(savedPosition(reopened)).as("the pass is finished").startsWith("wm1 finished ");
  }

  @Test
  void aNewPassAfterAFinishedOneListsEverythingAndSeesKeysAddedAnywhere() throws Exception {
    fill(source, 20);
    assertThat(run(source, memorySink, ledger).success()).isTrue();
    assertThat(savedPosition(ledger)).startsWith("wm1 finished ");

    source.put("a-first", "new".getBytes(), T0).put("k010x", "new".getBytes(), T0).put("z-last", "new".getBytes(), T0);
    long pagesBefore = source.listCount();
    MigrationReport r = run(source, memorySink, ledger.reopen());

    assertThat(source.listCount() - pagesBefore).as("23 keys in pages of 5, from the start").isEqualTo(5);
    assertThat(r.migrated()).isEqualTo(3);
    assertThat(r.skipped()).isEqualTo(20);
    assertThat(memorySink.keys()).contains("a-first", "k010x", "z-last");
  }

  @Test
  void killedAtAnyLedgerWriteTheRerunsLoseNothing() throws Exception {
    int n = 150;
    fill(source.pageSize(7), n);
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    Doubles.HookedSink jittery = new Doubles.HookedSink(memorySink);
    jittery.beforePut = (k, p) -> {
      try {
        Thread.sleep(random.nextInt(3)); // objects finish out of listing order
      } catch (InterruptedException e) {
        throw new InterruptedIOException("cancelled");
      }
    };
    int fullListing = (n + 6) / 7;
    int kills = 0;
    long pages = 0;
    InMemoryLedger current = ledger;
    while (true) {
      // the process "dies" at a random ledger write: nothing it writes after that reaches the ledger
      KilledAt crashing = new KilledAt(current, 5 + random.nextInt(40));
      long before = source.listCount();
      Migration m = start(source, jittery, crashing, o -> o.concurrency(6));
      crashing.onDeath = m::cancel;
      try {
        MigrationReport r = m.completion().get(SAFETY_SECONDS, TimeUnit.SECONDS);
        if (!crashing.dead()) {
          assertThat(r.success()).as("seed %d", seed).isTrue();
          pages += source.listCount() - before;
          break;
        }
      } catch (java.util.concurrent.ExecutionException | CancellationException e) {
        // stopped below
      }
      if (!m.completion().isDone()) {
        cancel(m);
      }
      pages += source.listCount() - before;
      kills++;
      current = current.reopen();
      assertThat(kills).as("seed %d: the reruns make progress", seed).isLessThan(200);
    }
    System.out.printf("ledger kill test: seed %d, %d kills, %d pages listed (a full listing is %d)%n", seed, kills,
        pages, fullListing);
    // after the last kill a full run completes: every object stored and recorded as migrated
    assertEverythingMigrated(n);
    for (int i = 0; i < n; i++) {
      Optional<LedgerEntry> e = current.get(key(i));
      assertThat(e).as("%s in the ledger (seed %d)", key(i), seed).isPresent();
      assertThat(e.get().state()).isEqualTo(ObjectState.MIGRATED);
    }
    assertThat(kills).as("seed %d", seed).isPositive();
    assertThat(pages).as("seed %d: %d runs listed fewer pages than %d full relistings", seed, kills + 1,
        kills + 1).isLessThan((long) fullListing * (kills + 1));
    assertThat(savedPosition(current)).startsWith("wm1 finished ");
  }

  @Test
  void twoSourcesAndTwoDestinationsSharingALedgerKeepTheirOwnPositions() throws Exception {
    fill(source, 30); // 6 pages
    Source a = named(source, "memory:bucket-a");
    Source b = named(source, "memory:bucket-b");

    Migration m = start(a, blocking("a/" + key(20)), ledger, o -> o.destinationPrefix("a/"));
    waitFor("a stopped at page 5", () -> memorySink.keys().size() == 29);
    cancel(m);

    // another source bucket into the same ledger starts from the start
    long pagesBefore = source.listCount();
    assertThat(run(b, memorySink, ledger, "b/").success()).isTrue();
    assertThat(source.listCount() - pagesBefore).isEqualTo(6);
    // so does the same source into another destination prefix
    pagesBefore = source.listCount();
    assertThat(run(a, memorySink, ledger, "c/").success()).isTrue();
    assertThat(source.listCount() - pagesBefore).isEqualTo(6);
    assertThat(ledger.cursors()).hasSize(3);
    assertThat(ledger.cursors().values().stream().map(ListCursor::token).filter(t -> t.startsWith("wm1 finished")))
        .hasSize(2);

    // and the first job still resumes from its own position (page 5 of 6)
    pagesBefore = source.listCount();
    MigrationReport r = run(a, memorySink, ledger, "a/");
    assertThat(r.success()).isTrue();
    assertThat(source.listCount() - pagesBefore).isEqualTo(2);
    // (the jobs share source keys, so their entries in this one ledger overwrote each other; a ledger belongs to
    // one job, only the listing positions are kept apart here)
    assertThat(r.migrated() + r.skipped()).isEqualTo(10);
    assertThat(memorySink.keys()).hasSize(90);
    for (int i = 0; i < 30; i++) {
      assertThat(memorySink.content("a/" + key(i))).as(key(i)).hasValue(content(i));
    }
  }

  MigrationReport run(Source src, Sink sink, Ledger l, String prefix) throws Exception {
    return start(src, sink, l, o -> o.destinationPrefix(prefix)).completion().get(SAFETY_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void aFailureHoldsTheWatermarkSoTheRerunRetriesIt() throws Exception {
    fill(source, 40); // 8 pages
    memorySink.failNext(1, InMemorySink.Op.PUT, k -> k.equals(key(7)),
        new MigrateException(ErrorKind.ACCESS_DENIED, "denied once: " + key(7)));
    Migration m = start(source, blocking(key(32)), ledger, o -> {});
    waitFor("38 objects stored and k007 failed", () -> memorySink.keys().size() == 38 && count("fail " + key(7)) == 1);
    cancel(m);
    assertThat(ledger.get(key(7)).orElseThrow().state()).isEqualTo(ObjectState.FAILED);
    assertThat(savedPosition(ledger)).as("page 2 holds a failure: saved after page 1").endsWith(" " + key(4));

    long pagesBefore = source.listCount();
    events.clear();
    MigrationReport r = run(source, memorySink, ledger.reopen());

    assertThat(r.success()).isTrue();
    assertThat(source.listCount() - pagesBefore).as("pages 2 to 8").isEqualTo(7);
    assertThat(events).contains("done " + key(7), "done " + key(32));
    assertEverythingMigrated(40);
  }

  @Test
  void aSavedPositionTheSourceRefusesIsDroppedAndTheListingStartsOver() throws Exception {
    fill(source, 20);
    Refusing refusing = new Refusing(source);
    Migration m = start(refusing, blocking(key(12)), ledger, o -> {});
    waitFor("19 objects stored", () -> memorySink.keys().size() == 19);
    cancel(m);
    assertThat(savedPosition(ledger)).endsWith(" " + key(9));

    refusing.refuse.set(true);
    long pagesBefore = source.listCount();
    MigrationReport r = run(refusing, memorySink, ledger.reopen());
    assertThat(r.success()).isTrue();
    assertThat(refusing.refused).hasValue(1);
    assertThat(source.listCount() - pagesBefore).as("all 4 pages, from the start").isEqualTo(4);
    assertEverythingMigrated(20);
  }

  @Test
  void aSourceWhoseCursorsCannotResumeIsListedFromTheStartByEveryRun() throws Exception {
    fill(source, 20);
    Source once = new ForwardingSource(source) {
      @Override public boolean resumableCursors() { return false; }
    };
    Migration m = start(once, blocking(key(12)), ledger, o -> {});
    waitFor("19 objects stored", () -> memorySink.keys().size() == 19);
    cancel(m);
    assertThat(ledger.cursors()).isEmpty();

    long pagesBefore = source.listCount();
    assertThat(run(once, memorySink, ledger.reopen()).success()).isTrue();
    assertThat(source.listCount() - pagesBefore).isEqualTo(4);
    assertEverythingMigrated(20);
  }

  // ------------------------------------------------------------------------------------------------------ doubles

  static Source named(Source s, String name) {
    return new ForwardingSource(s) {
      @Override public String describe() { return name; }
    };
  }

  /** A source that, once told to, refuses the next position it is given, as if its listing mode had changed. */
  static final class Refusing extends ForwardingSource {
    final java.util.concurrent.atomic.AtomicBoolean refuse = new java.util.concurrent.atomic.AtomicBoolean();
    final AtomicInteger refused = new AtomicInteger();

    Refusing(Source d) {
      super(d);
    }

    @Override
    public ListBatch list(Optional<ListCursor> after) throws IOException {
      if (after.isPresent() && refuse.compareAndSet(true, false)) {
        refused.incrementAndGet();
        throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "cursor '" + after.get().token()
            + "' was not made in this mode; start the listing again");
      }
      return super.list(after);
    }
  }

  /**
   * A ledger whose process dies at its {@code n}-th write: that write and every later one are dropped (a dead
   * process writes nothing), reads keep answering from what was written before.
   */
  static final class KilledAt implements Ledger {
    private final Ledger d;
    private final AtomicInteger left;
    volatile Runnable onDeath = () -> {};

    KilledAt(Ledger d, int n) {
      this.d = d;
      this.left = new AtomicInteger(n);
    }

    boolean dead() {
      return left.get() <= 0;
    }

    @Override
    public void write(Batch batch) throws IOException {
      int n = left.getAndDecrement();
      if (n > 0) {
        d.write(batch);
      } else if (n == 0) {
        onDeath.run(); // the test stops the dead run
      }
    }

    @Override public Optional<LedgerEntry> get(String key) throws IOException { return d.get(key); }
    @Override public Map<String, LedgerEntry> getAll(Collection<String> keys) throws IOException { return d.getAll(keys); }
    @Override public Optional<UploadCheckpoint> checkpoint(String key) throws IOException { return d.checkpoint(key); }
    @Override public List<UploadCheckpoint> checkpoints() throws IOException { return d.checkpoints(); }
    @Override public Optional<ListCursor> cursor(String scope) throws IOException { return d.cursor(scope); }
    @Override public void forEachEntry(Consumer<LedgerEntry> v) throws IOException { d.forEachEntry(v); }
    @Override public void close() {}
  }
}
