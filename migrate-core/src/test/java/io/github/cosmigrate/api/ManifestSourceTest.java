package io.github.cosmigrate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.SourceEntry;
import io.github.cosmigrate.model.SourceRead;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.capability.RangeReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ManifestSource} over a strict fake store: paging, resume, key lists, the snapshot rule. */
class ManifestSourceTest {
  private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");

  @TempDir Path tmp;

  /**
   * A store below prefix {@code p/} that pins reads to the ETag it is given, as the S3 source does: keys are
   * relative, stats and opens are counted, and listing it is an error.
   */
  static final class Store implements Source, RangeReader {
    final Map<String, byte[]> content = new ConcurrentHashMap<>();
    final Map<String, String> etags = new ConcurrentHashMap<>();
    final AtomicInteger stats = new AtomicInteger();
    final Map<String, AtomicInteger> failStats = new ConcurrentHashMap<>();
    boolean closed;

    void put(String key, String text, String etag) {
      content.put(key, text.getBytes(StandardCharsets.UTF_8));
      etags.put(key, etag);
    }

    @Override
    public String describe() {
      return "store://b/p/";
    }

    @Override
    public ListBatch list(Optional<ListCursor> after) {
      throw new AssertionError("a manifest run must not list the store");
    }

    @Override
    public ObjectInfo stat(String key) throws IOException {
      stats.incrementAndGet();
      AtomicInteger fail = failStats.get(key);
      if (fail != null && fail.getAndDecrement() > 0) {
        throw new MigrateException(ErrorKind.THROTTLED, "slow down (" + key + ")");
      }
      byte[] b = content.get(key);
      if (b == null) {
        throw new MigrateException(ErrorKind.NOT_FOUND, "store object p/" + key + " does not exist");
      }
      return new ObjectInfo(key, b.length, Optional.of(T), Optional.of(etags.get(key)), OptionalLong.of(7),
          ObjectMetadata.builder().contentType("text/x-store").build(), Optional.of("v-" + etags.get(key)));
    }

    private void check(ObjectInfo o) throws IOException {
      if (!content.containsKey(o.key())) {
        throw new MigrateException(ErrorKind.NOT_FOUND, "store object p/" + o.key() + " does not exist");
      }
      if (o.etag().isPresent() && !o.etag().get().equals(etags.get(o.key()))) {
        throw new MigrateException(ErrorKind.SOURCE_CHANGED, "412 for p/" + o.key());
      }
    }

    @Override
    public SourceRead open(ObjectInfo o) throws IOException {
      check(o);
      byte[] b = content.get(o.key());
      return new SourceRead(new ByteArrayInputStream(b), new ObjectInfo(o.key(), b.length, Optional.of(T),
          Optional.of(etags.get(o.key())), OptionalLong.empty(), ObjectMetadata.empty()));
    }

    @Override
    public InputStream openRange(ObjectInfo o, long offset, long length) throws IOException {
      check(o);
      return new ByteArrayInputStream(content.get(o.key()), (int) offset, (int) length);
    }

    @Override
    public boolean pinsReads() {
      return true;
    }

    @Override
    public boolean listsMetadata() {
      return false;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private Path file(String name, String text) throws IOException {
    return Files.writeString(tmp.resolve(name), text);
  }

  private Path gzip(String name, String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = new GZIPOutputStream(out)) {
      z.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return Files.write(tmp.resolve(name), out.toByteArray());
  }

  private static String row(String bucket, String key, long size, String etag) {
    return "\"" + bucket + "\",\"" + key + "\",\"" + size + "\",\"" + etag + "\"\n";
  }

  private static List<SourceEntry> listAll(Source s, List<ListBatch> pages) throws IOException {
    List<SourceEntry> all = new ArrayList<>();
    Optional<ListCursor> c = Optional.empty();
    do {
      ListBatch b = s.list(c);
      pages.add(b);
      all.addAll(b.entries());
      c = b.next();
    } while (c.isPresent());
    return all;
  }

  @Test
  void anInventoryIsListedInPagesOfLinesWithoutAskingTheStoreAndResumesFromALineInANewInstance()
      throws IOException {
    StringBuilder csv = new StringBuilder();
    for (int i = 1; i <= 25; i++) {
      csv.append(row("b", (i % 5 == 0 ? "q/" : "p/") + "k" + i, i, "e" + i)); // every fifth is outside p/
    }
    Path f = gzip("inventory.csv.gz", csv.toString());
    Store store = new Store();
    List<ListBatch> pages = new ArrayList<>();
    List<SourceEntry> all;
    try (ManifestSource m = ManifestSource.builder(store, f).bucket("b").prefix("p/").pageSize(10).build()) {
      assertThat(m.isInventory()).isTrue();
      assertThat(m.describe()).isEqualTo("store://b/p/ listed from manifest inventory.csv.gz");
      all = listAll(m, pages);
    }
    assertThat(store.closed).as("closing the manifest source closes the store's").isTrue();
    assertThat(store.stats).hasValue(0);
    assertThat(all).hasSize(20).allSatisfy(e -> assertThat(e).isInstanceOf(SourceEntry.Found.class));
    assertThat(all.get(0)).isEqualTo(new SourceEntry.Found(new ObjectInfo("k1", 1, Optional.empty(),
        Optional.of("e1"), OptionalLong.empty(), ObjectMetadata.empty())));
    assertThat(pages).extracting(b -> b.next().map(ListCursor::token).orElse("end"))
        .containsExactly("10:inventory.csv.gz", "20:inventory.csv.gz", "end");
    assertThat(pages).extracting(b -> b.entries().size()).containsExactly(8, 8, 4);

    // a new instance (a new process) resumes after line 20
    try (ManifestSource again = ManifestSource.builder(new Store(), f).bucket("b").prefix("p/").pageSize(10)
        .build()) {
      ListBatch rest = again.list(Optional.of(new ListCursor("20:inventory.csv.gz")));
      assertThat(rest.entries()).extracting(SourceEntry::key).containsExactly("k21", "k22", "k23", "k24");
      assertThat(rest.isLast()).isTrue();
      // asked again for an earlier position, it reopens the file
      assertThat(again.list(Optional.of(new ListCursor("3:inventory.csv.gz"))).entries())
          .extracting(SourceEntry::key).startsWith("k4", "k6");
      // a position of another file, of a bucket listing, or past the file's end stops the run
      assertThatThrownBy(() -> again.list(Optional.of(new ListCursor("3:other.csv.gz"))))
          .isInstanceOf(MigrateException.class).hasMessageContaining("manifest 'other.csv.gz', not of "
              + "'inventory.csv.gz'").extracting(e -> ((MigrateException) e).kind())
          .isEqualTo(ErrorKind.FATAL_CONFIGURATION);
      assertThatThrownBy(() -> again.list(Optional.of(new ListCursor("p/k7"))))
          .hasMessageContaining("not made by a manifest listing");
      assertThatThrownBy(() -> again.list(Optional.of(new ListCursor("99:inventory.csv.gz"))))
          .hasMessageContaining("has only 25 lines");
    }
  }

  @Test
  void badLinesAreListedAsFailuresWithTheFileAndLineAndTheRestIsListed() throws IOException {
    Path f = file("inv.csv", row("b", "p/ok1", 1, "e") + "\"b\",\"p/short\",\"1\"\n" + row("x", "p/k", 1, "e")
        + "\n" + row("b", "p/bad%ZZ", 1, "e") + row("b", "p/ok2", 2, "e"));
    try (ManifestSource m = ManifestSource.builder(new Store(), f).bucket("b").prefix("p/").build()) {
      List<SourceEntry> all = listAll(m, new ArrayList<>());
      assertThat(all).extracting(SourceEntry::key)
          .containsExactly("ok1", "inv.csv:2", "inv.csv:3", "inv.csv:5", "ok2");
      assertThat(all.get(1)).isInstanceOfSatisfying(SourceEntry.Failed.class, e -> {
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(e.reason()).startsWith("manifest inv.csv line 2: expected 4 fields");
      });
      assertThat(((SourceEntry.Failed) all.get(2)).reason()).contains("line 3", "bucket 'x'");
      assertThat(((SourceEntry.Failed) all.get(3)).reason()).contains("line 5", "bad escape");
    }
  }

  @Test
  void aKeyListIsStatedKeyByKeyAndAMissingKeyFailsWithItsLine() throws IOException {
    Store store = new Store();
    store.put("a.txt", "alpha", "ea");
    store.put("dir/", "", "ed");
    store.put("sp ace+plus%.txt", "s", "es");
    Path f = file("keys.txt", "p/a.txt\np/missing.txt\n\np/dir/\nelsewhere/x\np/sp ace+plus%.txt\n");
    try (ManifestSource m = ManifestSource.builder(store, f).bucket("b").prefix("p/").build()) {
      assertThat(m.isInventory()).isFalse();
      assertThat(m.listsMetadata()).as("the stat gave every header").isTrue();
      assertThat(m.pinsReads()).isTrue();
      List<SourceEntry> all = listAll(m, new ArrayList<>());
      assertThat(store.stats).as("one stat per key in the job").hasValue(4);
      assertThat(all).hasSize(4);
      assertThat(all.get(0)).isEqualTo(new SourceEntry.Found(store.stat("a.txt")));
      assertThat(all.get(1)).isInstanceOfSatisfying(SourceEntry.Failed.class, e -> {
        assertThat(e.key()).isEqualTo("missing.txt");
        assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(e.reason()).isEqualTo("manifest keys.txt line 2: listed, but store object p/missing.txt does "
            + "not exist");
      });
      assertThat(all.get(2)).isEqualTo(new SourceEntry.Skipped("dir/",
          "directory marker (a zero-byte key ending in '/')"));
      assertThat(all.get(3).key()).isEqualTo("sp ace+plus%.txt");
    }
  }

  @Test
  void aStatThatFailsRetryablyEndsThePageBeforeItsLineWhichIsReadAgainWithoutRereadingTheFile()
      throws IOException {
    Store store = new Store();
    for (int i = 1; i <= 6; i++) {
      store.put("k" + i, "x".repeat(i), "e" + i);
    }
    store.failStats.put("k3", new AtomicInteger(1));
    store.failStats.put("k5", new AtomicInteger(3)); // once ending the second page, then twice first in its page
    Path f = file("keys.txt", "p/k1\np/k2\np/k3\np/k4\np/k5\np/k6\n");
    try (ManifestSource m = ManifestSource.builder(store, f).bucket("b").prefix("p/").pageSize(4).build()) {
      ListBatch first = m.list(Optional.empty());
      assertThat(first.entries()).extracting(SourceEntry::key).containsExactly("k1", "k2");
      assertThat(first.next()).hasValue(new ListCursor("2:keys.txt"));
      ListBatch second = m.list(first.next());
      assertThat(second.entries()).extracting(SourceEntry::key).containsExactly("k3", "k4");
      // k5 fails first in its page: the error goes to the engine (which backs off), the position stays
      assertThatThrownBy(() -> m.list(second.next())).isInstanceOf(MigrateException.class)
          .hasMessageContaining("slow down (k5)");
      assertThatThrownBy(() -> m.list(second.next())).hasMessageContaining("slow down (k5)");
      ListBatch third = m.list(second.next());
      assertThat(third.entries()).extracting(SourceEntry::key).containsExactly("k5", "k6");
      assertThat(third.isLast()).isTrue();
    }
  }

  @Test
  void anObjectThatChangedSinceTheManifestFailsClearlyInsteadOfCopyingAnotherVersion() throws IOException {
    Store store = new Store();
    store.put("same.txt", "same", "e1");
    store.put("changed.txt", "new content", "e-new");
    store.put("resized.txt", "longer now", "E2");
    Path f = file("inv.csv", row("b", "p/same.txt", 4, "E1") + row("b", "p/changed.txt", 11, "e-old")
        + row("b", "p/resized.txt", 3, "e2"));
    try (ManifestSource m = ManifestSource.builder(store, f).bucket("b").prefix("p/").build()) {
      assertThat(m.listsMetadata()).as("an inventory row has no headers").isFalse();
      assertThat(m.pinsReads()).isTrue();
      List<ObjectInfo> listed = listAll(m, new ArrayList<>()).stream()
          .map(e -> ((SourceEntry.Found) e).object()).toList();
      ObjectInfo same = listed.get(0);

      // the engine's stat (before a multipart upload): the store's metadata, the manifest's identity
      ObjectInfo stated = m.statListed(same);
      assertThat(stated.fingerprint()).isEqualTo(same.fingerprint());
      assertThat(stated.etag()).as("ETags compare without regard to case").hasValue("E1");
      assertThat(stated.metadata().contentType()).hasValue("text/x-store");
      assertThat(stated.versionId()).as("the store's version id pins later reads").hasValue("v-e1");
      assertThat(stated.crc64()).hasValue(7);

      for (ObjectInfo o : List.of(listed.get(1), listed.get(2))) {
        assertThatThrownBy(() -> m.statListed(o)).isInstanceOfSatisfying(MigrateException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).contains("object 'p/" + o.key() + "' of bucket 'b' changed since the "
              + "manifest inv.csv was written");
        });
      }
      assertThatThrownBy(() -> m.statListed(listed.get(1))).hasMessageContaining("ETag e-old → e-new");
      assertThatThrownBy(() -> m.statListed(listed.get(2))).hasMessageContaining("size 3 → 10");

      // reads: a pinned read the store refuses, or a response of another size, is the same failure
      assertThatThrownBy(() -> m.open(listed.get(1))).isInstanceOfSatisfying(MigrateException.class,
          e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT)).hasMessageContaining("changed since the "
              + "manifest inv.csv was written (412 for p/changed.txt)");
      RangeReader ranges = m.capability(RangeReader.class).orElseThrow();
      assertThat(ranges).isSameAs(m);
      assertThatThrownBy(() -> ranges.openRange(listed.get(1), 0, 5)).hasMessageContaining("changed since");
      ObjectInfo resizedSameEtag = new ObjectInfo("resized.txt", 3, Optional.empty(), Optional.empty(),
          OptionalLong.empty(), ObjectMetadata.empty());
      assertThatThrownBy(() -> m.open(resizedSameEtag)).hasMessageContaining("size 3 → 10");
      try (SourceRead r = m.open(new ObjectInfo("same.txt", 4, Optional.empty(), Optional.of("e1"),
          OptionalLong.empty(), ObjectMetadata.empty()))) {
        assertThat(r.body().readAllBytes()).isEqualTo("same".getBytes(StandardCharsets.UTF_8));
      }
      // a missing object is NOT_FOUND, as from the store
      ObjectInfo gone = new ObjectInfo("gone", 1, Optional.empty(), Optional.of("e"), OptionalLong.empty(),
          ObjectMetadata.empty());
      assertThatThrownBy(() -> m.statListed(gone)).isInstanceOfSatisfying(MigrateException.class,
          e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }
  }

  @Test
  void withoutEtagOrVersionReadsAreNotPinnedAndAStoreWithoutRangesGivesNone() throws IOException {
    Path f = file("inv.csv", "\"p/k\",\"3\",\"2024-05-01T10:00:00.000Z\"\n");
    Source noRanges = new io.github.cosmigrate.spi.ForwardingSource(new Store()) {
      @Override
      public <X> Optional<X> capability(Class<X> type) {
        return type == RangeReader.class ? Optional.empty() : super.capability(type);
      }
    };
    try (ManifestSource m = ManifestSource.builder(noRanges, f).bucket("b").prefix("p/")
        .schema("Key, Size, LastModifiedDate").build()) {
      assertThat(m.pinsReads()).isFalse();
      assertThat(m.capability(RangeReader.class)).isEmpty();
      ObjectInfo o = ((SourceEntry.Found) m.list(Optional.empty()).entries().get(0)).object();
      assertThat(o.lastModified()).hasValue(T);
      assertThat(o.etag()).isEmpty();
    }
    Path versioned = file("v.csv", "\"p/k\",\"3\",\"v1\"\n");
    try (ManifestSource m = ManifestSource.builder(new Store(), versioned).bucket("b").prefix("p/")
        .schema("Key, Size, VersionId").build()) {
      assertThat(m.pinsReads()).as("a version id pins reads").isTrue();
    }
  }

  @Test
  void settingsAreCheckedWhenBuilt() throws IOException {
    Path f = file("inv.csv", row("b", "k", 1, "e"));
    Store store = new Store();
    assertThatThrownBy(() -> ManifestSource.builder(store, f).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bucket");
    assertThatThrownBy(() -> ManifestSource.builder(store, tmp.resolve("nope.csv")).bucket("b").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope.csv is not a readable file");
    assertThatThrownBy(() -> ManifestSource.builder(store, f).bucket("b").schema("Bucket, Size").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no 'Key' column");
    assertThatThrownBy(() -> ManifestSource.builder(store, f).pageSize(0)).isInstanceOf(IllegalArgumentException.class);
    // an empty file lists nothing
    try (ManifestSource m = ManifestSource.builder(store, file("empty.txt", "")).bucket("b").build()) {
      ListBatch only = m.list(Optional.empty());
      assertThat(only.entries()).isEmpty();
      assertThat(only.isLast()).isTrue();
    }
  }
}
