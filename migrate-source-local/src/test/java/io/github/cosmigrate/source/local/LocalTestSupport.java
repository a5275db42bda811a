package io.github.cosmigrate.source.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.SourceEntry;
import io.github.cosmigrate.spi.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Helpers for the local source tests. */
final class LocalTestSupport {
  private LocalTestSupport() {}

  static List<SourceEntry> listAll(Source s) throws IOException {
    List<SourceEntry> all = new ArrayList<>();
    Optional<ListCursor> c = Optional.empty();
    while (true) {
      ListBatch b = s.list(c);
      all.addAll(b.entries());
      if (b.isLast()) {
        return all;
      }
      c = b.next();
    }
  }

  static Map<String, SourceEntry> byKey(List<SourceEntry> entries) {
    Map<String, SourceEntry> m = new LinkedHashMap<>();
    for (SourceEntry e : entries) {
      assertThat(m.put(e.key(), e)).as("duplicate key %s", e.key()).isNull();
    }
    return m;
  }

  static Map<String, SourceEntry> listByKey(LocalSourceConfig config) throws IOException {
    try (LocalSource s = LocalSource.open(config)) {
      return byKey(listAll(s));
    }
  }

  static Path write(Path root, String rel, String content) throws IOException {
    Path f = root.resolve(rel);
    Files.createDirectories(f.getParent());
    return Files.writeString(f, content, StandardCharsets.UTF_8);
  }

  static void run(Path dir, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("%s: %s", List.of(command), out).isZero();
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }
}
