package io.github.cosmigrate.ledger.rocksdb;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.ledger.rocksdb.internal.Bytes;
import io.github.cosmigrate.ledger.rocksdb.internal.CheckpointCodec;
import io.github.cosmigrate.ledger.rocksdb.internal.CursorCodec;
import io.github.cosmigrate.ledger.rocksdb.internal.EntryCodec;
import io.github.cosmigrate.ledger.rocksdb.internal.JobFile;
import io.github.cosmigrate.ledger.rocksdb.internal.Keys;
import io.github.cosmigrate.ledger.rocksdb.internal.RecordFormatException;
import io.github.cosmigrate.ledger.rocksdb.internal.RocksStore;
import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.UploadCheckpoint;
import io.github.cosmigrate.spi.Ledger;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;

/**
 * A {@link Ledger} in a RocksDB store on local disk, one store per {@link JobIdentity} in
 * {@code <baseDir>/<job.id()>/}, next to a human-readable {@code JOB} file naming the job's source and
 * destination. Directories it creates are readable by their owner only ({@code rwx------} on POSIX).
 *
 * <p><b>Durability.</b> The write-ahead log is always on; each {@link #write} is one atomic RocksDB
 * {@code WriteBatch}. Whether a batch is also fsynced is the configured
 * {@link RocksDbLedgerConfig.SyncPolicy}: by default a returned write survives {@code kill -9}, and with
 * {@code POWER_LOSS_SAFE} it also survives a power loss.
 *
 * <p><b>Threading.</b> Every method may be called from many threads at once; RocksDB does its own locking, and
 * this class only keeps {@link #close()} from releasing the store under a running call. A
 * {@link #forEachEntry} visitor may call the ledger's other methods, but not {@link #close()}.
 *
 * <p><b>One process at a time.</b> A store is locked while open. Opening it a second time (from another process,
 * or from this one) fails with a {@link MigrateException} of kind {@link ErrorKind#FATAL_CONFIGURATION}.
 *
 * <p><b>Errors.</b> Every failure is a {@link MigrateException} naming the store directory: records written by
 * an unknown (newer) format, a store of another job, or a RocksDB error.
 */
public final class RocksDbLedger implements Ledger {

  /** The layout version of the whole store, kept in its schema record. */
  static final int SCHEMA_VERSION = 1;

  private final RocksStore store;
  private final Path path;
  /**
   * False while the store has never held a checkpoint (found none at open, and no batch has put one since): then a
   * cleared checkpoint or a part of an unknown upload needs no lookup. Only ever goes from false to true, before
   * the batch that puts the first checkpoint is written; an object's checkpoint is only written and cleared by the
   * one worker that holds the object, so no batch can miss a checkpoint it should clear.
   */
  private volatile boolean checkpointsStored;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private volatile boolean closed;

  private RocksDbLedger(RocksStore store, boolean checkpointsStored) {
    this.store = store;
    this.path = store.path;
    this.checkpointsStored = checkpointsStored;
  }

  /** Whether the store holds a checkpoint (one seek). */
  private static boolean anyCheckpoint(RocksStore store) {
    try (RocksIterator it = store.db.newIterator(store.readOptions)) {
      it.seek(new byte[] {Keys.CHECKPOINT});
      return it.isValid() && it.key().length > 0 && it.key()[0] == Keys.CHECKPOINT;
    }
  }

  /**
   * Creates {@code dir} and its missing parents as the ledger creates its own: readable by their owner only
   * ({@code rwx------} on POSIX file systems); an existing directory is left as it is. For callers that keep the
   * job's other files (a failures file) in the ledger's base directory.
   */
  public static Path createDirectories(Path dir) throws IOException {
    return io.github.cosmigrate.ledger.rocksdb.internal.PrivateDirectories.create(dir);
  }

  /**
   * The jobs whose ledgers are in {@code baseDir} (each store directory's JOB file), in directory-name order;
   * empty when the directory does not exist. Opens no store.
   */
  public static List<JobIdentity> jobsIn(Path baseDir) throws IOException {
    List<JobIdentity> jobs = new ArrayList<>();
    if (!java.nio.file.Files.isDirectory(baseDir)) {
      return jobs;
    }
    try (java.util.stream.Stream<Path> dirs = java.nio.file.Files.list(baseDir)) {
      for (Path d : dirs.filter(java.nio.file.Files::isDirectory).sorted().toList()) {
        JobFile.read(d).filter(j -> j.id().equals(d.getFileName().toString())).ifPresent(jobs::add);
      }
    }
    return jobs;
  }

  /** Opens (creating when absent) the ledger of {@code job} in {@code baseDir/<job.id()>/}, with default settings. */
  public static RocksDbLedger open(Path baseDir, JobIdentity job) throws IOException {
    return open(RocksDbLedgerConfig.of(baseDir, job));
  }

  /**
   * Opens (creating when absent) the ledger described by {@code config}.
   *
   * @throws MigrateException of kind {@link ErrorKind#FATAL_CONFIGURATION} when the store is in use by another
   *     process, belongs to another job, was written by an unknown format, or cannot be created
   */
  public static RocksDbLedger open(RocksDbLedgerConfig config) throws IOException {
    Objects.requireNonNull(config, "config");
    Path dir = config.storeDirectory().toAbsolutePath();
    JobFile.claim(dir, config.job());
    RocksStore store = RocksStore.open(dir,
        config.syncPolicy() == RocksDbLedgerConfig.SyncPolicy.POWER_LOSS_SAFE,
        config.blockCacheBytes(), config.maxOpenFiles(), config.writeBufferBytes());
    boolean checkpointsStored;
    try {
      checkSchema(store);
      checkpointsStored = anyCheckpoint(store);
    } catch (IOException | RuntimeException e) {
      try {
        store.close();
      } catch (RocksDBException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return new RocksDbLedger(store, checkpointsStored);
  }

  private static void checkSchema(RocksStore store) throws MigrateException {
    try {
      byte[] v = store.db.get(store.readOptions, Keys.SCHEMA_KEY);
      if (v == null) {
        store.db.put(store.writeOptions, Keys.SCHEMA_KEY,
            new Bytes.Writer(4).writeVarLong(SCHEMA_VERSION).toByteArray());
        return;
      }
      long version;
      try {
        version = new Bytes.Reader(v).readVarLong();
      } catch (RecordFormatException e) {
        version = -1;
      }
      if (version != SCHEMA_VERSION) {
        throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "ledger " + store.path + " has store layout"
            + " version " + version + ", but this cos-migrate reads only version " + SCHEMA_VERSION
            + "; use the cos-migrate that wrote it, or another --ledger directory");
      }
    } catch (RocksDBException e) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "cannot read the schema record of ledger "
          + store.path + ": " + e.getMessage(), e);
    }
  }

  /** The store directory ({@code baseDir/<job.id()>}). */
  public Path path() {
    return path;
  }

  // ---------------------------------------------------------------------------------------------- reads

  @Override
  public Optional<LedgerEntry> get(String key) throws IOException {
    Objects.requireNonNull(key, "key");
    enter();
    try {
      byte[] v = store.db.get(store.readOptions, Keys.entry(key));
      return v == null ? Optional.empty() : Optional.of(EntryCodec.decode(key, v));
    } catch (RocksDBException e) {
      throw failure("get of key '" + key + "'", e);
    } catch (RecordFormatException | IllegalArgumentException e) {
      throw badRecord(e);
    } finally {
      exit();
    }
  }

  @Override
  public Map<String, LedgerEntry> getAll(Collection<String> keys) throws IOException {
    Objects.requireNonNull(keys, "keys");
    enter();
    try {
      List<String> distinct = new ArrayList<>(new LinkedHashSet<>(keys));
      Map<String, LedgerEntry> out = new LinkedHashMap<>();
      if (distinct.isEmpty()) {
        return out;
      }
      List<byte[]> storeKeys = new ArrayList<>(distinct.size());
      for (String k : distinct) {
        storeKeys.add(Keys.entry(Objects.requireNonNull(k, "key in keys")));
      }
      List<byte[]> values = store.db.multiGetAsList(store.readOptions, storeKeys);
      for (int i = 0; i < distinct.size(); i++) {
        byte[] v = values.get(i);
        if (v != null) {
          out.put(distinct.get(i), EntryCodec.decode(distinct.get(i), v));
        }
      }
      return out;
    } catch (RocksDBException e) {
      throw failure("getAll of " + keys.size() + " keys", e);
    } catch (RecordFormatException | IllegalArgumentException e) {
      throw badRecord(e);
    } finally {
      exit();
    }
  }

  @Override
  public Optional<UploadCheckpoint> checkpoint(String key) throws IOException {
    Objects.requireNonNull(key, "key");
    enter();
    Snapshot snapshot = store.db.getSnapshot();
    try (ReadOptions ro = new ReadOptions().setSnapshot(snapshot);
        RocksIterator parts = store.db.newIterator(ro)) {
      byte[] v = store.db.get(ro, Keys.checkpoint(key));
      if (v == null) {
        return Optional.empty();
      }
      return Optional.of(assemble(CheckpointCodec.decodeHeader(key, v), parts));
    } catch (RocksDBException e) {
      throw failure("checkpoint of key '" + key + "'", e);
    } catch (RecordFormatException | IllegalArgumentException e) {
      throw badRecord(e);
    } finally {
      store.db.releaseSnapshot(snapshot);
      exit();
    }
  }

  @Override
  public List<UploadCheckpoint> checkpoints() throws IOException {
    enter();
    Snapshot snapshot = store.db.getSnapshot();
    try (ReadOptions ro = new ReadOptions().setSnapshot(snapshot);
        RocksIterator headers = store.db.newIterator(ro);
        RocksIterator parts = store.db.newIterator(ro)) {
      List<UploadCheckpoint> out = new ArrayList<>();
      byte[] prefix = {Keys.CHECKPOINT};
      for (headers.seek(prefix); headers.isValid(); headers.next()) {
        byte[] k = headers.key();
        if (k.length == 0 || k[0] != Keys.CHECKPOINT) {
          break;
        }
        out.add(assemble(CheckpointCodec.decodeHeader(Keys.suffix(k), headers.value()), parts));
      }
      headers.status();
      return out;
    } catch (RocksDBException e) {
      throw failure("listing checkpoints", e);
    } catch (RecordFormatException | IllegalArgumentException e) {
      throw badRecord(e);
    } finally {
      store.db.releaseSnapshot(snapshot);
      exit();
    }
  }

  /** The header with the parts of its own upload id (parts of other upload ids are stale and ignored). */
  private static UploadCheckpoint assemble(UploadCheckpoint header, RocksIterator it) throws RocksDBException {
    byte[] prefix = Keys.partsOfUpload(header.key(), header.uploadId());
    List<PartResult> parts = new ArrayList<>();
    for (it.seek(prefix); it.isValid(); it.next()) {
      byte[] k = it.key();
      if (!Keys.startsWith(k, prefix) || k.length != prefix.length + 4) {
        break;
      }
      parts.add(CheckpointCodec.decodePart(header.key(), Keys.partNumber(k), it.value()));
    }
    it.status();
    return header.withParts(parts);
  }

  @Override
  public Optional<ListCursor> cursor(String scope) throws IOException {
    Objects.requireNonNull(scope, "scope");
    enter();
    try {
      byte[] v = store.db.get(store.readOptions, Keys.cursor(scope));
      return v == null ? Optional.empty() : Optional.of(CursorCodec.decode(scope, v));
    } catch (RocksDBException e) {
      throw failure("cursor of scope '" + scope + "'", e);
    } catch (RecordFormatException | IllegalArgumentException e) {
      throw badRecord(e);
    } finally {
      exit();
    }
  }

  @Override
  public void forEachEntry(Consumer<LedgerEntry> visitor) throws IOException {
    Objects.requireNonNull(visitor, "visitor");
    enter();
    RocksIterator it = store.db.newIterator(store.readOptions);
    try {
      for (it.seek(new byte[] {Keys.ENTRY}); it.isValid(); it.next()) {
        byte[] k = it.key();
        if (k.length == 0 || k[0] != Keys.ENTRY) {
          break;
        }
        visitor.accept(EntryCodec.decode(Keys.suffix(k), it.value()));
      }
      it.status();
    } catch (RocksDBException e) {
      throw failure("iterating entries", e);
    } catch (RecordFormatException e) {
      throw badRecord(e);
    } finally {
      it.close();
      exit();
    }
  }

  // --------------------------------------------------------------------------------------------- writes

  @Override
  public void write(Batch batch) throws IOException {
    Objects.requireNonNull(batch, "batch");
    List<Batch.Op> ops = batch.ops();
    enter();
    try (WriteBatch wb = new WriteBatch()) {
      // upload ids as this batch leaves them (null = cleared), for PutParts later in the same batch
      Map<String, String> uploadIds = new HashMap<>();
      for (Batch.Op op : ops) {
        Objects.requireNonNull(op, "op");
        if (op instanceof Batch.PutEntry p) {
          wb.put(Keys.entry(p.entry().key()), EntryCodec.encode(p.entry()));
        } else if (op instanceof Batch.DeleteEntry d) {
          wb.delete(Keys.entry(d.key()));
        } else if (op instanceof Batch.PutCheckpoint c) {
          checkpointsStored = true;
          UploadCheckpoint cp = c.checkpoint();
          byte[] partsOfKey = Keys.partsOfKey(cp.key());
          wb.deleteRange(partsOfKey, Keys.endOfPrefix(partsOfKey));
          wb.put(Keys.checkpoint(cp.key()), CheckpointCodec.encodeHeader(cp));
          for (PartResult part : cp.parts()) {
            wb.put(Keys.part(cp.key(), cp.uploadId(), part.partNumber()), CheckpointCodec.encodePart(part));
          }
          uploadIds.put(cp.key(), cp.uploadId());
        } else if (op instanceof Batch.PutPart p) {
          Objects.requireNonNull(p.part(), "part");
          String current = uploadIds.containsKey(p.key()) ? uploadIds.get(p.key()) : storedUploadId(p.key());
          if (p.uploadId().equals(current)) {
            wb.put(Keys.part(p.key(), p.uploadId(), p.part().partNumber()), CheckpointCodec.encodePart(p.part()));
          }
        } else if (op instanceof Batch.ClearCheckpoint c) {
          String current = uploadIds.containsKey(c.key()) ? uploadIds.get(c.key()) : storedUploadId(c.key());
          if (current != null) {
            byte[] partsOfKey = Keys.partsOfKey(c.key());
            wb.delete(Keys.checkpoint(c.key()));
            wb.deleteRange(partsOfKey, Keys.endOfPrefix(partsOfKey));
          }
          uploadIds.put(c.key(), null);
        } else if (op instanceof Batch.PutCursor c) {
          wb.put(Keys.cursor(c.scope()), CursorCodec.encode(c.cursor()));
        } else {
          throw new IllegalArgumentException("unknown ledger op " + op);
        }
      }
      if (wb.count() > 0) {
        store.db.write(store.writeOptions, wb);
      }
    } catch (RocksDBException e) {
      throw failure("write of a batch of " + ops.size() + " ops", e);
    } catch (RecordFormatException e) {
      throw badRecord(e);
    } catch (IllegalArgumentException e) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "ledger " + path + ": cannot store a batch: "
          + e.getMessage(), e);
    } finally {
      exit();
    }
  }

  /** The upload id of the stored checkpoint of {@code key}, or null. */
  private String storedUploadId(String key) throws RocksDBException {
    if (!checkpointsStored) {
      return null; // a ledger that never held a checkpoint: no lookup (every small object's record clears one)
    }
    byte[] v = store.db.get(store.readOptions, Keys.checkpoint(key));
    return v == null ? null : CheckpointCodec.decodeHeader(key, v).uploadId();
  }

  // ------------------------------------------------------------------------------------------ lifecycle

  /**
   * Waits for running calls, syncs the write-ahead log, closes the store and releases its native memory.
   * Idempotent.
   *
   * @throws IllegalStateException when called from inside a {@link #forEachEntry} visitor
   */
  @Override
  public void close() throws IOException {
    if (lifecycle.getReadHoldCount() > 0) {
      throw new IllegalStateException("RocksDbLedger.close() called from inside a ledger call (a forEachEntry"
          + " visitor?) on ledger " + path);
    }
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      store.close();
    } catch (RocksDBException e) {
      throw failure("close", e);
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  private void enter() {
    lifecycle.readLock().lock();
    if (closed) {
      lifecycle.readLock().unlock();
      throw new IllegalStateException("ledger " + path + " is closed");
    }
  }

  private void exit() {
    lifecycle.readLock().unlock();
  }

  private MigrateException failure(String what, RocksDBException e) {
    Status s = e.getStatus();
    Status.Code code = s == null ? Status.Code.IOError : s.getCode();
    ErrorKind kind = switch (code) {
      case Busy, TryAgain, TimedOut, Incomplete -> ErrorKind.TRANSIENT;
      default -> ErrorKind.FATAL_CONFIGURATION;
    };
    return new MigrateException(kind, "ledger " + path + ": " + what + " failed: " + e.getMessage()
        + "; check free space, permissions and health of the disk holding " + path, e);
  }

  private MigrateException badRecord(RuntimeException e) {
    if (e instanceof IllegalArgumentException && !(e instanceof RecordFormatException)) {
      return new MigrateException(ErrorKind.INVALID_INPUT, "ledger " + path + ": " + e.getMessage(), e);
    }
    return new MigrateException(ErrorKind.FATAL_CONFIGURATION, "ledger " + path + ": cannot decode a stored "
        + e.getMessage() + "; use the cos-migrate that wrote this ledger, or another --ledger directory", e);
  }
}
