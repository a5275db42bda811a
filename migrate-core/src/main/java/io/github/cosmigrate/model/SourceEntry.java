package io.github.cosmigrate.model;

import io.github.cosmigrate.error.ErrorKind;
import java.util.Objects;

/**
 * One result of listing a source. A listing never throws past an entry: an object that cannot be listed
 * (a symlink loop, a permission error, a file that vanished, a name that cannot be decoded) becomes a
 * {@link Failed} entry, and an object a filter rejects becomes a {@link Skipped} entry, so that every listed
 * object reaches exactly one terminal state.
 */
public sealed interface SourceEntry permits SourceEntry.Found, SourceEntry.Skipped, SourceEntry.Failed {

  /** The key (or, for entries without one, the best path the source can name). */
  String key();

  /** An object to migrate. */
  record Found(ObjectInfo object) implements SourceEntry {
    public Found {
      Objects.requireNonNull(object, "object");
    }

    @Override
    public String key() {
      return object.key();
    }
  }

  /** An entry the source chose not to offer (excluded, filtered, too young, empty, a symlink under policy skip). */
  record Skipped(String key, String reason) implements SourceEntry {
    public Skipped {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** An entry that could not be listed or read; the walk goes on past it. */
  record Failed(String key, ErrorKind kind, String reason) implements SourceEntry {
    public Failed {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
