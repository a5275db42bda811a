package io.github.cosmigrate.source.url.internal;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finds the list line of a key, for {@code stat} and {@code open}, which get only a key or the listed info. The
 * lines listed most recently are remembered (a bounded LRU: the engine reads what it has just listed); any other
 * key is looked up by reading the list files from the start until the first line that maps to it, which is the
 * line that owns the key (a later one is a duplicate). Thread-safe.
 */
public final class KeyLocator {
  private final ListFiles files;
  private final LineParser parser;
  private final Map<String, ListLine> recent;

  public KeyLocator(ListFiles files, LineParser parser, int capacity) {
    this.files = files;
    this.parser = parser;
    this.recent = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, ListLine> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Remembers a line the listing returned. */
  public void remember(ListLine line) {
    synchronized (recent) {
      recent.putIfAbsent(line.key(), line);
    }
  }

  /**
   * The first line that maps to {@code key}.
   *
   * @throws MigrateException {@code NOT_FOUND} when no line does
   */
  public ListLine find(String key) throws IOException {
    synchronized (recent) {
      ListLine l = recent.get(key);
      if (l != null) {
        return l;
      }
    }
    try (LineWalker w = new LineWalker(files, parser, files.start())) {
      for (LineWalker.Item it = w.next(); it != null; it = w.next()) {
        if (Thread.currentThread().isInterrupted()) {
          throw new java.io.InterruptedIOException("interrupted while looking up '" + key + "' in the URL list");
        }
        ListLine l = it.parsed().line();
        if (l != null && l.key().equals(key)) {
          remember(l);
          return l;
        }
      }
    }
    throw new MigrateException(ErrorKind.NOT_FOUND, "no line of the URL list " + files.root() + " maps to key '"
        + key + "'");
  }
}
