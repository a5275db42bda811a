package io.github.cosmigrate.spi;

import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.UploadCheckpoint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The durable record of a job: each source object's last terminal state, the multipart uploads in flight with
 * their completed parts, and listing cursors. One ledger belongs to one
 * {@link io.github.cosmigrate.model.JobIdentity}. Safe to call from many threads at once.
 *
 * <p><b>Atomicity.</b> A {@link Batch} is applied all or nothing: after a crash at any moment a reader sees
 * either every write of a batch or none. The engine uses this to record an object's terminal state and drop its
 * upload checkpoint in one step.
 *
 * <p><b>Durability.</b> When {@link #write} returns, the batch survives a process crash ({@code kill -9}).
 * Whether it also survives a power loss is the implementation's documented sync policy.
 */
public interface Ledger extends AutoCloseable {

  /** The record of one source key. */
  Optional<LedgerEntry> get(String key) throws IOException;

  /** The records of many keys at once; keys without a record are absent from the map. */
  Map<String, LedgerEntry> getAll(Collection<String> keys) throws IOException;

  /** The checkpoint of the multipart upload in flight for a source key, with its completed parts. */
  Optional<UploadCheckpoint> checkpoint(String key) throws IOException;

  /** Every checkpoint in the ledger (uploads in flight when the last run stopped). */
  List<UploadCheckpoint> checkpoints() throws IOException;

  /** The cursor saved for a listing scope. */
  Optional<ListCursor> cursor(String scope) throws IOException;

  /** Applies a batch atomically and durably (see the class documentation). */
  void write(Batch batch) throws IOException;

  /** Visits every entry in key order, without holding them all in memory. */
  void forEachEntry(Consumer<LedgerEntry> visitor) throws IOException;

  /** Flushes and releases the store. Idempotent. Calls after close throw {@code IllegalStateException}. */
  @Override
  void close() throws IOException;

  /** Convenience: writes one entry and removes the key's checkpoint, atomically. */
  default void record(LedgerEntry entry) throws IOException {
    write(new Batch().put(entry).clearCheckpoint(entry.key()));
  }

  /** A set of writes applied atomically by {@link #write}. Not thread-safe; build it on one thread. */
  final class Batch {
    /** One write. */
    public sealed interface Op permits PutEntry, DeleteEntry, PutCheckpoint, PutPart, ClearCheckpoint, PutCursor {}

    public record PutEntry(LedgerEntry entry) implements Op {}

    public record DeleteEntry(String key) implements Op {}

    /** Starts (or replaces) a checkpoint: drops any parts recorded for the key before, keeps the ones given. */
    public record PutCheckpoint(UploadCheckpoint checkpoint) implements Op {}

    /** Adds one completed part to the key's current checkpoint (ignored when the upload id is not the current one). */
    public record PutPart(String key, String uploadId, PartResult part) implements Op {}

    public record ClearCheckpoint(String key) implements Op {}

    public record PutCursor(String scope, ListCursor cursor) implements Op {}

    private final List<Op> ops = new ArrayList<>();

    public Batch put(LedgerEntry e) { ops.add(new PutEntry(e)); return this; }
    public Batch delete(String key) { ops.add(new DeleteEntry(key)); return this; }
    public Batch putCheckpoint(UploadCheckpoint c) { ops.add(new PutCheckpoint(c)); return this; }
    public Batch putPart(String key, String uploadId, PartResult p) { ops.add(new PutPart(key, uploadId, p)); return this; }
    public Batch clearCheckpoint(String key) { ops.add(new ClearCheckpoint(key)); return this; }
    public Batch putCursor(String scope, ListCursor c) { ops.add(new PutCursor(scope, c)); return this; }

    /** The writes in the order they were added; later writes to the same key win. */
    public List<Op> ops() {
      return List.copyOf(ops);
    }

    public boolean isEmpty() {
      return ops.isEmpty();
    }
  }
}
