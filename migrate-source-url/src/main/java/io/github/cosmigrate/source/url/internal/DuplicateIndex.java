package io.github.cosmigrate.source.url.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Which lines map to a key that an earlier line already maps to, found in one pass over every list file before the
 * listing starts. Memory stays bounded whatever the length of the list: each key is reduced to a 128-bit hash
 * (MD5 of its UTF-8 bytes; two different keys sharing one is not a practical concern), and when the list is too
 * large for one in-memory table of {@code partitionRecords} keys the hashes are spread over temporary partition
 * files by their top bits (24 bytes a line on disk, deleted before {@link #build} returns), each checked on its
 * own. Only the duplicates found are kept in memory, 16 bytes each. Lines are counted across files in list order
 * ("global" line indexes, 0-based). Immutable and thread-safe once built.
 */
public final class DuplicateIndex {
  /** Keys per in-memory table (12 MiB of arrays at the 50% load it keeps). */
  public static final int DEFAULT_PARTITION_RECORDS = 1 << 18;
  private static final int MAX_PARTITIONS = 1024;

  private final long[] fileStarts;
  private final long[] duplicates; // sorted global indexes of duplicate lines
  private final long[] firsts; // the earlier line each one maps to

  private DuplicateIndex(long[] fileStarts, long[] duplicates, long[] firsts) {
    this.fileStarts = fileStarts;
    this.duplicates = duplicates;
    this.firsts = firsts;
  }

  /** Reads every line of {@code files} once. Partition files, if needed, go to {@code tempDir}. */
  public static DuplicateIndex build(ListFiles files, LineParser parser, Path tempDir, int partitionRecords)
      throws IOException {
    long bytes = 0;
    for (int i = 0; i < files.count(); i++) {
      bytes += Files.size(files.file(i));
    }
    // a usable line has at least ~16 bytes ("http://h/k" and a line end), so this bounds the keys per partition
    long partitions = Math.min(MAX_PARTITIONS, Math.max(1, (bytes / 16 + partitionRecords - 1) / partitionRecords));
    long[] fileStarts = new long[files.count() + 1];
    LongPairs dups = new LongPairs();
    if (partitions == 1) {
      HashTable table = new HashTable((int) Math.min(partitionRecords, bytes / 16 + 16));
      scan(files, parser, fileStarts, (h1, h2, line) -> table.firstOrPut(h1, h2, line, dups));
    } else {
      partitioned(files, parser, tempDir, (int) partitions, partitionRecords, fileStarts, dups);
    }
    return dups.sortedInto(fileStarts);
  }

  /** The global index of the earlier line that line {@code lineNo} of file {@code file} repeats the key of, or -1. */
  public long firstOf(int file, long lineNo) {
    int i = Arrays.binarySearch(duplicates, fileStarts[file] + lineNo - 1);
    return i >= 0 ? firsts[i] : -1;
  }

  /** The file index of a global line index. */
  public int fileOf(long global) {
    int i = Arrays.binarySearch(fileStarts, global);
    int f = i >= 0 ? i : -i - 2;
    while (f + 1 < fileStarts.length - 1 && fileStarts[f + 1] == global) {
      f++; // skip empty files
    }
    return f;
  }

  /** The 1-based line number within its file of a global line index. */
  public long lineOf(long global) {
    return global - fileStarts[fileOf(global)] + 1;
  }

  /** How many duplicate lines the lists have. */
  public int duplicateCount() {
    return duplicates.length;
  }

  @FunctionalInterface
  private interface Sink {
    void accept(long h1, long h2, long globalLine) throws IOException;
  }

  private static void scan(ListFiles files, LineParser parser, long[] fileStarts, Sink sink) throws IOException {
    MessageDigest md5 = md5();
    long global = 0;
    int file = -1;
    try (LineWalker w = new LineWalker(files, parser, files.start())) {
      for (LineWalker.Item it = w.next(); it != null; it = w.next()) {
        while (file < it.file()) {
          fileStarts[++file] = global;
        }
        if (it.parsed().line() != null) {
          ByteBuffer h = ByteBuffer.wrap(md5.digest(it.parsed().line().key().getBytes(StandardCharsets.UTF_8)));
          sink.accept(h.getLong(), h.getLong(), global);
        }
        global++;
      }
    }
    while (file < files.count()) {
      fileStarts[++file] = global;
    }
  }

  private static void partitioned(ListFiles files, LineParser parser, Path tempDir, int partitions, int records,
      long[] fileStarts, LongPairs dups) throws IOException {
    Path dir = Files.createTempDirectory(tempDir, "cos-migrate-url-keys-");
    DataOutputStream[] out = new DataOutputStream[partitions];
    try {
      for (int p = 0; p < partitions; p++) {
        out[p] = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve("p" + p)),
            8 * 1024));
      }
      scan(files, parser, fileStarts, (h1, h2, line) -> {
        DataOutputStream o = out[(int) Math.floorMod(h2, (long) partitions)];
        o.writeLong(h1);
        o.writeLong(h2);
        o.writeLong(line);
      });
      for (DataOutputStream o : out) {
        o.close();
      }
      for (int p = 0; p < partitions; p++) {
        Path part = dir.resolve("p" + p);
        HashTable table = new HashTable(records);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(part),
            64 * 1024))) {
          while (true) {
            long h1;
            try {
              h1 = in.readLong();
            } catch (EOFException end) {
              break;
            }
            table.firstOrPut(h1, in.readLong(), in.readLong(), dups);
          }
        }
        Files.delete(part);
      }
    } finally {
      for (DataOutputStream o : out) {
        if (o != null) {
          o.close();
        }
      }
      try (var left = Files.list(dir)) {
        for (Path p : (Iterable<Path>) left::iterator) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no MD5", e);
    }
  }

  /** Open addressing on 128-bit hashes; the value is the first global line with that hash. */
  private static final class HashTable {
    private long[] h1s;
    private long[] h2s;
    private long[] lines;
    private int size;

    HashTable(int expected) {
      int cap = Integer.highestOneBit(Math.max(16, expected) * 2 - 1) << 1;
      alloc(cap);
    }

    private void alloc(int cap) {
      h1s = new long[cap];
      h2s = new long[cap];
      lines = new long[cap];
      Arrays.fill(lines, -1);
    }

    /** Records the line, or, when the hash is there, the pair (line, first) in {@code dups}. */
    void firstOrPut(long h1, long h2, long line, LongPairs dups) {
      int mask = lines.length - 1;
      int i = (int) (h1 ^ (h1 >>> 32)) & mask;
      while (lines[i] >= 0) {
        if (h1s[i] == h1 && h2s[i] == h2) {
          dups.add(line, lines[i]);
          return;
        }
        i = (i + 1) & mask;
      }
      h1s[i] = h1;
      h2s[i] = h2;
      lines[i] = line;
      if (++size * 2 > lines.length) {
        grow();
      }
    }

    private void grow() {
      long[] o1 = h1s;
      long[] o2 = h2s;
      long[] ol = lines;
      alloc(ol.length * 2);
      int mask = lines.length - 1;
      for (int j = 0; j < ol.length; j++) {
        if (ol[j] >= 0) {
          int i = (int) (o1[j] ^ (o1[j] >>> 32)) & mask;
          while (lines[i] >= 0) {
            i = (i + 1) & mask;
          }
          h1s[i] = o1[j];
          h2s[i] = o2[j];
          lines[i] = ol[j];
        }
      }
    }
  }

  /** A growable list of (duplicate, first) pairs. */
  private static final class LongPairs {
    private long[] dup = new long[16];
    private long[] first = new long[16];
    private int n;

    void add(long d, long f) {
      if (n == dup.length) {
        dup = Arrays.copyOf(dup, n * 2);
        first = Arrays.copyOf(first, n * 2);
      }
      dup[n] = d;
      first[n] = f;
      n++;
    }

    DuplicateIndex sortedInto(long[] fileStarts) {
      int[] order = IntStream.range(0, n).boxed().sorted(Comparator.comparingLong(i -> dup[i]))
          .mapToInt(Integer::intValue).toArray();
      long[] d = new long[n];
      long[] f = new long[n];
      for (int k = 0; k < n; k++) {
        d[k] = dup[order[k]];
        f[k] = first[order[k]];
      }
      return new DuplicateIndex(fileStarts, d, f);
    }
  }
}
