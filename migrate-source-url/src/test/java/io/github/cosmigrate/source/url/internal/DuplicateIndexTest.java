package io.github.cosmigrate.source.url.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuplicateIndexTest {
  @TempDir Path tmp;

  /** Lines of two files with random repeats, blank lines, comments and bad lines; the naive answer beside it. */
  private Map<Long, Long> writeLists(Path dir, int lines, long seed) throws Exception {
    Random r = new Random(seed);
    Map<String, Long> firstByKey = new HashMap<>();
    Map<Long, Long> expected = new TreeMap<>();
    long global = 0;
    for (String name : new String[] {"a.txt", "b.txt"}) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < lines; i++, global++) {
        int kind = r.nextInt(20);
        if (kind == 0) {
          sb.append("# comment\n");
          continue;
        }
        if (kind == 1) {
          sb.append("not a url\n");
          continue;
        }
        String key = "k/" + r.nextInt(lines);
        sb.append(kind == 2 ? "https://other.example/x?sig=1\t" + key : "https://h.example/" + key).append('\n');
        Long first = firstByKey.putIfAbsent(key, global);
        if (first != null) {
          expected.put(global, first);
        }
      }
      Files.writeString(dir.resolve(name), sb);
    }
    return expected;
  }

  private static Map<Long, Long> found(DuplicateIndex idx, ListFiles files, int linesPerFile) {
    Map<Long, Long> got = new TreeMap<>();
    for (int f = 0; f < files.count(); f++) {
      for (long line = 1; line <= linesPerFile; line++) {
        long first = idx.firstOf(f, line);
        if (first >= 0) {
          got.put((long) f * linesPerFile + line - 1, first);
        }
      }
    }
    return got;
  }

  @Test
  void inMemoryAndPartitionedBuildsFindExactlyTheRepeatedKeys() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("lists"));
    Map<Long, Long> expected = writeLists(dir, 3000, 42);
    ListFiles files = ListFiles.open(dir);
    LineParser parser = new LineParser(false);
    Path spill = Files.createDirectories(tmp.resolve("spill"));

    DuplicateIndex inMemory = DuplicateIndex.build(files, parser, spill, DuplicateIndex.DEFAULT_PARTITION_RECORDS);
    DuplicateIndex partitioned = DuplicateIndex.build(files, parser, spill, 64);

    assertThat(expected).hasSizeGreaterThan(500);
    assertThat(found(inMemory, files, 3000)).isEqualTo(expected);
    assertThat(found(partitioned, files, 3000)).isEqualTo(expected);
    assertThat(partitioned.duplicateCount()).isEqualTo(expected.size());
    try (Stream<Path> left = Files.list(spill)) {
      assertThat(left).as("partition files are deleted").isEmpty();
    }
    long aDuplicateInTheSecondFile = expected.keySet().stream().filter(g -> g >= 3000).findFirst().orElseThrow();
    long first = expected.get(aDuplicateInTheSecondFile);
    assertThat(partitioned.fileOf(first)).isEqualTo(first < 3000 ? 0 : 1);
    assertThat(partitioned.lineOf(first)).isEqualTo(first % 3000 + 1);
  }

  @Test
  void emptyFilesKeepLineNumbersRight() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("lists"));
    Files.writeString(dir.resolve("1.txt"), "https://h/a\n");
    Files.writeString(dir.resolve("2.txt"), "");
    Files.writeString(dir.resolve("3.txt"), "https://h/b\nhttps://h/a\n");
    ListFiles files = ListFiles.open(dir);
    DuplicateIndex idx = DuplicateIndex.build(files, new LineParser(false), tmp, 16);
    assertThat(idx.firstOf(2, 2)).isEqualTo(0);
    assertThat(idx.firstOf(2, 1)).isEqualTo(-1);
    assertThat(idx.fileOf(1)).isEqualTo(2);
    assertThat(idx.lineOf(2)).isEqualTo(2);
  }
}
