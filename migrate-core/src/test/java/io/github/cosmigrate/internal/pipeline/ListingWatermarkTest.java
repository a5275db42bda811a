package io.github.cosmigrate.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectState;
import io.github.cosmigrate.model.SourceFingerprint;
import io.github.cosmigrate.model.UploadCheckpoint;
import io.github.cosmigrate.spi.Ledger;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ListingWatermarkTest {
  static final String SCOPE = "listing test";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  /** Just enough ledger: entries as a set of keys, cursors by scope, and a check run on every write. */
  static final class FakeLedger implements Ledger {
    final Set<String> recorded = ConcurrentHashMap.newKeySet();
    final Map<String, ListCursor> cursors = new ConcurrentHashMap<>();
    final AtomicInteger cursorWrites = new AtomicInteger();
    volatile Consumer<String> onCursor = c -> {};

    @Override
    public synchronized void write(Batch batch) {
      for (Batch.Op op : batch.ops()) {
        if (op instanceof Batch.PutEntry e) {
          recorded.add(e.entry().key());
        }
      }
      for (Batch.Op op : batch.ops()) {
        if (op instanceof Batch.PutCursor c) {
          onCursor.accept(c.cursor().token());
          cursors.put(c.scope(), c.cursor());
          cursorWrites.incrementAndGet();
        }
      }
    }

    String saved() {
      ListCursor c = cursors.get(SCOPE);
      return c == null ? null : c.token();
    }

    @Override public Optional<ListCursor> cursor(String scope) { return Optional.ofNullable(cursors.get(scope)); }
    @Override public Optional<LedgerEntry> get(String key) { throw new UnsupportedOperationException(); }
    @Override public Map<String, LedgerEntry> getAll(Collection<String> keys) { throw new UnsupportedOperationException(); }
    @Override public Optional<UploadCheckpoint> checkpoint(String key) { throw new UnsupportedOperationException(); }
    @Override public List<UploadCheckpoint> checkpoints() { throw new UnsupportedOperationException(); }
    @Override public void forEachEntry(Consumer<LedgerEntry> visitor) { throw new UnsupportedOperationException(); }
    @Override public void close() {}
  }

  final FakeLedger ledger = new FakeLedger();
  final ListingWatermark wm = new ListingWatermark(ledger, SCOPE, true, CLOCK, "test source");

  static ListBatch page(int n, boolean last) {
    return new ListBatch(List.of(), last ? Optional.empty() : Optional.of(new ListCursor("after-" + n)));
  }

  static String running(String token) {
    return "wm1 running " + CLOCK.millis() + " " + token;
  }

  static final String FINISHED = "wm1 finished " + CLOCK.millis();

  /** Settles one object as the engine does: claim, one batch with its record (and the claimed position), done. */
  void migrated(ListingWatermark w, ListingWatermark.Segment s, String key) throws IOException {
    ListingWatermark.Claim claim = w.claim(s);
    Ledger.Batch b = new Ledger.Batch().put(entry(key));
    w.addTo(b, claim);
    ledger.write(b);
    w.done(s, claim);
  }

  static LedgerEntry entry(String key) {
    return new LedgerEntry(key, key, new SourceFingerprint(1, 0, ""), ObjectState.MIGRATED, "", Optional.empty(),
        OptionalLong.empty(), Optional.empty(), 1, CLOCK.instant());
  }

  @Test
  void objectsFinishingOutOfOrderMoveThePositionOnlyOverCompletePages() throws IOException {
    assertThat(wm.start()).isEmpty();
    ListingWatermark.Segment p1 = wm.open(page(1, false));
    wm.admit(p1);
    wm.admit(p1);
    wm.seal(p1);
    ListingWatermark.Segment p2 = wm.open(page(2, false));
    wm.admit(p2);
    wm.seal(p2);
    ListingWatermark.Segment p3 = wm.open(page(3, false));
    wm.admit(p3);
    wm.seal(p3);

    migrated(wm, p3, "c");
    migrated(wm, p2, "b");
    assertThat(ledger.saved()).as("page 1 is still open").isNull();
    migrated(wm, p1, "a1");
    assertThat(ledger.saved()).isNull();
    assertThat(ledger.cursorWrites).hasValue(0);

    // the last object of page 1 carries the position after page 3 in its own batch: one write, no extra one
    migrated(wm, p1, "a2");
    assertThat(ledger.saved()).isEqualTo(running("after-3"));
    assertThat(ledger.cursorWrites).hasValue(1);
    assertThat(wm.segments()).isZero();
  }

  @Test
  void aPageWithNothingToTransferMovesThePositionWhenSealed() throws IOException {
    wm.start();
    ListingWatermark.Segment p1 = wm.open(page(1, false));
    wm.seal(p1);
    assertThat(ledger.saved()).isEqualTo(running("after-1"));
    ListingWatermark.Segment p2 = wm.open(page(2, true));
    wm.seal(p2);
    assertThat(ledger.saved()).as("the last page complete: the pass is finished").isEqualTo(FINISHED);
  }

  @Test
  void aFailureHoldsThePositionBackUntilThePassFinishes() throws IOException {
    wm.start();
    ListingWatermark.Segment p1 = wm.open(page(1, false));
    wm.admit(p1);
    wm.seal(p1);
    ListingWatermark.Segment p2 = wm.open(page(2, false));
    wm.admit(p2);
    wm.seal(p2);
    ListingWatermark.Segment p3 = wm.open(page(3, false));
    wm.failed(p3); // a listing failure, settled on the lister
    wm.seal(p3);
    ListingWatermark.Segment p4 = wm.open(page(4, true));
    wm.admit(p4);
    wm.seal(p4);

    migrated(wm, p4, "d");
    wm.failed(p2); // an admitted object failed
    wm.done(p2, null);
    migrated(wm, p1, "a");
    assertThat(ledger.saved()).as("nothing passes page 2, which holds a failure").isEqualTo(running("after-1"));
    assertThat(wm.claim(p1)).isNull();

    wm.finish();
    assertThat(ledger.saved()).as("a finished pass is recorded, failures or not").isEqualTo(FINISHED);
  }

  @Test
  void pagesHeldStayBoundedByTheObjectsInFlight() throws IOException {
    wm.start();
    ListingWatermark.Segment stuck = wm.open(page(0, false));
    wm.admit(stuck);
    wm.seal(stuck);
    for (int i = 1; i <= 10_000; i++) {
      ListingWatermark.Segment s = wm.open(page(i, false));
      wm.admit(s);
      wm.seal(s);
      if (i % 7 == 0) {
        wm.failed(s);
        wm.done(s, null);
      } else {
        migrated(wm, s, "k" + i);
      }
      assertThat(wm.segments()).isLessThanOrEqualTo(3);
    }
    assertThat(ledger.saved()).isNull();
    migrated(wm, stuck, "k0");
    assertThat(ledger.saved()).as("up to the first page with a failure").isEqualTo(running("after-6"));
    assertThat(wm.segments()).isZero();
  }

  @Test
  void aRerunResumesFromTheSavedPositionAndAFinishedPassStartsOver() throws IOException {
    ledger.cursors.put(SCOPE, new ListCursor(running("after-7 with spaces")));
    assertThat(wm.start()).contains(new ListCursor("after-7 with spaces"));
    assertThat(wm.resumed()).isTrue();

    ledger.cursors.put(SCOPE, new ListCursor(FINISHED));
    ListingWatermark next = new ListingWatermark(ledger, SCOPE, true, CLOCK, "test source");
    assertThat(next.start()).isEmpty();
    assertThat(next.resumed()).isFalse();

    ledger.cursors.put(SCOPE, new ListCursor("after-7"));
    assertThat(new ListingWatermark(ledger, SCOPE, true, CLOCK, "test source").start())
        .as("a record this version did not write is ignored").isEmpty();
  }

  @Test
  void aRefusedPositionStartsThePassAgain() throws IOException {
    ledger.cursors.put(SCOPE, new ListCursor(running("after-7")));
    assertThat(wm.start()).isPresent();
    wm.restart();
    assertThat(wm.resumed()).isFalse();
    ListingWatermark.Segment p1 = wm.open(page(1, false));
    wm.seal(p1);
    assertThat(ledger.saved()).isEqualTo(running("after-1"));
  }

  @Test
  void aSourceThatCannotResumeSavesNothing() throws IOException {
    ledger.cursors.put(SCOPE, new ListCursor(running("after-7")));
    ListingWatermark off = new ListingWatermark(ledger, SCOPE, false, CLOCK, "test source");
    assertThat(off.start()).isEmpty();
    ListingWatermark.Segment s = off.open(page(1, true));
    off.admit(s);
    migrated(off, s, "a");
    off.seal(s);
    off.finish();
    assertThat(ledger.saved()).isEqualTo(running("after-7"));
    assertThat(ledger.cursorWrites).hasValue(0);
  }

  @Test
  void underConcurrentOutOfOrderSettlementEverySavedPositionCoversOnlyRecordedObjects() throws Exception {
    for (int round = 0; round < 20; round++) {
      long seed = new Random().nextLong();
      Random random = new Random(seed);
      FakeLedger l = new FakeLedger();
      ListingWatermark w = new ListingWatermark(l, SCOPE, true, CLOCK, "test source");
      w.start();
      int pages = 200;
      List<List<String>> keys = new ArrayList<>();
      List<String> violations = new CopyOnWriteArrayList<>();
      AtomicInteger lastSaved = new AtomicInteger(-1);
      l.onCursor = token -> {
        int upTo = token.startsWith("wm1 finished") ? pages - 1
            : Integer.parseInt(token.substring(token.lastIndexOf('-') + 1));
        for (int p = 0; p <= upTo; p++) {
          for (String k : keys.get(p)) {
            if (!l.recorded.contains(k)) {
              violations.add(token + " saved before " + k + " was recorded (seed " + seed + ")");
            }
          }
        }
        if (upTo < lastSaved.getAndSet(upTo)) {
          violations.add(token + " moved back (seed " + seed + ")");
        }
      };
      for (int p = 0; p < pages; p++) {
        List<String> ks = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
          ks.add("p" + p + "-o" + i);
        }
        keys.add(ks);
      }
      ExecutorService pool = Executors.newFixedThreadPool(6);
      for (int p = 0; p < pages; p++) {
        ListingWatermark.Segment s = w.open(new ListBatch(List.of(), p == pages - 1 ? Optional.empty()
            : Optional.of(new ListCursor("after-" + p))));
        for (String k : keys.get(p)) {
          w.admit(s);
          int delay = random.nextInt(300);
          pool.execute(() -> {
            try {
              Thread.sleep(0, delay * 1000);
              ListingWatermark.Claim claim = w.claim(s);
              Ledger.Batch b = new Ledger.Batch().put(entry(k));
              w.addTo(b, claim);
              l.write(b);
              w.done(s, claim);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
        }
        w.seal(s);
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      assertThat(violations).isEmpty();
      assertThat(l.cursors.get(SCOPE).token()).as("seed %d", seed).isEqualTo(FINISHED);
      assertThat(w.segments()).isZero();
      int objects = keys.stream().mapToInt(List::size).sum();
      assertThat(l.cursorWrites.get()).as("at most one position write per page beyond the records")
          .isLessThanOrEqualTo(pages);
      assertThat(l.recorded).hasSize(objects);
    }
  }
}
