package io.github.cosmigrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectState;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.SourceFingerprint;
import io.github.cosmigrate.model.UploadCheckpoint;
import io.github.cosmigrate.model.Verification;
import io.github.cosmigrate.spi.Ledger;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link Ledger} implementation passes. Subclass it in the implementation's test sources and
 * implement {@link #openLedger(Path)}.
 *
 * <p><b>Reopen.</b> Several tests close the ledger and call {@link #openLedger(Path)} again with the same
 * directory, then check that every record survived. An implementation that cannot reopen (a plain in-memory
 * fake) overrides {@link #reopenSupported()} to return false; those checks are then skipped within the tests
 * (the rest of each test still runs). Durable implementations must leave it true.
 *
 * <p><b>Key order.</b> {@link Ledger#forEachEntry} visits keys in Unicode code point order (equal to UTF-8 byte
 * order and to S3 listing order), which differs from {@link String#compareTo} for characters outside the BMP.
 */
public abstract class AbstractLedgerContractTest {

  /** A fresh directory per test; the ledger under test lives in {@code tempDir.resolve("ledger")}. */
  @TempDir protected Path tempDir;

  /** The ledger under test, opened before each test and closed after it. */
  protected Ledger ledger;

  /**
   * Opens the ledger stored in {@code dir} (creating it when absent). Called again with the same directory after
   * the previous ledger was closed, to check durability.
   */
  protected abstract Ledger openLedger(Path dir) throws IOException;

  /** False when {@link #openLedger} cannot see what an earlier, closed ledger in the same directory wrote. */
  protected boolean reopenSupported() {
    return true;
  }

  /** The directory the ledger under test lives in. */
  protected Path ledgerDir() {
    return tempDir.resolve("ledger");
  }

  @BeforeEach
  void openLedgerUnderTest() throws IOException {
    ledger = openLedger(ledgerDir());
  }

  @AfterEach
  void closeLedgerUnderTest() throws IOException {
    if (ledger != null) {
      ledger.close();
    }
  }

  /** Closes the ledger and opens it again over the same directory; a no-op when reopen is unsupported. */
  protected void reopen() throws IOException {
    if (!reopenSupported()) {
      return;
    }
    ledger.close();
    ledger = openLedger(ledgerDir());
  }

  // ---------------------------------------------------------------------------------------------- fixtures

  protected static final Instant T0 = Instant.ofEpochSecond(1_764_000_000L, 123_456_789);

  /** A MIGRATED entry with every optional field present. */
  protected static LedgerEntry migrated(String key, long size) {
    return new LedgerEntry(
        key,
        "dest/" + key,
        new SourceFingerprint(size, 1_700_000_000_123L, "etag-" + size),
        ObjectState.MIGRATED,
        "",
        Optional.of("d41d8cd98f00b204e9800998ecf8427e"),
        OptionalLong.of(0x9F00_0000_0000_0001L),
        Optional.of(Verification.VERIFIED),
        1,
        T0);
  }

  /** A FAILED entry with every optional field empty. */
  protected static LedgerEntry failed(String key, String reason) {
    return new LedgerEntry(
        key,
        key,
        new SourceFingerprint(0, -1, ""),
        ObjectState.FAILED,
        reason,
        Optional.empty(),
        OptionalLong.empty(),
        Optional.empty(),
        3,
        Instant.EPOCH);
  }

  protected static UploadCheckpoint checkpoint(String key, String uploadId, List<PartResult> parts) {
    return new UploadCheckpoint(
        key, "dest/" + key, uploadId, new SourceFingerprint(1L << 33, 1_700_000_000_000L, "v1"),
        1L << 33, 8L << 20, T0, parts);
  }

  protected static PartResult part(int n) {
    return new PartResult(n, 8L << 20, "etag-part-" + n, 0x8000_0000_0000_0000L | n,
        n % 2 == 0 ? Verification.VERIFIED : Verification.UNVERIFIABLE);
  }

  protected void put(LedgerEntry... entries) throws IOException {
    Ledger.Batch b = new Ledger.Batch();
    for (LedgerEntry e : entries) {
      b.put(e);
    }
    ledger.write(b);
  }

  // ------------------------------------------------------------------------------------------- entries

  @Test
  void everyFieldOfAnEntryRoundTrips() throws IOException {
    LedgerEntry full = new LedgerEntry(
        "照片/2024/ファイル 😀 ü.jpg",
        "backup/照片/2024/ファイル 😀 ü.jpg",
        new SourceFingerprint(Long.MAX_VALUE, 1_700_000_000_123L, "\"etag with quotes\" / ü"),
        ObjectState.MIGRATED,
        "",
        Optional.of("0123456789abcdef0123456789abcdef-12"),
        OptionalLong.of(0xFFFF_FFFF_FFFF_FFFFL),
        Optional.of(Verification.VERIFIED),
        Integer.MAX_VALUE,
        Instant.ofEpochSecond(1_764_000_000L, 999_999_999));
    LedgerEntry empty = new LedgerEntry(
        "", "", new SourceFingerprint(0, -1, ""), ObjectState.SKIPPED, "", Optional.empty(), OptionalLong.empty(),
        Optional.empty(), 0, Instant.ofEpochSecond(-1, 500_000_000));
    LedgerEntry failedOne = failed("bad\u0000key\nwith controls", "403 AccessDenied on bucket b: check the policy");
    LedgerEntry topBit = new LedgerEntry(
        "crc/top-bit", "crc/top-bit", new SourceFingerprint(5, 0, "x"), ObjectState.MIGRATED, "",
        Optional.of(""), OptionalLong.of(Long.MIN_VALUE), Optional.of(Verification.UNVERIFIABLE), 1, T0);
    put(full, empty, failedOne, topBit);

    for (int round = 0; round < 2; round++) {
      assertThat(ledger.get(full.key())).contains(full);
      assertThat(ledger.get(empty.key())).contains(empty);
      assertThat(ledger.get(failedOne.key())).contains(failedOne);
      assertThat(ledger.get(topBit.key())).contains(topBit);
      reopen();
    }
  }

  @Test
  void getOfAMissingKeyIsEmpty() throws IOException {
    put(migrated("a", 1));
    assertThat(ledger.get("b")).isEmpty();
    assertThat(ledger.get("")).isEmpty();
    assertThat(ledger.get("a/")).isEmpty();
  }

  @Test
  void getAllReturnsOnlyPresentKeys() throws IOException {
    put(migrated("a", 1), migrated("c", 3), failed("ü", "no"));
    Map<String, LedgerEntry> got = ledger.getAll(List.of("a", "b", "c", "ü", "d", "a"));
    assertThat(got).containsOnlyKeys("a", "c", "ü");
    assertThat(got.get("a")).isEqualTo(migrated("a", 1));
    assertThat(got.get("c")).isEqualTo(migrated("c", 3));
    assertThat(got.get("ü")).isEqualTo(failed("ü", "no"));
    assertThat(ledger.getAll(List.of())).isEmpty();
    assertThat(ledger.getAll(List.of("x", "y"))).isEmpty();
  }

  @Test
  void getAllOfManyKeys() throws IOException {
    Ledger.Batch b = new Ledger.Batch();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      keys.add("k" + i);
      if (i % 2 == 0) {
        b.put(migrated("k" + i, i));
      }
    }
    ledger.write(b);
    Map<String, LedgerEntry> got = ledger.getAll(keys);
    assertThat(got).hasSize(1000);
    assertThat(got.get("k1998")).isEqualTo(migrated("k1998", 1998));
    assertThat(got).doesNotContainKey("k1999");
  }

  @Test
  void putOverwrites() throws IOException {
    put(migrated("a", 1));
    put(failed("a", "changed"));
    assertThat(ledger.get("a")).contains(failed("a", "changed"));
    reopen();
    assertThat(ledger.get("a")).contains(failed("a", "changed"));
  }

  @Test
  void deleteRemovesAndMissingDeleteIsANoOp() throws IOException {
    put(migrated("a", 1), migrated("b", 2));
    ledger.write(new Ledger.Batch().delete("a").delete("never-there"));
    assertThat(ledger.get("a")).isEmpty();
    assertThat(ledger.get("b")).contains(migrated("b", 2));
    reopen();
    assertThat(ledger.get("a")).isEmpty();
    assertThat(ledger.get("b")).isPresent();
  }

  @Test
  void anEmptyBatchIsANoOp() throws IOException {
    ledger.write(new Ledger.Batch());
    assertThat(ledger.checkpoints()).isEmpty();
    List<LedgerEntry> seen = new ArrayList<>();
    ledger.forEachEntry(seen::add);
    assertThat(seen).isEmpty();
  }

  // --------------------------------------------------------------------------------------------- batches

  @Test
  void everyOpOfABatchBecomesVisibleTogether() throws Exception {
    int batches = 150;
    int perBatch = 20;
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger observations = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> reader = pool.submit((Callable<Void>) () -> {
        Random rnd = new Random(1);
        while (!done.get() || observations.get() < 10) {
          int b = rnd.nextInt(batches);
          List<String> keys = IntStream.range(0, perBatch).mapToObj(i -> "batch" + b + "/" + i).toList();
          Map<String, LedgerEntry> got = ledger.getAll(keys);
          assertThat(got.size()).as("batch %d seen partly: %s", b, got.keySet()).isIn(0, perBatch);
          Optional<ListCursor> c = ledger.cursor("scope" + b);
          if (!got.isEmpty()) {
            // the cursor was written in the same batch, before the entries: it must be visible too
            assertThat(c).contains(new ListCursor("after-" + b));
          }
          observations.incrementAndGet();
        }
        return null;
      });
      Future<?> writer = pool.submit((Callable<Void>) () -> {
        for (int b = 0; b < batches; b++) {
          Ledger.Batch batch = new Ledger.Batch().putCursor("scope" + b, new ListCursor("after-" + b));
          for (int i = 0; i < perBatch; i++) {
            batch.put(migrated("batch" + b + "/" + i, i));
          }
          ledger.write(batch);
        }
        return null;
      });
      try {
        writer.get(60, TimeUnit.SECONDS);
      } finally {
        done.set(true);
      }
      reader.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(ledger.get("batch" + (batches - 1) + "/" + (perBatch - 1))).isPresent();
  }

  @Test
  void laterOpsInABatchWin() throws IOException {
    put(migrated("c", 3), migrated("e", 5));
    ledger.write(new Ledger.Batch().putCheckpoint(checkpoint("y", "u0", List.of(part(1)))));
    Ledger.Batch b = new Ledger.Batch()
        .put(migrated("a", 1)).put(failed("a", "second"))          // put, put -> second
        .put(migrated("b", 2)).delete("b")                          // put, delete -> absent
        .delete("c").put(failed("c", "back"))                       // delete, put -> present
        .put(migrated("d", 4)).delete("d").put(migrated("d", 44))   // put, delete, put -> last
        .putCursor("s", new ListCursor("1")).putCursor("s", new ListCursor("2"))
        .putCheckpoint(checkpoint("x", "u1", List.of(part(1)))).clearCheckpoint("x")
        .clearCheckpoint("y").putCheckpoint(checkpoint("y", "u2", List.of(part(2))))
        .putCheckpoint(checkpoint("z", "u3", List.of())).putPart("z", "u3", part(7)).putPart("z", "u3", part(3))
        .putPart("z", "u3", new PartResult(3, 1, "replaced", 9, Verification.VERIFIED));
    ledger.write(b);
    for (int round = 0; round < 2; round++) {
      assertThat(ledger.get("a")).contains(failed("a", "second"));
      assertThat(ledger.get("b")).isEmpty();
      assertThat(ledger.get("c")).contains(failed("c", "back"));
      assertThat(ledger.get("d")).contains(migrated("d", 44));
      assertThat(ledger.get("e")).contains(migrated("e", 5));
      assertThat(ledger.cursor("s")).contains(new ListCursor("2"));
      assertThat(ledger.checkpoint("x")).isEmpty();
      assertThat(ledger.checkpoint("y")).contains(checkpoint("y", "u2", List.of(part(2))));
      assertThat(ledger.checkpoint("z")).contains(checkpoint("z", "u3",
          List.of(new PartResult(3, 1, "replaced", 9, Verification.VERIFIED), part(7))));
      reopen();
    }
  }

  // ----------------------------------------------------------------------------------------- checkpoints

  @Test
  void partsAddedOutOfOrderAreAssembledSorted() throws IOException {
    ledger.write(new Ledger.Batch().putCheckpoint(checkpoint("big.bin", "upload-1", List.of(part(1)))));
    assertThat(ledger.checkpoint("big.bin")).contains(checkpoint("big.bin", "upload-1", List.of(part(1))));
    for (int n : new int[] {5, 3, 2, 4}) {
      ledger.write(new Ledger.Batch().putPart("big.bin", "upload-1", part(n)));
    }
    UploadCheckpoint expected = checkpoint("big.bin", "upload-1", List.of(part(1), part(2), part(3), part(4), part(5)));
    assertThat(ledger.checkpoint("big.bin")).contains(expected);
    reopen();
    assertThat(ledger.checkpoint("big.bin")).contains(expected);
  }

  @Test
  void manyPartsInShuffledBatches() throws IOException {
    ledger.write(new Ledger.Batch().putCheckpoint(checkpoint("huge", "u", List.of())));
    List<Integer> numbers = new ArrayList<>(IntStream.rangeClosed(1, 1500).boxed().toList());
    Collections.shuffle(numbers, new Random(42));
    for (int i = 0; i < numbers.size(); i += 50) {
      Ledger.Batch b = new Ledger.Batch();
      for (int n : numbers.subList(i, i + 50)) {
        b.putPart("huge", "u", part(n));
      }
      ledger.write(b);
    }
    for (int round = 0; round < 2; round++) {
      UploadCheckpoint cp = ledger.checkpoint("huge").orElseThrow();
      assertThat(cp.parts()).hasSize(1500);
      assertThat(cp.parts()).extracting(PartResult::partNumber).isSorted().startsWith(1, 2, 3).endsWith(1500);
      assertThat(cp.parts().get(255)).isEqualTo(part(256));
      assertThat(cp.parts().get(256)).isEqualTo(part(257));
      reopen();
    }
  }

  @Test
  void aPartForAStaleOrUnknownUploadIsIgnored() throws IOException {
    ledger.write(new Ledger.Batch().putCheckpoint(checkpoint("k", "new-upload", List.of(part(1)))));
    ledger.write(new Ledger.Batch().putPart("k", "old-upload", part(2)).putPart("k", "new-upload", part(3)));
    ledger.write(new Ledger.Batch().putPart("no-checkpoint", "whatever", part(1)));
    assertThat(ledger.checkpoint("k")).contains(checkpoint("k", "new-upload", List.of(part(1), part(3))));
    assertThat(ledger.checkpoint("no-checkpoint")).isEmpty();
    reopen();
    assertThat(ledger.checkpoint("k")).contains(checkpoint("k", "new-upload", List.of(part(1), part(3))));
    assertThat(ledger.checkpoint("no-checkpoint")).isEmpty();
    assertThat(ledger.checkpoints()).extracting(UploadCheckpoint::key).containsExactly("k");
  }

  @Test
  void putCheckpointReplacesEarlierParts() throws IOException {
    ledger.write(new Ledger.Batch().putCheckpoint(checkpoint("k", "u1", List.of(part(1), part(2)))));
    ledger.write(new Ledger.Batch().putPart("k", "u1", part(3)));
    ledger.write(new Ledger.Batch().putCheckpoint(checkpoint("k", "u2", List.of(part(9)))));
    assertThat(ledger.checkpoint("k")).contains(checkpoint("k", "u2", List.of(part(9))));
    ledger.write(new Ledger.Batch().putPart("k", "u1", part(4)));
    assertThat(ledger.checkpoint("k")).contains(checkpoint("k", "u2", List.of(part(9))));
    // the same upload id again: parts are still replaced by the ones given
    ledger.write(new Ledger.Batch().putCheckpoint(checkpoint("k", "u2", List.of())));
    assertThat(ledger.checkpoint("k")).contains(checkpoint("k", "u2", List.of()));
    // back to an old upload id: nothing of its earlier parts comes back
    ledger.write(new Ledger.Batch().putCheckpoint(checkpoint("k", "u1", List.of())));
    assertThat(ledger.checkpoint("k")).contains(checkpoint("k", "u1", List.of()));
    reopen();
    assertThat(ledger.checkpoint("k")).contains(checkpoint("k", "u1", List.of()));
  }

  @Test
  void clearCheckpointRemovesItAndItsParts() throws IOException {
    ledger.write(new Ledger.Batch().putCheckpoint(checkpoint("k", "u1", List.of(part(1)))).putPart("k", "u1", part(2)));
    ledger.write(new Ledger.Batch().clearCheckpoint("k").clearCheckpoint("never-there"));
    assertThat(ledger.checkpoint("k")).isEmpty();
    assertThat(ledger.checkpoints()).isEmpty();
    ledger.write(new Ledger.Batch().putPart("k", "u1", part(3)));
    assertThat(ledger.checkpoint("k")).isEmpty();
    // the same upload id started again has none of the cleared parts
    ledger.write(new Ledger.Batch().putCheckpoint(checkpoint("k", "u1", List.of())));
    assertThat(ledger.checkpoint("k")).contains(checkpoint("k", "u1", List.of()));
    reopen();
    assertThat(ledger.checkpoint("k")).contains(checkpoint("k", "u1", List.of()));
  }

  @Test
  void recordWritesTheEntryAndClearsTheCheckpoint() throws IOException {
    ledger.write(new Ledger.Batch().putCheckpoint(checkpoint("k", "u1", List.of(part(1), part(2)))));
    ledger.write(new Ledger.Batch().putCheckpoint(checkpoint("other", "u2", List.of(part(1)))));
    ledger.record(migrated("k", 1L << 33));
    ledger.record(migrated("plain", 10));
    for (int round = 0; round < 2; round++) {
      assertThat(ledger.get("k")).contains(migrated("k", 1L << 33));
      assertThat(ledger.get("plain")).contains(migrated("plain", 10));
      assertThat(ledger.checkpoint("k")).isEmpty();
      assertThat(ledger.checkpoints()).containsExactly(checkpoint("other", "u2", List.of(part(1))));
      reopen();
    }
  }

  @Test
  void aCheckpointLeftByAnEarlierSessionIsClearedByTheRecordOfItsObject() throws IOException {
    ledger.record(migrated("before", 1));
    ledger.write(new Ledger.Batch().putCheckpoint(checkpoint("k", "u1", List.of(part(1)))));
    reopen();
    ledger.record(migrated("k", 5)); // the object became small, or was sent whole: its record clears the checkpoint
    assertThat(ledger.checkpoint("k")).isEmpty();
    assertThat(ledger.checkpoints()).isEmpty();
    reopen();
    assertThat(ledger.checkpoint("k")).isEmpty();
    assertThat(ledger.get("k")).contains(migrated("k", 5));
  }

  @Test
  void checkpointsListsEveryCheckpointWithItsOwnParts() throws IOException {
    // keys that are prefixes of one another, or contain NUL, must not see each other's parts
    List<String> keys = List.of("a", "a/b", "ab", "a\u0000b", "a\u0000", "\u0001", "ü/😀");
    Ledger.Batch b = new Ledger.Batch();
    for (int i = 0; i < keys.size(); i++) {
      b.putCheckpoint(checkpoint(keys.get(i), "up-" + i, List.of(part(i + 1))));
    }
    ledger.write(b);
    Ledger.Batch more = new Ledger.Batch();
    for (int i = 0; i < keys.size(); i++) {
      more.putPart(keys.get(i), "up-" + i, part(100 + i));
    }
    ledger.write(more);
    ledger.write(new Ledger.Batch().clearCheckpoint("a\u0000").putCheckpoint(checkpoint("ab", "up-2", List.of())));
    for (int round = 0; round < 2; round++) {
      List<UploadCheckpoint> all = ledger.checkpoints();
      assertThat(all).extracting(UploadCheckpoint::key)
          .containsExactlyInAnyOrder("a", "a/b", "ab", "a\u0000b", "\u0001", "ü/😀");
      for (UploadCheckpoint cp : all) {
        int i = keys.indexOf(cp.key());
        List<PartResult> expectedParts = cp.key().equals("ab") ? List.of() : List.of(part(i + 1), part(100 + i));
        assertThat(cp).isEqualTo(checkpoint(keys.get(i), "up-" + i, expectedParts));
        assertThat(ledger.checkpoint(cp.key())).contains(cp);
      }
      reopen();
    }
  }

  // --------------------------------------------------------------------------------------------- cursors

  @Test
  void cursorsAreKeptPerScope() throws IOException {
    assertThat(ledger.cursor("s3://bucket/a/")).isEmpty();
    ledger.write(new Ledger.Batch().putCursor("s3://bucket/a/", new ListCursor("a/0042"))
        .putCursor("s3://bucket/b/", new ListCursor("")));
    ledger.write(new Ledger.Batch().putCursor("s3://bucket/a/", new ListCursor("a/0099 ü")));
    for (int round = 0; round < 2; round++) {
      assertThat(ledger.cursor("s3://bucket/a/")).contains(new ListCursor("a/0099 ü"));
      assertThat(ledger.cursor("s3://bucket/b/")).contains(new ListCursor(""));
      assertThat(ledger.cursor("s3://bucket/")).isEmpty();
      assertThat(ledger.get("s3://bucket/a/")).isEmpty();
      reopen();
    }
  }

  // ----------------------------------------------------------------------------------------- forEachEntry

  @Test
  void forEachEntryVisitsEveryEntryInKeyOrder() throws IOException {
    int n = 20_000;
    List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
    Collections.shuffle(order, new Random(7));
    for (int i = 0; i < n; i += 1000) {
      Ledger.Batch b = new Ledger.Batch();
      for (int k : order.subList(i, i + 1000)) {
        b.put(migrated(String.format("dir%02d/file-%06d", k % 37, k), k));
      }
      ledger.write(b);
    }
    // code point order, not UTF-16 order: U+FFFD sorts before U+1F600 (whose UTF-16 starts with 0xD83D)
    put(migrated("\uFFFD", 1), migrated("😀", 2), migrated("~", 3));
    ledger.write(new Ledger.Batch().putCheckpoint(checkpoint("dir00/file-000000", "u", List.of(part(1))))
        .putCursor("dir00/", new ListCursor("x")));

    for (int round = 0; round < 2; round++) {
      List<String> seen = new ArrayList<>();
      AtomicInteger wrong = new AtomicInteger();
      ledger.forEachEntry(e -> {
        seen.add(e.key());
        if (e.key().startsWith("dir")) {
          int k = Integer.parseInt(e.key().substring(e.key().indexOf('-') + 1));
          if (!e.equals(migrated(e.key(), k))) {
            wrong.incrementAndGet();
          }
        }
      });
      assertThat(seen).hasSize(n + 3);
      assertThat(new HashSet<>(seen)).hasSize(n + 3);
      assertThat(seen).isSortedAccordingTo(AbstractLedgerContractTest::compareCodePoints);
      assertThat(seen.subList(n, n + 3)).containsExactly("~", "\uFFFD", "😀");
      assertThat(wrong.get()).as("entries visited with other contents than written").isZero();
      reopen();
    }
  }

  @Test
  void aVisitorsExceptionPropagatesAndTheLedgerStaysUsable() throws IOException {
    put(migrated("a", 1), migrated("b", 2), migrated("c", 3));
    List<String> seen = new ArrayList<>();
    assertThatThrownBy(() -> ledger.forEachEntry(e -> {
      seen.add(e.key());
      if (e.key().equals("b")) {
        throw new IllegalArgumentException("stop here");
      }
    })).isInstanceOf(IllegalArgumentException.class).hasMessage("stop here");
    assertThat(seen).containsExactly("a", "b");
    put(migrated("d", 4));
    List<String> all = new ArrayList<>();
    ledger.forEachEntry(e -> all.add(e.key()));
    assertThat(all).containsExactly("a", "b", "c", "d");
  }

  // ------------------------------------------------------------------------------------------- lifecycle

  @Test
  void closeIsIdempotentAndLaterCallsThrowIllegalState() throws IOException {
    put(migrated("a", 1));
    ledger.close();
    ledger.close();
    assertThatThrownBy(() -> ledger.get("a")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ledger.getAll(List.of("a"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ledger.checkpoint("a")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ledger.checkpoints()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ledger.cursor("s")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ledger.write(new Ledger.Batch().put(migrated("b", 2))))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ledger.record(migrated("b", 2))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ledger.forEachEntry(e -> { })).isInstanceOf(IllegalStateException.class);
    if (reopenSupported()) {
      ledger = openLedger(ledgerDir());
      assertThat(ledger.get("a")).contains(migrated("a", 1));
      assertThat(ledger.get("b")).isEmpty();
    }
  }

  @Test
  void everythingSurvivesCloseAndReopen() throws IOException {
    put(migrated("a", 1), failed("b", "why"));
    ledger.write(new Ledger.Batch().putCheckpoint(checkpoint("c", "u", List.of(part(2))))
        .putPart("c", "u", part(1)).putCursor("scope", new ListCursor("tok")));
    reopen();
    reopen();
    assertThat(ledger.get("a")).contains(migrated("a", 1));
    assertThat(ledger.get("b")).contains(failed("b", "why"));
    assertThat(ledger.checkpoints()).containsExactly(checkpoint("c", "u", List.of(part(1), part(2))));
    assertThat(ledger.cursor("scope")).contains(new ListCursor("tok"));
    // and the reopened ledger takes writes
    ledger.record(migrated("c", 1L << 33));
    reopen();
    assertThat(ledger.checkpoints()).isEmpty();
    assertThat(ledger.get("c")).contains(migrated("c", 1L << 33));
  }

  // ----------------------------------------------------------------------------------------- concurrency

  @Test
  void concurrentWritersOfDistinctKeysAreAllKept() throws Exception {
    int threads = 6;
    int perThread = 400;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      ledger.write(new Ledger.Batch().putCheckpoint(checkpoint("shared", "u", List.of())));
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit((Callable<Void>) () -> {
          for (int i = 0; i < perThread; i++) {
            String key = "t" + thread + "/" + i;
            if (i % 3 == 0) {
              ledger.record(migrated(key, i));
            } else {
              ledger.write(new Ledger.Batch().put(failed(key, "r" + i)));
            }
            if (i < 20) {
              ledger.write(new Ledger.Batch().putPart("shared", "u", part(thread * 20 + i + 1)));
            }
            if (i % 50 == 0) {
              assertThat(ledger.get(key)).isPresent();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (int round = 0; round < 2; round++) {
      Set<String> seen = new HashSet<>();
      ledger.forEachEntry(e -> seen.add(e.key()));
      assertThat(seen).hasSize(threads * perThread);
      for (int t = 0; t < threads; t++) {
        assertThat(ledger.get("t" + t + "/3")).contains(migrated("t" + t + "/3", 3));
        assertThat(ledger.get("t" + t + "/4")).contains(failed("t" + t + "/4", "r4"));
      }
      assertThat(ledger.checkpoint("shared").orElseThrow().parts()).extracting(PartResult::partNumber)
          .containsExactlyElementsOf(IntStream.rangeClosed(1, threads * 20).boxed().toList());
      reopen();
    }
  }

  /** Unicode code point order (UTF-8 byte order). */
  protected static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
