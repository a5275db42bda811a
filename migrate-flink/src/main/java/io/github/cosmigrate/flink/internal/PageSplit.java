package io.github.cosmigrate.flink.internal;

import io.github.cosmigrate.model.SourceEntry;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * A unit of listing work handed to a reader: one page of the source's listing (its entries, from {@code offset} on,
 * are still to be emitted), or the note that the listing stopped early ({@code listingError}). Immutable: a reader
 * that has emitted some entries snapshots {@link #from(int)}.
 *
 * @param id unique within the job
 * @param entries the page's entries
 * @param offset the first entry not yet emitted
 * @param listingError why the listing stopped, or null for a page
 */
public record PageSplit(String id, List<SourceEntry> entries, int offset, String listingError)
    implements SourceSplit {

  public PageSplit {
    Objects.requireNonNull(id, "id");
    entries = List.copyOf(entries);
    if (offset < 0 || offset > entries.size()) {
      throw new IllegalArgumentException("offset " + offset + " outside 0.." + entries.size());
    }
  }

  static PageSplit page(long id, List<SourceEntry> entries) {
    return new PageSplit("page-" + id, entries, 0, null);
  }

  static PageSplit listingStopped(long id, String reason) {
    return new PageSplit("listing-stopped-" + id, List.of(), 0, reason);
  }

  /** This split with its first {@code n} entries already emitted. */
  PageSplit from(int n) {
    return new PageSplit(id, entries, n, listingError);
  }

  @Override
  public String splitId() {
    return id;
  }

  @Override
  public String toString() {
    return "PageSplit[" + id + ", " + (entries.size() - offset) + " left" + (listingError == null ? "" : ", stopped")
        + "]";
  }
}
