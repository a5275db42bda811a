package io.github.cosmigrate.source.local;

import static io.github.cosmigrate.source.local.LocalTestSupport.listAll;
import static io.github.cosmigrate.source.local.LocalTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.SourceEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSourceFileListTest {
  @TempDir Path tmp;

  private static void assertEntry(SourceEntry e, Class<?> type, String key, String... reasonParts) {
    assertThat(e).isInstanceOf(type);
    assertThat(e.key()).isEqualTo(key);
    String reason = e instanceof SourceEntry.Failed f ? f.reason() : e instanceof SourceEntry.Skipped s
        ? s.reason() : "";
    if (reasonParts.length > 0) {
      assertThat(reason).contains(reasonParts);
    }
  }

  @Test
  void goodMissingDirectoryEscapingAndJsonLines() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    write(root, "a.txt", "a");
    write(root, "sub/b.txt", "bb");
    write(root, "sub/c d.txt", "ccc");
    write(tmp, "outside.txt", "x");
    Path list = tmp.resolve("list.txt");
    Files.writeString(list, String.join("\n",
        "a.txt",                                   // 1 good
        "./sub/b.txt\r",                           // 2 good, CRLF, normalised
        "",                                        // 3 blank: ignored
        "missing.txt",                             // 4 missing
        "sub",                                     // 5 directory
        "../outside.txt",                          // 6 escapes
        tmp.resolve("outside.txt").toString(),     // 7 absolute outside
        root.resolve("sub/c d.txt").toString(),    // 8 absolute inside
        "{\"key\":\"sub/c d.txt\",\"reason\":\"x\",\"n\":[1,{\"k\":2}]}", // 9 JSON
        "{\"reason\":\"no key\"}",                 // 10 JSON without key
        "{\"key\": \"sub/b.txt\"",                 // 11 malformed JSON
        "{\"key\":\"\\u0061.txt\"}"),              // 12 JSON escape, no trailing newline
        StandardCharsets.UTF_8);
    try (LocalSource s = LocalSource.open(LocalSourceConfig.builder(root).fileList(list).pageSize(3).build())) {
      List<SourceEntry> all = listAll(s);
      assertThat(all).hasSize(11);
      assertEntry(all.get(0), SourceEntry.Found.class, "a.txt");
      assertEntry(all.get(1), SourceEntry.Found.class, "sub/b.txt");
      assertEntry(all.get(2), SourceEntry.Failed.class, "missing.txt", "line 4:", "no such file");
      assertThat(((SourceEntry.Failed) all.get(2)).kind()).isEqualTo(ErrorKind.NOT_FOUND);
      assertEntry(all.get(3), SourceEntry.Skipped.class, "sub", "line 5:", "is a directory");
      assertEntry(all.get(4), SourceEntry.Failed.class, "../outside.txt", "line 6:", "escapes the root");
      assertEntry(all.get(5), SourceEntry.Failed.class, tmp.resolve("outside.txt").toString(), "line 7:",
          "outside the root");
      assertEntry(all.get(6), SourceEntry.Found.class, "sub/c d.txt");
      assertEntry(all.get(7), SourceEntry.Found.class, "sub/c d.txt");
      assertEntry(all.get(8), SourceEntry.Failed.class, "line 10", "line 10:", "without a non-empty \"key\"");
      assertEntry(all.get(9), SourceEntry.Failed.class, "line 11", "line 11:", "malformed JSON");
      assertEntry(all.get(10), SourceEntry.Found.class, "a.txt");
      assertThat(((SourceEntry.Found) all.get(6)).object().size()).isEqualTo(3);
    }
  }

  @Test
  void resumesFromEveryCursorAlsoInANewInstance() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 57; i++) {
      write(root, "d" + (i % 5) + "/f" + i, "x".repeat(i));
      lines.append("d").append(i % 5).append("/f").append(i).append('\n');
      if (i % 10 == 0) {
        lines.append("nope-").append(i).append('\n').append('\n');
      }
    }
    Path list = Files.writeString(tmp.resolve("list"), lines);
    LocalSourceConfig config = LocalSourceConfig.builder(root).fileList(list).pageSize(4).build();
    List<ListBatch> pages = new ArrayList<>();
    List<String> all = new ArrayList<>();
    try (LocalSource s = LocalSource.open(config)) {
      Optional<ListCursor> c = Optional.empty();
      while (true) {
        ListBatch b = s.list(c);
        pages.add(b);
        b.entries().forEach(e -> all.add(e.key()));
        if (b.isLast()) {
          break;
        }
        c = b.next();
      }
    }
    assertThat(all).hasSize(57 + 6);
    int emitted = 0;
    for (ListBatch p : pages) {
      emitted += p.entries().size();
      if (p.isLast()) {
        break;
      }
      try (LocalSource fresh = LocalSource.open(config)) {
        List<String> rest = new ArrayList<>();
        Optional<ListCursor> c = p.next();
        while (true) {
          ListBatch b = fresh.list(c);
          b.entries().forEach(e -> rest.add(e.key()));
          if (b.isLast()) {
            break;
          }
          c = b.next();
        }
        assertThat(rest).containsExactlyElementsOf(all.subList(emitted, all.size()));
      }
    }
  }

  @Test
  void longLinesAreFailedAndTheNextLineIsRead() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    write(root, "ok", "1");
    Path list = Files.writeString(tmp.resolve("list"), "x".repeat((1 << 20) + 100) + "\nok\n");
    try (LocalSource s = LocalSource.open(LocalSourceConfig.builder(root).fileList(list).build())) {
      List<SourceEntry> all = listAll(s);
      assertThat(all).hasSize(2);
      assertEntry(all.get(0), SourceEntry.Failed.class, "line 1", "longer than 1 MiB");
      assertEntry(all.get(1), SourceEntry.Found.class, "ok");
    }
  }

  @Test
  void walkCursorIsRejectedInFileListMode() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path list = Files.writeString(tmp.resolve("list"), "a\n");
    try (LocalSource s = LocalSource.open(LocalSourceConfig.builder(root).fileList(list).build())) {
      assertThat(s.describe()).contains("file list");
      assertThatThrownBy(() -> s.list(Optional.of(new ListCursor("w:a"))))
          .isInstanceOfSatisfying(MigrateException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.FATAL_CONFIGURATION));
    }
  }
}
