package io.github.cosmigrate.source.url;

import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceEntry;
import io.github.cosmigrate.spi.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Helpers shared by the URL source tests. */
final class UrlTests {
  private UrlTests() {}

  /** A config for tests: short timeouts and retry delays (hang guards, not timing assertions). */
  static UrlSourceConfig.Builder config(Path list) {
    return UrlSourceConfig.builder(list).pageSize(5).headRetryDelay(Duration.ofMillis(10))
        .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5));
  }

  static Path writeList(Path file, String... lines) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, String.join("\n", lines) + "\n");
  }

  static List<SourceEntry> listAll(Source s) throws IOException {
    List<SourceEntry> all = new ArrayList<>();
    Optional<ListCursor> cursor = Optional.empty();
    for (int guard = 0; guard < 100_000; guard++) {
      ListBatch b = s.list(cursor);
      all.addAll(b.entries());
      if (b.isLast()) {
        return all;
      }
      cursor = b.next();
    }
    throw new AssertionError("the listing did not end");
  }

  static Map<String, ObjectInfo> found(List<SourceEntry> entries) {
    Map<String, ObjectInfo> m = new LinkedHashMap<>();
    for (SourceEntry e : entries) {
      if (e instanceof SourceEntry.Found f) {
        m.put(f.key(), f.object());
      }
    }
    return m;
  }

  static Map<String, SourceEntry.Failed> failed(List<SourceEntry> entries) {
    Map<String, SourceEntry.Failed> m = new LinkedHashMap<>();
    for (SourceEntry e : entries) {
      if (e instanceof SourceEntry.Failed f) {
        m.put(f.key(), f);
      }
    }
    return m;
  }
}
