package io.github.cosmigrate.flink.internal;

import java.util.List;

/**
 * The split enumerator's checkpointed state: where the listing goes on, whether it ended, and the pages listed but
 * not yet assigned (pages assigned to readers are in the readers' state, and come back to the enumerator when a
 * reader fails before its next checkpoint).
 *
 * @param cursor the source's cursor after the last page listed, or null at the start
 * @param complete the listing reached its end (or stopped early, with a split saying so)
 * @param nextId the next split id
 * @param unassigned pages not yet given to a reader, in listing order
 */
public record ListingCheckpoint(String cursor, boolean complete, long nextId, List<PageSplit> unassigned) {
  public ListingCheckpoint {
    unassigned = List.copyOf(unassigned);
  }
}
