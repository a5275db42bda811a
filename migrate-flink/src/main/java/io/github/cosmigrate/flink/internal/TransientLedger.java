package io.github.cosmigrate.flink.internal;

import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.UploadCheckpoint;
import io.github.cosmigrate.spi.Ledger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The ledger of a transfer worker: it holds the checkpoints of the multipart uploads in progress on this worker (so
 * that a part retried within one transfer is not sent twice) and nothing else. Terminal records are not kept: they
 * go downstream to the job report, and a job's progress lives in Flink's checkpoints, not in a ledger. Memory is
 * bounded by the uploads in flight. Thread-safe; batches are applied under one lock.
 */
final class TransientLedger implements Ledger {
  private final Map<String, UploadCheckpoint> checkpoints = new ConcurrentHashMap<>();

  @Override
  public Optional<LedgerEntry> get(String key) {
    return Optional.empty();
  }

  @Override
  public Map<String, LedgerEntry> getAll(Collection<String> keys) {
    return Map.of();
  }

  @Override
  public Optional<UploadCheckpoint> checkpoint(String key) {
    return Optional.ofNullable(checkpoints.get(key));
  }

  @Override
  public List<UploadCheckpoint> checkpoints() {
    return new ArrayList<>(checkpoints.values());
  }

  @Override
  public Optional<ListCursor> cursor(String scope) {
    return Optional.empty();
  }

  @Override
  public synchronized void write(Batch batch) {
    for (Batch.Op op : batch.ops()) {
      if (op instanceof Batch.PutCheckpoint p) {
        checkpoints.put(p.checkpoint().key(), p.checkpoint());
      } else if (op instanceof Batch.PutPart p) {
        checkpoints.computeIfPresent(p.key(), (k, cp) -> cp.uploadId().equals(p.uploadId())
            ? cp.withParts(withPart(cp.parts(), p.part())) : cp);
      } else if (op instanceof Batch.ClearCheckpoint c) {
        checkpoints.remove(c.key());
      }
      // entries and cursors are not kept (see the class documentation)
    }
  }

  private static List<PartResult> withPart(List<PartResult> parts, PartResult part) {
    List<PartResult> out = new ArrayList<>(parts.size() + 1);
    for (PartResult p : parts) {
      if (p.partNumber() != part.partNumber()) {
        out.add(p);
      }
    }
    out.add(part);
    return out;
  }

  @Override
  public void forEachEntry(Consumer<LedgerEntry> visitor) {}

  @Override
  public void close() {
    checkpoints.clear();
  }
}
