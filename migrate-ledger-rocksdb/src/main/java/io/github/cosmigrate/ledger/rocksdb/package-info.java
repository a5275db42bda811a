/**
 * The RocksDB-backed {@link io.github.cosmigrate.spi.Ledger}: {@link io.github.cosmigrate.ledger.rocksdb.RocksDbLedger}
 * and its settings, {@link io.github.cosmigrate.ledger.rocksdb.RocksDbLedgerConfig}.
 *
 * <h2>Contract</h2>
 * One store per job in {@code <baseDir>/<job id>/}, with a readable {@code JOB} file naming the job's source and
 * destination (never secrets). Batches are atomic; durability follows the configured sync policy (by default a
 * returned write survives {@code kill -9}; {@code POWER_LOSS_SAFE} also survives power loss). The write-ahead log
 * is always on.
 *
 * <h2>Threading and lifecycle</h2>
 * A ledger is safe to use from many threads. {@code close()} waits for running calls, is idempotent, and every
 * later call throws {@link java.lang.IllegalStateException}. Only one open ledger per store at a time, across
 * processes: a second open fails with {@code MigrateException} of kind {@code FATAL_CONFIGURATION}.
 *
 * <h2>Memory</h2>
 * Native memory is bounded by the block cache (index and filter blocks included) plus two write buffers,
 * independent of the number of records; {@code forEachEntry} streams with an iterator.
 *
 * <h2>Edges</h2>
 * Keys may hold any Unicode text (NUL included) but no unpaired UTF-16 surrogates (rejected as
 * {@code INVALID_INPUT}). Entries are visited in code point order (UTF-8 byte order). Records written by a newer
 * format version fail with a message naming the store directory.
 */
package io.github.cosmigrate.ledger.rocksdb;
