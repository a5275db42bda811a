/**
 * The local file system source: {@link io.github.cosmigrate.source.local.LocalSource}, created with
 * {@link io.github.cosmigrate.source.local.LocalSource#open} from a
 * {@link io.github.cosmigrate.source.local.LocalSourceConfig}.
 *
 * <p>Contract: listings are lazy and never stop on a bad path (each problem is a failed or skipped entry with a
 * reason); cursors are persistable and resume exactly after the last listed key, also in a new process; stat re-reads
 * the file now; streams read with their own channel and may be used from any thread, one reader per stream.
 * Memory does not grow with the number of files: it grows with the directory depth and the widest directory.
 * The root may be a path of any {@link java.nio.file.FileSystem}; {@code unix:} attributes are used when available.
 */
package io.github.cosmigrate.source.local;
