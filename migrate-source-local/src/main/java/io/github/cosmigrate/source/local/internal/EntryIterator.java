package io.github.cosmigrate.source.local.internal;

import java.io.IOException;

/** A lazy sequence of listed entries. Not thread-safe; used by one listing at a time. */
public interface EntryIterator extends AutoCloseable {
  /**
   * The next entry, or null at the end. Throws only when the listing as a whole cannot go on (the root vanished or
   * cannot be read, the file list cannot be read); single entries' problems are entries.
   */
  Positioned next() throws IOException;

  /** Releases open files. Idempotent. */
  @Override
  void close();
}
