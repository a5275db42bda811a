package io.github.cosmigrate.source.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.source.local.LocalSourceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTreeWalkerTest {
  @TempDir Path tmp;

  private static List<String> walk(SafeTreeWalker w) throws Exception {
    List<String> keys = new ArrayList<>();
    for (Positioned p = w.next(); p != null; p = w.next()) {
      keys.add(p.entry().key());
      assertThat(p.cursorAfter()).isEqualTo("w:" + p.entry().key());
    }
    return keys;
  }

  @Test
  void orderComparesSegmentsSoDirectoriesSortByTheirName() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("r"));
    for (String k : List.of("a.txt", "a/x", "a/b/c", "a-b", "b", "A")) {
      Files.createDirectories(root.resolve(k).getParent());
      Files.writeString(root.resolve(k), k);
    }
    EntryClassifier c = new EntryClassifier(root, LocalSourceConfig.builder(root).build());
    List<String> all = walk(new SafeTreeWalker(root, c, null));
    assertThat(all).containsExactly("A", "a/b/c", "a/x", "a-b", "a.txt", "b");
    for (int i = 0; i < all.size(); i++) {
      assertThat(walk(new SafeTreeWalker(root, c, all.get(i)))).as("after %s", all.get(i))
          .containsExactlyElementsOf(all.subList(i + 1, all.size()));
    }
    assertThat(walk(new SafeTreeWalker(root, c, "a/b"))).as("after a key that is now a directory: its contents")
        .containsExactly("a/b/c", "a/x", "a-b", "a.txt", "b");
    assertThat(walk(new SafeTreeWalker(root, c, "a.txt/x"))).as("after a key below what is now a file")
        .containsExactly("b");
    assertThat(walk(new SafeTreeWalker(root, c, "a/0-gone"))).as("after a key that no longer exists")
        .containsExactly("a/b/c", "a/x", "a-b", "a.txt", "b");
  }

  @Test
  void directoryThatBecameUnreadableUnderTheCursorIsReportedAgain() throws Exception {
    java.nio.file.Path real = Files.createDirectories(tmp.resolve("r"));
    for (String k : List.of("d/1", "d/2", "d/3", "e")) {
      Files.createDirectories(real.resolve(k).getParent());
      Files.writeString(real.resolve(k), k);
    }
    io.github.cosmigrate.testkit.fakes.FaultyFileSystem fs =
        io.github.cosmigrate.testkit.fakes.FaultyFileSystem.wrapDefault();
    Path root = fs.wrap(real);
    EntryClassifier c = new EntryClassifier(root, LocalSourceConfig.builder(root).build());
    fs.denyAccess(root.resolve("d"), io.github.cosmigrate.testkit.fakes.FaultyFileSystem.Op.OPEN_DIRECTORY);
    SafeTreeWalker w = new SafeTreeWalker(root, c, "d/1");
    Positioned first = w.next();
    assertThat(first.entry()).isInstanceOf(io.github.cosmigrate.model.SourceEntry.Failed.class);
    assertThat(first.entry().key()).isEqualTo("d");
    assertThat(w.next().entry().key()).isEqualTo("e");
    assertThat(walk(new SafeTreeWalker(root, c, "d"))).as("after the failed directory itself").containsExactly("e");
  }

  @Test
  void resumingSeeksInsteadOfRewalking() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("r"));
    for (int d = 0; d < 30; d++) {
      for (int s = 0; s < 3; s++) {
        Path dir = Files.createDirectories(root.resolve("d" + (100 + d) + "/s" + s));
        Files.writeString(dir.resolve("f"), "x");
      }
    }
    EntryClassifier c = new EntryClassifier(root, LocalSourceConfig.builder(root).build());
    SafeTreeWalker w = new SafeTreeWalker(root, c, "d128/s1/f");
    assertThat(w.next().entry().key()).isEqualTo("d128/s2/f");
    assertThat(w.directoriesRead()).as("root, d128, d128/s1 (seek) and d128/s2").isEqualTo(4);
  }
}
