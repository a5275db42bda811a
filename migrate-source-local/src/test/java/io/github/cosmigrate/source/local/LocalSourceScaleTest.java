package io.github.cosmigrate.source.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.SourceEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;

class LocalSourceScaleTest {
  /** Creating 50,000 files is much cheaper on tmpfs than on a journaled disk; use it when the host has one. */
  static final class TmpfsWhenAvailable implements TempDirFactory {
    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension) throws Exception {
      Path shm = Path.of("/dev/shm");
      if (Files.isDirectory(shm) && Files.isWritable(shm)) {
        return Files.createTempDirectory(shm, "local-source-scale");
      }
      return Files.createTempDirectory("local-source-scale");
    }
  }

  @TempDir(factory = TmpfsWhenAvailable.class) Path tmp;

  @Test
  void fiftyThousandFilesInPagesOfAThousandEachKeyOnceAndEveryCursorResumes() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Set<String> expected = new HashSet<>();
    for (int d = 0; d < 50; d++) {
      Path dir = Files.createDirectories(root.resolve("dir-" + d));
      for (int f = 0; f < 1000; f++) {
        Files.createFile(dir.resolve("f" + f + ".bin"));
        expected.add("dir-" + d + "/f" + f + ".bin");
      }
    }
    LocalSourceConfig config = LocalSourceConfig.builder(root).build();
    List<ListBatch> pages = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    try (LocalSource s = LocalSource.open(config)) {
      Optional<ListCursor> c = Optional.empty();
      while (true) {
        ListBatch b = s.list(c);
        assertThat(b.entries().size()).isLessThanOrEqualTo(1000);
        pages.add(b);
        for (SourceEntry e : b.entries()) {
          if (!(e instanceof SourceEntry.Found)) {
            throw new AssertionError("expected only objects, got " + e);
          }
          keys.add(e.key());
        }
        if (b.isLast()) {
          break;
        }
        c = b.next();
      }
    }
    Set<String> unique = new HashSet<>(keys);
    assertThat(keys).hasSize(50_000);
    assertThat(unique).as("no key twice").hasSize(50_000);
    assertThat(unique.equals(expected)).as("every key listed").isTrue();
    assertThat(pages).hasSize(50);

    // every cursor resumes exactly, in a fresh instance (as after a restart): the next page equals the original one
    try (LocalSource fresh = LocalSource.open(config)) {
      for (int i = 0; i + 1 < pages.size(); i++) {
        ListBatch again = fresh.list(pages.get(i).next());
        assertThat(again.entries()).as("page after cursor %s", pages.get(i).next())
            .isEqualTo(pages.get(i + 1).entries());
        assertThat(again.next()).isEqualTo(pages.get(i + 1).next());
      }
    }
  }
}
