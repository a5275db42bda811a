package io.github.cosmigrate.source.local;

import static io.github.cosmigrate.source.local.LocalTestSupport.listByKey;
import static io.github.cosmigrate.source.local.LocalTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.SourceEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSourceFilterTest {
  @TempDir Path tmp;

  private static String skipReason(SourceEntry e) {
    assertThat(e).isInstanceOf(SourceEntry.Skipped.class);
    return ((SourceEntry.Skipped) e).reason();
  }

  @Test
  void excludesByRelativePathAbsolutePathAndGlob() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    write(root, "keep.txt", "k");
    write(root, "skipdir/a.txt", "a");
    write(root, "skipdir/deeper/b.txt", "b");
    write(root, "abs/c.txt", "c");
    write(root, "abs-not/c.txt", "c");
    write(root, "x.tmp", "x");
    write(root, "d/y.tmp", "y");
    write(root, "d/z.txt", "z");
    write(root, "logs/2024/app.log", "l");
    Map<String, SourceEntry> m = listByKey(LocalSourceConfig.builder(root)
        .exclude("skipdir/", root.resolve("abs").toString(), "glob:*.tmp", "glob:logs/**", "does/not/exist")
        .build());
    assertThat(m).containsOnlyKeys("abs", "abs-not/c.txt", "d/y.tmp", "d/z.txt", "keep.txt", "logs/2024", "skipdir",
        "x.tmp");
    assertThat(skipReason(m.get("skipdir"))).isEqualTo("excluded by skipdir");
    assertThat(skipReason(m.get("abs"))).isEqualTo("excluded by abs");
    assertThat(skipReason(m.get("x.tmp"))).isEqualTo("excluded by glob:*.tmp");
    assertThat(skipReason(m.get("d/y.tmp"))).isEqualTo("excluded by glob:*.tmp");
    assertThat(skipReason(m.get("logs/2024"))).isEqualTo("excluded by glob:logs/**");
  }

  @Test
  void excludeOutsideTheRootOrBadGlobIsAConfigurationError() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    for (String bad : new String[] {tmp.resolve("elsewhere").toString(), "../up", "glob:[unclosed"}) {
      assertThatThrownBy(() -> LocalSource.open(LocalSourceConfig.builder(root).exclude(bad).build()))
          .isInstanceOfSatisfying(MigrateException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.FATAL_CONFIGURATION);
            assertThat(e.getMessage()).contains(bad);
          });
    }
  }

  @Test
  void suffixFiltersAreCaseSensitiveAndTrimmed() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    write(root, "a.jpg", "1");
    write(root, "b.JPG", "2");
    write(root, "c.png", "3");
    write(root, "d.part.jpg", "4");
    write(root, "e.txt", "5");
    Map<String, SourceEntry> m = listByKey(LocalSourceConfig.builder(root)
        .includeSuffix(" .jpg", ".png ", "  ")
        .ignoreSuffix(".part.jpg")
        .build());
    assertThat(m.get("a.jpg")).isInstanceOf(SourceEntry.Found.class);
    assertThat(m.get("c.png")).isInstanceOf(SourceEntry.Found.class);
    assertThat(skipReason(m.get("b.JPG"))).contains("not in the include list [.jpg, .png]");
    assertThat(skipReason(m.get("e.txt"))).contains("not in the include list");
    assertThat(skipReason(m.get("d.part.jpg"))).isEqualTo("ignored suffix .part.jpg");
  }

  @Test
  void emptyFilesAndYoungFilesAreSkipped() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Instant now = Instant.parse("2026-01-01T12:00:00Z");
    Path young = write(root, "young.txt", "y");
    Path old = write(root, "old.txt", "o");
    Path empty = write(root, "empty.txt", "");
    Files.setLastModifiedTime(young, FileTime.from(now.minusSeconds(3)));
    Files.setLastModifiedTime(old, FileTime.from(now.minusSeconds(600)));
    Files.setLastModifiedTime(empty, FileTime.from(now.minusSeconds(600)));
    Map<String, SourceEntry> m = listByKey(LocalSourceConfig.builder(root)
        .ignoreEmptyFiles(true)
        .ignoreYoungerThan(Duration.ofSeconds(60))
        .clock(Clock.fixed(now, ZoneOffset.UTC))
        .build());
    assertThat(skipReason(m.get("young.txt"))).isEqualTo("modified 3 s ago, younger than 60 s");
    assertThat(skipReason(m.get("empty.txt"))).isEqualTo("empty file (ignoreEmptyFiles)");
    assertThat(m.get("old.txt")).isInstanceOf(SourceEntry.Found.class);

    Map<String, SourceEntry> unfiltered = listByKey(LocalSourceConfig.builder(root).build());
    assertThat(unfiltered.values()).allSatisfy(e -> assertThat(e).isInstanceOf(SourceEntry.Found.class));
  }
}
