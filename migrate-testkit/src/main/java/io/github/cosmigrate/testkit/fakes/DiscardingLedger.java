package io.github.cosmigrate.testkit.fakes;

import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.UploadCheckpoint;
import io.github.cosmigrate.spi.Ledger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A ledger that remembers nothing and counts its writes: for runs that measure the engine alone. Every lookup is
 * empty, so a rerun sends everything again. Thread-safe. Not a {@link Ledger} to pass the contract kit: it is
 * deliberately amnesic.
 */
public final class DiscardingLedger implements Ledger {
  private final AtomicLong writes = new AtomicLong();

  /** Batches written so far. */
  public long writes() {
    return writes.get();
  }

  @Override public Optional<LedgerEntry> get(String key) { return Optional.empty(); }
  @Override public Map<String, LedgerEntry> getAll(Collection<String> keys) { return Map.of(); }
  @Override public Optional<UploadCheckpoint> checkpoint(String key) { return Optional.empty(); }
  @Override public List<UploadCheckpoint> checkpoints() { return List.of(); }
  @Override public Optional<ListCursor> cursor(String scope) { return Optional.empty(); }
  @Override public void write(Batch batch) { writes.incrementAndGet(); }
  @Override public void forEachEntry(Consumer<LedgerEntry> visitor) {}
  @Override public void close() {}
}
