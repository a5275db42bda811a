package io.github.cosmigrate.ledger.rocksdb.internal;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import java.nio.file.Path;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.IndexType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;
import org.rocksdb.WriteOptions;

/**
 * Every long-lived RocksDB native object of one store, created here and only here, in this order:
 * block cache, bloom filter, options (with the table config), write options, read options, database.
 *
 * <p>{@link #close()} releases them in the reverse order: the database first (after flushing and syncing its
 * write-ahead log), then read options, write options, options, bloom filter and block cache. The cache and
 * filter must outlive the database, and the options must outlive everything opened with them. Per-operation
 * objects ({@code WriteBatch}, iterators, snapshot read options) are created by the ledger and closed in
 * {@code try}/{@code finally} before the operation returns.
 */
public final class RocksStore implements AutoCloseable {

  public final Path path;
  public final RocksDB db;
  public final WriteOptions writeOptions;
  public final ReadOptions readOptions;
  private final Options options;
  private final BloomFilter bloomFilter;
  private final LRUCache blockCache;

  private RocksStore(Path path, LRUCache blockCache, BloomFilter bloomFilter, Options options,
      WriteOptions writeOptions, ReadOptions readOptions, RocksDB db) {
    this.path = path;
    this.blockCache = blockCache;
    this.bloomFilter = bloomFilter;
    this.options = options;
    this.writeOptions = writeOptions;
    this.readOptions = readOptions;
    this.db = db;
  }

  /** Opens (or creates) the store in {@code path}. */
  public static RocksStore open(Path path, boolean syncEveryWrite, long blockCacheBytes, int maxOpenFiles,
      long writeBufferBytes) throws MigrateException {
    RocksNative.load();
    LRUCache cache = null;
    BloomFilter bloom = null;
    Options options = null;
    WriteOptions writeOptions = null;
    ReadOptions readOptions = null;
    try {
      cache = new LRUCache(blockCacheBytes, shardBits(blockCacheBytes));
      bloom = new BloomFilter(10);
      // Index and filter blocks live in the block cache (so memory stays bounded) and are partitioned into
      // small blocks under a pinned top level: an unpartitioned filter of a large table file is bigger than a
      // cache shard, could never stay cached, and was re-read on every lookup (10x slower gets, measured).
      BlockBasedTableConfig table = new BlockBasedTableConfig()
          .setBlockCache(cache)
          .setFilterPolicy(bloom)
          .setIndexType(IndexType.kTwoLevelIndexSearch)
          .setPartitionFilters(true)
          .setMetadataBlockSize(4096)
          .setCacheIndexAndFilterBlocks(true)
          .setCacheIndexAndFilterBlocksWithHighPriority(true)
          .setPinTopLevelIndexAndFilter(true)
          .setPinL0FilterAndIndexBlocksInCache(true);
      options = new Options()
          .setCreateIfMissing(true)
          .setTableFormatConfig(table)
          .setMaxOpenFiles(maxOpenFiles)
          .setWriteBufferSize(writeBufferBytes)
          .setMaxWriteBufferNumber(2)
          .setMaxBackgroundJobs(2)
          .setCompressionType(CompressionType.LZ4_COMPRESSION)
          .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
          .setKeepLogFileNum(3)
          .setMaxLogFileSize(1L << 20);
      writeOptions = new WriteOptions().setSync(syncEveryWrite).setDisableWAL(false);
      readOptions = new ReadOptions();
      RocksDB db = RocksDB.open(options, path.toString());
      return new RocksStore(path, cache, bloom, options, writeOptions, readOptions, db);
    } catch (RocksDBException e) {
      closeQuietly(readOptions, writeOptions, options, bloom, cache);
      if (isLockHeld(e)) {
        throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "ledger " + path + " is in use by another"
            + " cos-migrate process (RocksDB LOCK held); wait for it to finish or use another --ledger directory", e);
      }
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "cannot open ledger " + path + ": "
          + e.getMessage() + "; check the directory's permissions and free space", e);
    } catch (RuntimeException | Error e) {
      closeQuietly(readOptions, writeOptions, options, bloom, cache);
      throw e;
    }
  }

  /** Cache shards of at least 4 MiB (RocksDB's default of 512 KiB shards is too small for big blocks). */
  static int shardBits(long cacheBytes) {
    int bits = 0;
    while (bits < 6 && (cacheBytes >> (bits + 1)) >= (4L << 20)) {
      bits++;
    }
    return bits;
  }

  private static boolean isLockHeld(RocksDBException e) {
    Status s = e.getStatus();
    boolean io = s == null || s.getCode() == Status.Code.IOError;
    String m = String.valueOf(e.getMessage());
    return io && m.contains("LOCK") && (m.contains("lock hold by current process")
        || m.contains("Resource temporarily unavailable") || m.contains("No locks available")
        || m.contains("While lock file"));
  }

  /**
   * Flushes and syncs the write-ahead log, closes the database, then releases the options, filter and cache
   * (in that order). Everything is released even when the database reports an error; that error is thrown last.
   */
  @Override
  public void close() throws RocksDBException {
    RocksDBException failure = null;
    try {
      db.flushWal(true);
    } catch (RocksDBException e) {
      failure = e;
    }
    try {
      db.closeE();
    } catch (RocksDBException e) {
      if (failure == null) {
        failure = e;
      }
    } finally {
      closeQuietly(readOptions, writeOptions, options, bloomFilter, blockCache);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void closeQuietly(AutoCloseable... resources) {
    for (AutoCloseable r : resources) {
      if (r != null) {
        try {
          r.close();
        } catch (Exception ignored) {
          // native handles: close() does not fail in practice; nothing more to release
        }
      }
    }
  }
}
