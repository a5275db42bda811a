package io.github.cosmigrate.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a listing.
 *
 * @param entries the entries, in listing order; an empty list is <em>not</em> the end of the listing
 * @param next where the next page starts; empty exactly when the listing is complete
 */
public record ListBatch(List<SourceEntry> entries, Optional<ListCursor> next) {
  public ListBatch {
    entries = List.copyOf(entries);
    Objects.requireNonNull(next, "next");
  }

  public boolean isLast() {
    return next.isEmpty();
  }
}
