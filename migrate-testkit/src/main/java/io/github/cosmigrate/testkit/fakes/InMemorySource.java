package io.github.cosmigrate.testkit.fakes;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceRead;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.SourceEntry;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.capability.RangeReader;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A strict in-memory {@link Source} with {@link RangeReader}, for engine tests (modelled on Okio's
 * {@code FakeFileSystem}).
 *
 * <p>Keys are listed in {@link String#compareTo} order; the cursor is the last listed key, so a cursor stays valid in
 * a new instance over the same content (as after a restart). Besides objects it can hold injected
 * {@link SourceEntry.Skipped} and {@link SourceEntry.Failed} entries, listed in key order among the objects.
 *
 * <p>Strict: a missing key is {@code NOT_FOUND}; reading a stream after closing it fails; {@link #checkNoOpenStreams()}
 * fails when a stream was opened and never closed (call it in {@code @AfterEach}). Streams opened before
 * {@link #close()} stay readable, as the SPI requires; new calls after close fail.
 *
 * <p>Fault plan: {@link #failOpen}, {@link #failStat} and {@link #failList} make the next {@code times} calls for a key
 * throw a {@link MigrateException} of the given kind, after which calls succeed again; {@link #failReadAfter} makes
 * the streams of the next {@code times} opens of a key fail after some bytes.
 *
 * <p>{@link #putUnknownSize} adds an object that is listed and stat'ed with {@link ObjectInfo#UNKNOWN_SIZE} (as an
 * HTTP body sent chunked is); it opens whole as usual, and a range of it is refused with {@code UNSUPPORTED}.
 *
 * <p>{@link #synthetic(long, long)} builds a read-only source whose keys and contents are computed on demand, so a
 * listing of ten million objects needs no memory; contents are given by {@link #syntheticByte(long, long)}.
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public final class InMemorySource implements Source, RangeReader {

  /** A stored object: content plus modification time. */
  private record Stored(byte[] content, Instant modified, ObjectMetadata metadata, long crc64, boolean sizeUnknown) {}

  private static final String SYNTHETIC_PREFIX = "synthetic/";
  private static final int SYNTHETIC_DIGITS = 12;

  private final NavigableMap<String, Object> entries = new ConcurrentSkipListMap<>();
  private final long syntheticCount;
  private final long syntheticSize;
  private final Instant syntheticModified = Instant.parse("2024-01-01T00:00:00Z");

  private volatile Clock clock = Clock.systemUTC();
  private volatile int pageSize = 1000;
  private volatile boolean closed;
  private volatile boolean reportCrc64;
  private final String name;

  private final Map<String, Fault> openFaults = new ConcurrentHashMap<>();
  private final Map<String, Fault> statFaults = new ConcurrentHashMap<>();
  private final Map<String, Fault> listFaults = new ConcurrentHashMap<>();
  private final Map<String, ReadFault> readFaults = new ConcurrentHashMap<>();
  private final Set<TrackedStream> openStreams = ConcurrentHashMap.newKeySet();
  private final AtomicLong opens = new AtomicLong();
  private final AtomicLong listCalls = new AtomicLong();

  private static final class Fault {
    final AtomicInteger remaining;
    final ErrorKind kind;

    Fault(int times, ErrorKind kind) {
      this.remaining = new AtomicInteger(times);
      this.kind = kind;
    }
  }

  private record ReadFault(AtomicInteger remaining, long afterBytes, ErrorKind kind) {}

  private InMemorySource(String name, long syntheticCount, long syntheticSize) {
    this.name = name;
    this.syntheticCount = syntheticCount;
    this.syntheticSize = syntheticSize;
  }

  /** An empty source; add objects with {@link #put}. */
  public static InMemorySource create() {
    return new InMemorySource("memory", -1, 0);
  }

  /** A source holding the given objects (copied). */
  public static InMemorySource of(Map<String, byte[]> objects) {
    InMemorySource s = create();
    objects.forEach(s::put);
    return s;
  }

  /**
   * A read-only source of {@code count} objects of {@code objectSize} bytes each, keys {@code synthetic/000000000000}
   * upwards, computed on demand. Byte {@code p} of object {@code i} is {@link #syntheticByte(long, long)}.
   */
  public static InMemorySource synthetic(long count, long objectSize) {
    if (count < 0 || objectSize < 0) {
      throw new IllegalArgumentException("count and objectSize must be >= 0, were " + count + ", " + objectSize);
    }
    return new InMemorySource("memory-synthetic:" + count + "x" + objectSize, count, objectSize);
  }

  /** The key of synthetic object {@code index}. */
  public static String syntheticKey(long index) {
    String digits = Long.toString(index);
    return SYNTHETIC_PREFIX + "0".repeat(Math.max(0, SYNTHETIC_DIGITS - digits.length())) + digits;
  }

  /** Byte {@code position} of synthetic object {@code index}: a cheap deterministic pattern. */
  public static byte syntheticByte(long index, long position) {
    long x = index * 0x9E3779B97F4A7C15L + position * 0xBF58476D1CE4E5B9L;
    x ^= x >>> 29;
    return (byte) x;
  }

  private boolean isSynthetic() {
    return syntheticCount >= 0;
  }

  // ---------------------------------------------------------------- mutation

  /** Adds or replaces an object; its modification time is the clock's now. Returns this. */
  public InMemorySource put(String key, byte[] content) {
    return put(key, content, clock.instant());
  }

  /** Adds or replaces an object with a given modification time. Returns this. */
  public InMemorySource put(String key, byte[] content, Instant modified) {
    return put(key, content, modified, ObjectMetadata.empty());
  }

  /** Adds or replaces an object with a given modification time and metadata. Returns this. */
  public InMemorySource put(String key, byte[] content, Instant modified, ObjectMetadata metadata) {
    requireMutable();
    entries.put(Objects.requireNonNull(key, "key"),
        new Stored(content.clone(), Objects.requireNonNull(modified, "modified"), metadata, Crc64.of(content), false));
    return this;
  }

  /**
   * Adds or replaces an object that is listed and stat'ed with {@link ObjectInfo#UNKNOWN_SIZE} (its length is learnt
   * only by reading it); ranges of it are refused with {@code UNSUPPORTED}. Returns this.
   */
  public InMemorySource putUnknownSize(String key, byte[] content, Instant modified) {
    requireMutable();
    entries.put(Objects.requireNonNull(key, "key"), new Stored(content.clone(),
        Objects.requireNonNull(modified, "modified"), ObjectMetadata.empty(), Crc64.of(content), true));
    return this;
  }

  /** Adds a listing entry that is skipped with a reason. Returns this. */
  public InMemorySource putSkipped(String key, String reason) {
    requireMutable();
    entries.put(key, new SourceEntry.Skipped(key, reason));
    return this;
  }

  /** Adds a listing entry that failed with a kind and reason. Returns this. */
  public InMemorySource putFailed(String key, ErrorKind kind, String reason) {
    requireMutable();
    entries.put(key, new SourceEntry.Failed(key, kind, reason));
    return this;
  }

  /** Removes an object or injected entry. Returns this. */
  public InMemorySource remove(String key) {
    requireMutable();
    entries.remove(key);
    return this;
  }

  /** Sets the clock used for modification times of {@link #put(String, byte[])}. Returns this. */
  public InMemorySource clock(Clock c) {
    clock = Objects.requireNonNull(c, "clock");
    return this;
  }

  /** Sets the maximum number of entries per page (default 1000). Returns this. */
  public InMemorySource pageSize(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("pageSize must be >= 1, was " + n);
    }
    pageSize = n;
    return this;
  }

  /**
   * Whether listings and stat report each stored object's CRC-64/XZ (as sources like COS and OSS do); default off.
   * Not available for synthetic sources. Returns this.
   */
  public InMemorySource reportCrc64(boolean on) {
    requireMutable();
    reportCrc64 = on;
    return this;
  }

  /** The number of objects and injected entries (for a synthetic source: its count). */
  public long size() {
    return isSynthetic() ? syntheticCount : entries.size();
  }

  private void requireMutable() {
    if (isSynthetic()) {
      throw new UnsupportedOperationException("a synthetic InMemorySource is read-only");
    }
  }

  // ---------------------------------------------------------------- faults

  /** The next {@code times} opens (whole or range) of {@code key} throw a MigrateException of {@code kind}. */
  public InMemorySource failOpen(String key, int times, ErrorKind kind) {
    openFaults.put(key, new Fault(times, kind));
    return this;
  }

  /** The next {@code times} stats of {@code key} throw a MigrateException of {@code kind}. */
  public InMemorySource failStat(String key, int times, ErrorKind kind) {
    statFaults.put(key, new Fault(times, kind));
    return this;
  }

  /**
   * The next {@code times} list calls whose page would contain {@code key} throw a MigrateException of {@code kind}
   * (the listing as a whole fails; the engine is expected to retry the page from the same cursor).
   */
  public InMemorySource failList(String key, int times, ErrorKind kind) {
    listFaults.put(key, new Fault(times, kind));
    return this;
  }

  /**
   * The streams of the next {@code times} opens of {@code key} throw a MigrateException of {@code kind} once
   * {@code afterBytes} bytes were read from them (a connection that breaks mid-way).
   */
  public InMemorySource failReadAfter(String key, long afterBytes, int times, ErrorKind kind) {
    readFaults.put(key, new ReadFault(new AtomicInteger(times), afterBytes, kind));
    return this;
  }

  private static void maybeFail(Map<String, Fault> faults, String key, String op) throws MigrateException {
    Fault f = faults.get(key);
    if (f != null && f.remaining.getAndDecrement() > 0) {
      throw new MigrateException(f.kind, "injected " + f.kind + " fault: " + op + " of memory key '" + key + "'");
    }
  }

  // ---------------------------------------------------------------- introspection

  /** Fails (AssertionError) if a stream opened by this source has not been closed. */
  public void checkNoOpenStreams() {
    if (!openStreams.isEmpty()) {
      List<String> keys = new ArrayList<>();
      openStreams.forEach(t -> keys.add(t.key));
      AssertionError e = new AssertionError(openStreams.size() + " stream(s) not closed, keys " + keys);
      openStreams.forEach(t -> e.addSuppressed(t.openedAt));
      throw e;
    }
  }

  /** How many streams were opened in total (whole and ranges). */
  public long openCount() {
    return opens.get();
  }

  /** How many list calls were made. */
  public long listCount() {
    return listCalls.get();
  }

  // ---------------------------------------------------------------- Source

  @Override
  public String describe() {
    return name;
  }

  @Override
  public ListBatch list(Optional<ListCursor> after) throws IOException {
    requireOpen();
    listCalls.incrementAndGet();
    Objects.requireNonNull(after, "after");
    int limit = pageSize;
    List<SourceEntry> page = new ArrayList<>(Math.min(limit, 1024));
    boolean more;
    if (isSynthetic()) {
      long start = after.map(c -> syntheticIndexAfter(c.token())).orElse(0L);
      long end = Math.min(syntheticCount, start + limit);
      for (long i = start; i < end; i++) {
        String k = syntheticKey(i);
        maybeFail(listFaults, k, "list");
        page.add(new SourceEntry.Found(syntheticInfo(k, i)));
      }
      more = end < syntheticCount;
    } else {
      NavigableMap<String, Object> tail = after.isPresent() ? entries.tailMap(after.get().token(), false) : entries;
      Iterator<Map.Entry<String, Object>> it = tail.entrySet().iterator();
      while (page.size() < limit && it.hasNext()) {
        Map.Entry<String, Object> e = it.next();
        maybeFail(listFaults, e.getKey(), "list");
        page.add(toEntry(e.getKey(), e.getValue()));
      }
      more = it.hasNext();
    }
    Optional<ListCursor> next = more && !page.isEmpty()
        ? Optional.of(new ListCursor(page.get(page.size() - 1).key()))
        : Optional.empty();
    return new ListBatch(page, next);
  }

  private long syntheticIndexAfter(String token) {
    if (token.compareTo(SYNTHETIC_PREFIX) < 0) {
      return 0;
    }
    if (!token.startsWith(SYNTHETIC_PREFIX)) {
      return syntheticCount;
    }
    try {
      return Math.min(syntheticCount, Long.parseLong(token.substring(SYNTHETIC_PREFIX.length())) + 1);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a cursor of this synthetic source: " + token, e);
    }
  }

  private SourceEntry toEntry(String key, Object value) {
    if (value instanceof Stored s) {
      return new SourceEntry.Found(info(key, s));
    }
    return (SourceEntry) value;
  }

  private ObjectInfo info(String key, Stored s) {
    return new ObjectInfo(key, s.sizeUnknown ? ObjectInfo.UNKNOWN_SIZE : s.content.length, Optional.of(s.modified),
        Optional.empty(),
        reportCrc64 ? OptionalLong.of(s.crc64) : OptionalLong.empty(), s.metadata);
  }

  private ObjectInfo syntheticInfo(String key, long index) {
    return new ObjectInfo(key, syntheticSize, Optional.of(syntheticModified), Optional.empty(), OptionalLong.empty(),
        ObjectMetadata.empty());
  }

  @Override
  public ObjectInfo stat(String key) throws IOException {
    requireOpen();
    maybeFail(statFaults, key, "stat");
    if (isSynthetic()) {
      return syntheticInfo(key, syntheticIndex(key));
    }
    return info(key, stored(key));
  }

  private Stored stored(String key) throws MigrateException {
    Object v = entries.get(Objects.requireNonNull(key, "key"));
    if (v instanceof Stored s) {
      return s;
    }
    throw new MigrateException(ErrorKind.NOT_FOUND, "no object '" + key + "' in " + name);
  }

  private long syntheticIndex(String key) throws MigrateException {
    if (key.startsWith(SYNTHETIC_PREFIX) && key.length() == SYNTHETIC_PREFIX.length() + SYNTHETIC_DIGITS) {
      try {
        long i = Long.parseLong(key.substring(SYNTHETIC_PREFIX.length()));
        if (i >= 0 && i < syntheticCount && syntheticKey(i).equals(key)) {
          return i;
        }
      } catch (NumberFormatException ignored) {
        // falls through to NOT_FOUND
      }
    }
    throw new MigrateException(ErrorKind.NOT_FOUND, "no object '" + key + "' in " + name);
  }

  @Override
  public SourceRead open(ObjectInfo object) throws IOException {
    requireOpen();
    String key = object.key();
    maybeFail(openFaults, key, "open");
    return new SourceRead(track(key, content(key, 0, -1)), object);
  }

  @Override
  public InputStream openRange(ObjectInfo object, long offset, long length) throws IOException {
    requireOpen();
    String key = object.key();
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must be >= 0, were " + offset + ", " + length);
    }
    maybeFail(openFaults, key, "openRange");
    if (!isSynthetic() && stored(key).sizeUnknown) {
      throw new MigrateException(ErrorKind.UNSUPPORTED, "memory key '" + key + "' has no known size; it is read whole");
    }
    return track(key, content(key, offset, length));
  }

  /** Content reader for [offset, offset+length), or to the end when length < 0. */
  private ContentReader content(String key, long offset, long length) throws MigrateException {
    long size;
    ContentReader r;
    if (isSynthetic()) {
      long index = syntheticIndex(key);
      size = syntheticSize;
      r = new ContentReader(null, index, offset, 0);
    } else {
      Stored s = stored(key);
      size = s.content.length;
      r = new ContentReader(s.content, 0, offset, 0);
    }
    long end = length < 0 ? size : offset + length;
    if (offset > size || end > size || end < offset) {
      throw new MigrateException(ErrorKind.SOURCE_CHANGED, "range [" + offset + ", " + end + ") of memory key '"
          + key + "' reaches past its end (" + size + " bytes): the object changed since it was listed");
    }
    r.end = end;
    return r;
  }

  private InputStream track(String key, ContentReader reader) {
    opens.incrementAndGet();
    ReadFault f = readFaults.get(key);
    if (f != null && f.remaining().getAndDecrement() > 0) {
      reader.failAt = reader.pos + f.afterBytes();
      reader.failKind = f.kind();
      reader.key = key;
    }
    TrackedStream t = new TrackedStream(key, reader);
    openStreams.add(t);
    return t;
  }

  private void requireOpen() throws MigrateException {
    if (closed) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, name + " is closed");
    }
  }

  @Override
  public void close() {
    closed = true;
  }

  /** Reads stored bytes or synthetic bytes between pos and end. Not thread-safe (one stream, one reader). */
  private static final class ContentReader {
    final byte[] content;
    final long index;
    long pos;
    long end;
    long failAt = -1;
    ErrorKind failKind;
    String key;

    ContentReader(byte[] content, long index, long pos, long end) {
      this.content = content;
      this.index = index;
      this.pos = pos;
      this.end = end;
    }

    int read(byte[] b, int off, int len) throws MigrateException {
      if (failAt >= 0 && pos >= failAt) {
        throw new MigrateException(failKind, "injected " + failKind + " fault: the stream of memory key '" + key
            + "' broke after " + pos + " bytes");
      }
      if (pos >= end) {
        return -1;
      }
      int n = (int) Math.min(len, end - pos);
      if (failAt >= 0) {
        n = (int) Math.max(1, Math.min(n, failAt - pos));
      }
      if (content != null) {
        System.arraycopy(content, (int) pos, b, off, n);
      } else {
        for (int i = 0; i < n; i++) {
          b[off + i] = syntheticByte(index, pos + i);
        }
      }
      pos += n;
      return n;
    }
  }

  private final class TrackedStream extends InputStream {
    final String key;
    final ContentReader reader;
    final Throwable openedAt;
    boolean streamClosed;

    TrackedStream(String key, ContentReader reader) {
      this.key = key;
      this.reader = reader;
      this.openedAt = new Throwable("stream of '" + key + "' opened here");
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (streamClosed) {
        throw new IOException("stream of memory key '" + key + "' read after close");
      }
      if (len == 0) {
        return 0;
      }
      return reader.read(b, off, len);
    }

    @Override
    public synchronized int available() {
      return (int) Math.min(Integer.MAX_VALUE, Math.max(0, reader.end - reader.pos));
    }

    @Override
    public synchronized void close() {
      streamClosed = true;
      openStreams.remove(this);
    }
  }
}
