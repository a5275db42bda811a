package io.github.cosmigrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceEntry;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.capability.RangeReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Source} keeps. A plugin runs it with a one-screen subclass in its tests:
 *
 * <pre>{@code
 * class LocalSourceContractTest extends AbstractSourceContractTest {
 *   @TempDir Path dir;
 *   protected Source createSource(Map<String, byte[]> objects) { write files; return LocalSource.open(...); }
 *   protected Source reopenSource() { return LocalSource.open(...same root...); }
 *   protected boolean supportsRangeReads() { return true; }
 * }
 * }</pre>
 *
 * <p>The subclass must configure its source with a small page size (at most 10) so listings span several pages.
 * Keys passed to {@link #createSource} use {@code /} as a separator and never name both a "file" and a "directory"
 * ({@code a} and {@code a/b} together).
 *
 * <p>Covered: complete, duplicate-free, stable listings across pages; an empty source; resuming from every cursor,
 * also in a new instance; stat (size, modification time, consistency with the listing) and NOT_FOUND for missing
 * keys; exact bytes for open, empty objects and odd keys; range reads when {@link #supportsRangeReads()} (and the
 * capability's absence otherwise, never a throwing stub); concurrent opens; for a source that
 * {@linkplain Source#pinsReads() pins its reads}, SOURCE_CHANGED from {@code open} and {@code openRange} of an
 * object replaced after it was listed (through {@link #replaceObject}).
 */
public abstract class AbstractSourceContractTest {

  /** Sources created through the hooks, closed after each test. */
  private final List<Source> created = new ArrayList<>();

  /**
   * Seeds a fresh fixture with exactly {@code objects} (key to content) and returns a source over it. Called at most
   * once per test.
   */
  protected abstract Source createSource(Map<String, byte[]> objects) throws Exception;

  /** A new source instance over the fixture of the last {@link #createSource} call, as after a process restart. */
  protected abstract Source reopenSource() throws Exception;

  /** Whether the source implements {@link RangeReader}; the kit checks the runtime type agrees. */
  protected abstract boolean supportsRangeReads();

  /** Whether listings and stat report a modification time. */
  protected boolean reportsModificationTime() {
    return true;
  }

  /**
   * Replaces the content of {@code key} in the fixture of the last {@link #createSource} call, as another writer
   * would (a new version with a new ETag or change time), and returns true; returns false, the default, when the
   * subclass cannot. A subclass whose source {@linkplain Source#pinsReads() pins its reads} must override it: the kit
   * then checks that a read of the listed version fails with {@code SOURCE_CHANGED}.
   */
  protected boolean replaceObject(String key, byte[] content) throws Exception {
    return false;
  }

  /** Extra checks after each test on every source the test created (for example, no stream left open). */
  protected void checkAfterTest(Source source) throws Exception {}

  private Source create(Map<String, byte[]> objects) throws Exception {
    Source s = createSource(objects);
    created.add(s);
    return s;
  }

  private Source reopen() throws Exception {
    Source s = reopenSource();
    created.add(s);
    return s;
  }

  @AfterEach
  protected final void closeSourcesCreatedByTheKit() throws Exception {
    try {
      for (Source s : created) {
        checkAfterTest(s);
      }
    } finally {
      for (Source s : created) {
        s.close();
      }
      created.clear();
    }
  }

  // ---------------------------------------------------------------- fixtures

  /** {@code n} small objects over a few "directories", with distinct contents. */
  protected static Map<String, byte[]> manyObjects(int n) {
    Map<String, byte[]> m = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      String key = switch (i % 4) {
        case 0 -> "top-" + i + ".txt";
        case 1 -> "dir-a/file-" + i + ".bin";
        case 2 -> "dir-a/sub/deep-" + i;
        default -> "dir-b/x" + i + ".dat";
      };
      m.put(key, ("content of " + key + " #" + i).getBytes(StandardCharsets.UTF_8));
    }
    return m;
  }

  /** Keys that trip naive encoders and walkers. */
  protected static Map<String, byte[]> oddKeys() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    for (String k : List.of("with space.txt", "plus+sign.txt", "percent%20literal.txt", "percent%.txt",
        "unicode-中文-é.txt", "emoji-😀.txt", ".leading-dot", "dir.with.dots/.hidden", "semi;colon&amp=eq.txt",
        "brackets[1](2){3}.txt", "quote'single.txt", "tilde~hash#.txt")) {
      m.put(k, ("odd " + k).getBytes(StandardCharsets.UTF_8));
    }
    return m;
  }

  /** Content of the given length with a position-dependent pattern. */
  protected static byte[] pattern(int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (i * 31 + (i >>> 8) * 7);
    }
    return b;
  }

  /** Lists everything through pages; returns the pages. */
  protected static List<ListBatch> listAllPages(Source s, Optional<ListCursor> from) throws IOException {
    List<ListBatch> pages = new ArrayList<>();
    Optional<ListCursor> cursor = from;
    for (int guard = 0; guard < 1_000_000; guard++) {
      ListBatch b = s.list(cursor);
      pages.add(b);
      if (b.isLast()) {
        return pages;
      }
      assertThat(b.next()).as("cursor must move on").isNotEqualTo(cursor);
      cursor = b.next();
    }
    throw new AssertionError("listing did not end after 1,000,000 pages");
  }

  protected static List<SourceEntry> entries(List<ListBatch> pages) {
    List<SourceEntry> all = new ArrayList<>();
    pages.forEach(p -> all.addAll(p.entries()));
    return all;
  }

  protected static List<String> keys(List<SourceEntry> entries) {
    return entries.stream().map(SourceEntry::key).toList();
  }

  protected static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  // ---------------------------------------------------------------- listing

  @Test
  void listingReturnsEveryKeyExactlyOnceAcrossPages() throws Exception {
    Map<String, byte[]> objects = manyObjects(50);
    Source s = create(objects);
    List<ListBatch> pages = listAllPages(s, Optional.empty());
    List<SourceEntry> all = entries(pages);

    assertThat(pages).as("the subclass must configure a small page size").hasSizeGreaterThan(1);
    assertThat(all).allSatisfy(e -> assertThat(e).isInstanceOf(SourceEntry.Found.class));
    assertThat(keys(all)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(objects.keySet());
    for (SourceEntry e : all) {
      ObjectInfo o = ((SourceEntry.Found) e).object();
      assertThat(o.size()).as("size of %s", o.key()).isEqualTo(objects.get(o.key()).length);
      assertThat(o.key()).doesNotStartWith("/");
    }
    for (int i = 0; i < pages.size() - 1; i++) {
      assertThat(pages.get(i).next()).as("non-last page %s has a cursor", i).isPresent();
    }
  }

  @Test
  void listingOrderIsStable() throws Exception {
    Source s = create(manyObjects(30));
    List<String> first = keys(entries(listAllPages(s, Optional.empty())));
    List<String> second = keys(entries(listAllPages(s, Optional.empty())));
    List<String> reopened = keys(entries(listAllPages(reopen(), Optional.empty())));
    assertThat(second).containsExactlyElementsOf(first);
    assertThat(reopened).containsExactlyElementsOf(first);
  }

  @Test
  void emptySourceListsNothingAndEnds() throws Exception {
    Source s = create(Map.of());
    List<ListBatch> pages = listAllPages(s, Optional.empty());
    assertThat(entries(pages)).isEmpty();
    assertThat(pages.get(pages.size() - 1).isLast()).isTrue();
  }

  @Test
  void resumingFromEveryCursorYieldsExactlyTheRest() throws Exception {
    Source s = create(manyObjects(40));
    List<ListBatch> pages = listAllPages(s, Optional.empty());
    List<String> all = keys(entries(pages));
    int emitted = 0;
    for (ListBatch page : pages) {
      emitted += page.entries().size();
      if (page.isLast()) {
        break;
      }
      List<String> rest = keys(entries(listAllPages(s, page.next())));
      assertThat(rest).as("rest after cursor %s", page.next().get())
          .containsExactlyElementsOf(all.subList(emitted, all.size()));
    }
  }

  @Test
  void resumingInANewInstanceYieldsExactlyTheRest() throws Exception {
    Source s = create(manyObjects(40));
    List<ListBatch> pages = listAllPages(s, Optional.empty());
    List<String> all = keys(entries(pages));
    Source restarted = reopen();
    int emitted = 0;
    for (ListBatch page : pages) {
      emitted += page.entries().size();
      if (page.isLast()) {
        break;
      }
      ListCursor persisted = new ListCursor(new String(page.next().get().token().toCharArray()));
      List<String> rest = keys(entries(listAllPages(restarted, Optional.of(persisted))));
      assertThat(rest).as("rest after cursor %s in a new instance", persisted)
          .containsExactlyElementsOf(all.subList(emitted, all.size()));
    }
  }

  // ---------------------------------------------------------------- stat

  @Test
  void statReportsSizeAndModificationTimeConsistentWithListing() throws Exception {
    Map<String, byte[]> objects = new TreeMap<>(manyObjects(8));
    objects.put("empty-object", new byte[0]);
    Source s = create(objects);
    for (SourceEntry e : entries(listAllPages(s, Optional.empty()))) {
      ObjectInfo listed = ((SourceEntry.Found) e).object();
      ObjectInfo stat = s.stat(listed.key());
      assertThat(stat.key()).isEqualTo(listed.key());
      assertThat(stat.size()).isEqualTo(objects.get(listed.key()).length);
      assertThat(stat.lastModified()).isEqualTo(listed.lastModified());
      if (reportsModificationTime()) {
        assertThat(stat.lastModified()).as("mtime of %s", listed.key()).isPresent();
      }
      assertThat(stat.fingerprint()).as("unchanged object keeps its fingerprint").isEqualTo(listed.fingerprint());
    }
  }

  @Test
  void statOfMissingKeyIsNotFound() throws Exception {
    Source s = create(Map.of("present.txt", new byte[] {1}));
    assertNotFound(() -> s.stat("absent.txt"));
    assertNotFound(() -> s.stat("present.txt/below"));
    assertNotFound(() -> s.stat("present"));
  }

  // ---------------------------------------------------------------- open

  @Test
  void openReadsExactBytes() throws Exception {
    Map<String, byte[]> objects = new TreeMap<>();
    objects.put("small.txt", "hello".getBytes(StandardCharsets.UTF_8));
    objects.put("dir/pattern.bin", pattern(300_001));
    objects.put("empty", new byte[0]);
    objects.put("dir/sub/empty-too", new byte[0]);
    Source s = create(objects);
    for (Map.Entry<String, byte[]> e : objects.entrySet()) {
      assertThat(readAll(openBody(s, e.getKey()))).as("content of %s", e.getKey()).isEqualTo(e.getValue());
    }
  }

  @Test
  void openOfMissingKeyIsNotFound() throws Exception {
    Source s = create(Map.of("present.txt", new byte[] {1}));
    assertNotFound(() -> s.open(ObjectInfo.of("absent.txt", 1, Instant.EPOCH)));
  }

  @Test
  void oddKeysListStatAndOpenExactly() throws Exception {
    Map<String, byte[]> objects = oddKeys();
    Source s = create(objects);
    List<SourceEntry> all = entries(listAllPages(s, Optional.empty()));
    assertThat(keys(all)).containsExactlyInAnyOrderElementsOf(objects.keySet());
    assertThat(all).allSatisfy(e -> assertThat(e).isInstanceOf(SourceEntry.Found.class));
    for (Map.Entry<String, byte[]> e : objects.entrySet()) {
      assertThat(s.stat(e.getKey()).size()).isEqualTo(e.getValue().length);
      assertThat(readAll(openBody(s, e.getKey()))).as("content of %s", e.getKey()).isEqualTo(e.getValue());
    }
  }

  @Test
  void streamsOpenedBeforeCloseStayReadable() throws Exception {
    byte[] content = pattern(10_000);
    Source s = create(Map.of("k.bin", content));
    InputStream in = openBody(s, "k.bin");
    s.close();
    s.close();
    assertThat(readAll(in)).isEqualTo(content);
  }

  @Test
  void concurrentOpensReadExactBytes() throws Exception {
    Map<String, byte[]> objects = new TreeMap<>();
    for (int i = 0; i < 16; i++) {
      objects.put("c/obj-" + i, pattern(1000 + i * 4099));
    }
    Source s = create(objects);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        final int shift = t;
        Callable<Integer> task = () -> {
          List<String> ks = new ArrayList<>(objects.keySet());
          int checked = 0;
          for (int round = 0; round < 3; round++) {
            for (int i = 0; i < ks.size(); i++) {
              String k = ks.get((i + shift) % ks.size());
              if (!Arrays.equals(readAll(openBody(s, k)), objects.get(k))) {
                throw new AssertionError("wrong content of " + k + " read concurrently");
              }
              checked++;
            }
          }
          return checked;
        };
        futures.add(pool.submit(task));
      }
      int total = 0;
      for (Future<Integer> f : futures) {
        total += f.get(60, TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(8 * 3 * 16);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- ranges

  @Test
  void rangeReaderCapabilityMatchesDeclaration() throws Exception {
    Source s = create(Map.of("k", new byte[] {1, 2, 3}));
    assertThat(s.capability(RangeReader.class)).as("capability(RangeReader.class)")
        .isEqualTo(s instanceof RangeReader ? Optional.of(s) : Optional.empty());
    assertThat(s instanceof RangeReader)
        .as("supportsRangeReads() says %s; a capability the source lacks must be absent, not a throwing stub",
            supportsRangeReads())
        .isEqualTo(supportsRangeReads());
  }

  @Test
  void rangeReadsReturnExactBytes() throws Exception {
    if (!supportsRangeReads()) {
      assertThat(create(Map.of())).isNotInstanceOf(RangeReader.class);
      return;
    }
    byte[] content = pattern(100_003);
    Source s = create(Map.of("big.bin", content, "empty.bin", new byte[0]));
    RangeReader r = (RangeReader) s;
    assertRange(s, r, "big.bin", content, 0, 1000);
    assertRange(s, r, "big.bin", content, 4096, 65_536);
    assertRange(s, r, "big.bin", content, content.length - 777, 777);
    assertRange(s, r, "big.bin", content, 0, content.length);
    assertRange(s, r, "big.bin", content, 500, 0);
    assertRange(s, r, "big.bin", content, content.length, 0);
    assertRange(s, r, "empty.bin", new byte[0], 0, 0);
  }

  @Test
  void rangePastEndIsSourceChanged() throws Exception {
    if (!supportsRangeReads()) {
      assertThat(create(Map.of())).isNotInstanceOf(RangeReader.class);
      return;
    }
    byte[] content = pattern(1000);
    Source s = create(Map.of("k.bin", content));
    RangeReader r = (RangeReader) s;
    assertSourceChanged(() -> readAll(r.openRange(s.stat("k.bin"), 900, 101)));
    assertSourceChanged(() -> readAll(r.openRange(s.stat("k.bin"), 1001, 0)));
    assertSourceChanged(() -> readAll(r.openRange(s.stat("k.bin"), 2000, 10)));
    assertNotFound(() -> r.openRange(ObjectInfo.of("absent.bin", 1, Instant.EPOCH), 0, 1));
  }

  @Test
  void concurrentRangeReadsReadExactBytes() throws Exception {
    if (!supportsRangeReads()) {
      assertThat(create(Map.of())).isNotInstanceOf(RangeReader.class);
      return;
    }
    byte[] content = pattern(256 * 1024 + 17);
    Source s = create(Map.of("parts.bin", content));
    RangeReader r = (RangeReader) s;
    int part = 16 * 1024;
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<byte[]>> futures = new ArrayList<>();
      for (long off = 0; off < content.length; off += part) {
        final long o = off;
        final long len = Math.min(part, content.length - off);
        futures.add(pool.submit(() -> readAll(r.openRange(s.stat("parts.bin"), o, len))));
      }
      byte[] joined = new byte[content.length];
      int pos = 0;
      for (Future<byte[]> f : futures) {
        byte[] b = f.get(60, TimeUnit.SECONDS);
        System.arraycopy(b, 0, joined, pos, b.length);
        pos += b.length;
      }
      assertThat(pos).isEqualTo(content.length);
      assertThat(joined).isEqualTo(content);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- pinned reads

  @Test
  void pinnedReadsOfAnObjectReplacedAfterListingAreSourceChanged() throws Exception {
    byte[] original = pattern(5000);
    byte[] replacement = new byte[original.length];
    for (int i = 0; i < replacement.length; i++) {
      replacement[i] = (byte) ~original[i];
    }
    Source s = create(Map.of("pinned.bin", original));
    ObjectInfo listed = entries(listAllPages(s, Optional.empty())).stream()
        .filter(e -> e instanceof SourceEntry.Found).map(e -> ((SourceEntry.Found) e).object())
        .filter(o -> o.key().equals("pinned.bin")).findFirst().orElseThrow();
    boolean replaced = replaceObject("pinned.bin", replacement);
    if (!s.pinsReads()) {
      return; // the engine re-stats objects of this source after each transfer instead
    }
    assertThat(replaced).as("a source that pins its reads must let the kit replace an object: override "
        + "replaceObject").isTrue();
    assertSourceChanged(() -> readAll(s.open(listed).body()));
    if (s instanceof RangeReader r) {
      assertSourceChanged(() -> readAll(r.openRange(listed, 0, 100)));
      assertSourceChanged(() -> readAll(r.openRange(listed, 1000, listed.size() - 1000)));
    }
    assertThat(readAll(openBody(s, "pinned.bin"))).as("the new version, opened as stat'ed")
        .isEqualTo(replacement);
  }

  // ---------------------------------------------------------------- helpers

  /** The body of {@code key}, opened as the engine does: with the object's current info. */
  protected static InputStream openBody(Source s, String key) throws IOException {
    return s.open(s.stat(key)).body();
  }

  private static void assertRange(Source s, RangeReader r, String key, byte[] content, int offset, int length)
      throws IOException {
    byte[] got = readAll(r.openRange(s.stat(key), offset, length));
    assertThat(got).as("range [%s, +%s) of %s", offset, length, key)
        .isEqualTo(Arrays.copyOfRange(content, offset, offset + length));
  }

  /** A call that may throw. */
  @FunctionalInterface
  protected interface IoCall {
    Object call() throws Exception;
  }

  protected static void assertNotFound(IoCall call) {
    assertKind(call, ErrorKind.NOT_FOUND);
  }

  protected static void assertSourceChanged(IoCall call) {
    assertKind(call, ErrorKind.SOURCE_CHANGED);
  }

  protected static void assertKind(IoCall call, ErrorKind kind) {
    Object result;
    try {
      result = call.call();
    } catch (MigrateException e) {
      assertThat(e.kind()).as("kind of: %s", e.getMessage()).isEqualTo(kind);
      assertThat(e.getMessage()).isNotBlank();
      return;
    } catch (Exception e) {
      throw new AssertionError("expected MigrateException of kind " + kind + " but got " + e, e);
    }
    if (result instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception ignored) {
        // the assertion below is what matters
      }
    }
    fail("expected MigrateException of kind %s, but the call returned %s", kind, result);
  }

  /** Keys of all Found entries of a full listing. */
  protected static Set<String> foundKeys(Source s) throws IOException {
    Set<String> out = new HashSet<>();
    for (SourceEntry e : entries(listAllPages(s, Optional.empty()))) {
      if (e instanceof SourceEntry.Found) {
        out.add(e.key());
      }
    }
    return out;
  }
}
