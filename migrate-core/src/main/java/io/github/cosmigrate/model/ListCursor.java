package io.github.cosmigrate.model;

import java.util.Objects;

/**
 * An opaque, persistable position in a source's listing. Only the source that made it can interpret it;
 * the engine stores it (in the ledger) and hands it back unchanged.
 */
public record ListCursor(String token) {
  public ListCursor {
    Objects.requireNonNull(token, "token");
  }
}
