package io.github.cosmigrate.ledger.rocksdb;

import io.github.cosmigrate.model.JobIdentity;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of a {@link RocksDbLedger}.
 *
 * <p>Native memory is bounded by roughly {@code blockCacheBytes + 2 * writeBufferBytes} plus a small fixed
 * overhead per open file (index and filter blocks are charged to the block cache), whatever the number of
 * records.
 *
 * @param directory the base directory; the store lives in {@code directory/<job.id()>/} (see {@link #storeDirectory()})
 * @param job the job the store belongs to
 * @param syncPolicy when writes reach the disk (see {@link SyncPolicy})
 * @param blockCacheBytes size of the shared LRU block cache (data, index and filter blocks); default 32 MiB
 * @param maxOpenFiles how many table files RocksDB keeps open; default 256, at least 16
 * @param writeBufferBytes size of one memtable (at most two exist); default 16 MiB, at least 64 KiB
 */
public record RocksDbLedgerConfig(
    Path directory,
    JobIdentity job,
    SyncPolicy syncPolicy,
    long blockCacheBytes,
    int maxOpenFiles,
    long writeBufferBytes) {

  public static final long DEFAULT_BLOCK_CACHE_BYTES = 32L << 20;
  public static final int DEFAULT_MAX_OPEN_FILES = 256;
  public static final long DEFAULT_WRITE_BUFFER_BYTES = 16L << 20;

  /**
   * What a returned {@code write} survives. The write-ahead log is on under both policies; they differ only in
   * whether each batch is also fsynced.
   */
  public enum SyncPolicy {
    /**
     * The default. Each batch is appended to the write-ahead log with a {@code write(2)} before {@code write}
     * returns, without an fsync. The bytes sit in the operating system's page cache, so they survive the process
     * being killed at any moment ({@code kill -9}, an OOM kill, a JVM crash): on reopen RocksDB replays the log.
     * A power loss or kernel crash may lose the last batches written before it (never half a batch: the log
     * records are checksummed and replay stops at the first torn record), which a rerun then redoes.
     */
    PROCESS_CRASH_SAFE,
    /**
     * Each batch is fsynced before {@code write} returns (RocksDB {@code WriteOptions.sync}), so it also survives
     * a power loss. Costs one fsync per batch (about 2 ms on a typical SSD, far more on network disks); concurrent
     * writers share fsyncs through RocksDB's group commit.
     */
    POWER_LOSS_SAFE
  }

  public RocksDbLedgerConfig {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(syncPolicy, "syncPolicy");
    if (blockCacheBytes < (1L << 20)) {
      throw new IllegalArgumentException("blockCacheBytes must be at least 1 MiB, was " + blockCacheBytes);
    }
    if (maxOpenFiles < 16) {
      throw new IllegalArgumentException("maxOpenFiles must be at least 16, was " + maxOpenFiles);
    }
    if (writeBufferBytes < (64L << 10)) {
      throw new IllegalArgumentException("writeBufferBytes must be at least 64 KiB, was " + writeBufferBytes);
    }
  }

  /** The defaults: {@link SyncPolicy#PROCESS_CRASH_SAFE}, 32 MiB block cache, 256 open files, 16 MiB write buffer. */
  public static RocksDbLedgerConfig of(Path directory, JobIdentity job) {
    return new RocksDbLedgerConfig(directory, job, SyncPolicy.PROCESS_CRASH_SAFE, DEFAULT_BLOCK_CACHE_BYTES,
        DEFAULT_MAX_OPEN_FILES, DEFAULT_WRITE_BUFFER_BYTES);
  }

  /** {@code directory/<job.id()>}: where the store's files and its {@code JOB} file live. */
  public Path storeDirectory() {
    return directory.resolve(job.id());
  }

  public RocksDbLedgerConfig withSyncPolicy(SyncPolicy policy) {
    return new RocksDbLedgerConfig(directory, job, policy, blockCacheBytes, maxOpenFiles, writeBufferBytes);
  }

  public RocksDbLedgerConfig withBlockCacheBytes(long bytes) {
    return new RocksDbLedgerConfig(directory, job, syncPolicy, bytes, maxOpenFiles, writeBufferBytes);
  }

  public RocksDbLedgerConfig withMaxOpenFiles(int files) {
    return new RocksDbLedgerConfig(directory, job, syncPolicy, blockCacheBytes, files, writeBufferBytes);
  }

  public RocksDbLedgerConfig withWriteBufferBytes(long bytes) {
    return new RocksDbLedgerConfig(directory, job, syncPolicy, blockCacheBytes, maxOpenFiles, bytes);
  }
}
