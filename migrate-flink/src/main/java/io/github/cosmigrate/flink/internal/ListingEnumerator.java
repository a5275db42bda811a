package io.github.cosmigrate.flink.internal;

import io.github.cosmigrate.flink.JobSpec;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.spi.Source;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the job's source into splits: lists it page by page with the source's own resumable cursors
 * ({@link Source#list}), one page per split, and hands pages to readers as they ask for work. Listing runs off the
 * coordinator thread ({@link SplitEnumeratorContext#callAsync}), one page at a time (the source's contract), at most
 * a few pages ahead of the readers, so the state stays small: the cursor, and at most {@code parallelism + 1}
 * unassigned pages.
 *
 * <p>A listing that fails as a whole (the source throws) ends the listing with a split that says so; the job report
 * then says the listing did not complete, as the single-JVM engine does.
 */
public final class ListingEnumerator implements SplitEnumerator<PageSplit, ListingCheckpoint> {
  private static final Logger LOG = LoggerFactory.getLogger(ListingEnumerator.class);

  private final SplitEnumeratorContext<PageSplit> context;
  private final JobSpec spec;
  private final Deque<PageSplit> unassigned = new ArrayDeque<>();
  private final Set<Integer> waiting = new LinkedHashSet<>();
  private Source source;
  private String cursor;
  private boolean complete;
  private long nextId;
  private boolean listing;

  ListingEnumerator(SplitEnumeratorContext<PageSplit> context, JobSpec spec, ListingCheckpoint restored) {
    this.context = context;
    this.spec = spec;
    if (restored != null) {
      cursor = restored.cursor();
      complete = restored.complete();
      nextId = restored.nextId();
      unassigned.addAll(restored.unassigned());
    }
  }

  @Override
  public void start() {
    if (!complete) {
      try {
        source = spec.openSource();
      } catch (IOException | RuntimeException e) {
        stopListing("cannot open the source: " + Reasons.of(e));
        return;
      }
    }
    prefetch();
  }

  @Override
  public void handleSplitRequest(int subtask, String host) {
    waiting.add(subtask);
    assign();
    prefetch();
  }

  @Override
  public void addSplitsBack(List<PageSplit> splits, int subtask) {
    // pages a failed reader held since the last checkpoint: first in line again
    List<PageSplit> back = new ArrayList<>(splits);
    for (int i = back.size() - 1; i >= 0; i--) {
      unassigned.addFirst(back.get(i));
    }
    LOG.info("{} page(s) of reader {} returned for reassignment", splits.size(), subtask);
  }

  @Override
  public void addReader(int subtask) {
    // readers ask for work themselves
  }

  @Override
  public ListingCheckpoint snapshotState(long checkpointId) {
    // a page being listed now is not in the state: a restore lists it again from the saved cursor
    return new ListingCheckpoint(cursor, complete, nextId, List.copyOf(unassigned));
  }

  @Override
  public void close() throws IOException {
    if (source != null) {
      source.close();
      source = null;
    }
  }

  private void assign() {
    while (!waiting.isEmpty() && !unassigned.isEmpty()) {
      int reader = waiting.iterator().next();
      waiting.remove(reader);
      if (!context.registeredReaders().containsKey(reader)) {
        continue;
      }
      context.assignSplit(unassigned.pollFirst(), reader);
    }
    if (complete && unassigned.isEmpty() && !listing) {
      for (int reader : waiting) {
        context.signalNoMoreSplits(reader);
      }
      waiting.clear();
    }
  }

  private void prefetch() {
    if (complete || listing || source == null || unassigned.size() > context.currentParallelism()) {
      return;
    }
    listing = true;
    Optional<ListCursor> after = Optional.ofNullable(cursor).map(ListCursor::new);
    Source s = source;
    context.callAsync(() -> s.list(after), this::onPage);
  }

  private void onPage(ListBatch batch, Throwable error) {
    listing = false;
    if (error != null) {
      stopListing(Reasons.of(error));
    } else {
      if (!batch.entries().isEmpty()) {
        unassigned.addLast(PageSplit.page(nextId++, batch.entries()));
      }
      cursor = batch.next().map(ListCursor::token).orElse(null);
      complete = batch.isLast();
    }
    assign();
    prefetch();
  }

  private void stopListing(String reason) {
    LOG.warn("the listing stopped early: {}", reason);
    unassigned.addLast(PageSplit.listingStopped(nextId++, reason));
    complete = true;
    assign();
  }
}
