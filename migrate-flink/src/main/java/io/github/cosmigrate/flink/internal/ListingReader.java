package io.github.cosmigrate.flink.internal;

import io.github.cosmigrate.model.SourceEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;

/**
 * Emits the entries of the pages it is assigned, one {@link Listed} element each, and asks the enumerator for the
 * next page when it runs out. Its checkpointed state is its pages with the entries not yet emitted: entries emitted
 * before a checkpoint barrier are downstream of it, so a restore emits each entry again only when it was emitted
 * after the checkpoint. Runs on the task's mailbox thread only.
 */
public final class ListingReader implements SourceReader<Listed, PageSplit> {
  private final SourceReaderContext context;
  private final Deque<PageSplit> splits = new ArrayDeque<>();
  private int emitted;
  private boolean requested;
  private boolean noMoreSplits;
  private CompletableFuture<Void> available = new CompletableFuture<>();

  ListingReader(SourceReaderContext context) {
    this.context = context;
  }

  @Override
  public void start() {
    request();
  }

  @Override
  public InputStatus pollNext(ReaderOutput<Listed> output) {
    PageSplit current = splits.peekFirst();
    if (current == null) {
      if (noMoreSplits) {
        return InputStatus.END_OF_INPUT;
      }
      request();
      return InputStatus.NOTHING_AVAILABLE;
    }
    if (current.listingError() != null) {
      output.collect(Listed.listingStopped(current.listingError()));
      finishSplit();
      return InputStatus.MORE_AVAILABLE;
    }
    int i = current.offset() + emitted;
    if (i < current.entries().size()) {
      SourceEntry e = current.entries().get(i);
      output.collect(Listed.of(e));
      emitted++;
      return InputStatus.MORE_AVAILABLE;
    }
    finishSplit();
    return splits.isEmpty() && !noMoreSplits ? nothingYet() : InputStatus.MORE_AVAILABLE;
  }

  private InputStatus nothingYet() {
    request();
    return InputStatus.NOTHING_AVAILABLE;
  }

  private void finishSplit() {
    splits.pollFirst();
    emitted = 0;
  }

  private void request() {
    if (!requested && !noMoreSplits) {
      requested = true;
      context.sendSplitRequest();
    }
  }

  @Override
  public List<PageSplit> snapshotState(long checkpointId) {
    List<PageSplit> out = new ArrayList<>(splits.size());
    boolean first = true;
    for (PageSplit s : splits) {
      out.add(first ? s.from(s.offset() + emitted) : s);
      first = false;
    }
    return out;
  }

  @Override
  public CompletableFuture<Void> isAvailable() {
    return splits.isEmpty() && !noMoreSplits ? available : CompletableFuture.completedFuture(null);
  }

  @Override
  public void addSplits(List<PageSplit> added) {
    splits.addAll(added);
    requested = false;
    wake();
  }

  @Override
  public void notifyNoMoreSplits() {
    noMoreSplits = true;
    wake();
  }

  private void wake() {
    CompletableFuture<Void> f = available;
    available = new CompletableFuture<>();
    f.complete(null);
  }

  @Override
  public void close() {}
}
