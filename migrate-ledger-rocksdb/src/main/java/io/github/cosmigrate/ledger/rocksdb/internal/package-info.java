/**
 * The RocksDB ledger's storage format, not API: the key layout ({@code Keys}: one-byte prefixes for the schema
 * record, entries, checkpoint headers, parts and cursors; UTF-8 keys so entries iterate in code point order), the
 * versioned binary record codecs ({@code EntryCodec}, {@code CheckpointCodec}, {@code CursorCodec} over
 * {@code Bytes}/{@code Codecs}: every record starts with a format-version byte and enums are stored as explicit
 * codes, never ordinals), the {@code JOB} file that ties a store directory to one job, and {@code RocksStore},
 * which owns every long-lived native object and closes them in the reverse order of creation. A record that cannot
 * be decoded (newer format, damaged bytes) is a {@code RecordFormatException}, which the ledger reports as a
 * {@code MigrateException} naming the store path. Codecs are stateless and thread-safe; {@code RocksStore} is
 * shared by the ledger's threads and closed once. {@code RocksNative} loads RocksDB's native library once per JVM,
 * from the per-user copy that {@code NativeLibraryCache} extracts once.
 */
package io.github.cosmigrate.ledger.rocksdb.internal;
