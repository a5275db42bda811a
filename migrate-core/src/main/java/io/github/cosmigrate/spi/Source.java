package io.github.cosmigrate.spi;

import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceRead;
import java.io.IOException;
import java.util.Optional;

/**
 * Where objects come from. See the package documentation for threading and lifecycle.
 *
 * <p>Optional capabilities are separate interfaces in {@link io.github.cosmigrate.spi.capability}: a source that
 * can read byte ranges implements {@link io.github.cosmigrate.spi.capability.RangeReader}. The engine finds them
 * with {@link #capability(Class)}, which a decorator ({@link ForwardingSource}) forwards to what it wraps.
 *
 * <p><b>Pinned reads.</b> Reads are given the {@link ObjectInfo} the listing returned. A source whose reads are
 * pinned to that version ({@link #pinsReads()}: an S3 {@code If-Match} or version id) fails a read of any other
 * version with {@code SOURCE_CHANGED}, so the engine need not stat the object again after its transfer; any other
 * source is re-stat'ed after each transfer and before each multipart completion.
 */
public interface Source extends AutoCloseable {

  /** A description for messages and for the ledger's job identity: type and location, never secrets. */
  String describe();

  /**
   * Lists one page, starting after {@code after} (from the beginning when empty). Pages are bounded in size, so the
   * whole listing is never held in memory. Problems with single entries are returned as
   * {@link io.github.cosmigrate.model.SourceEntry.Failed} entries; this method throws only when the listing as a
   * whole cannot go on (the root is missing, the bucket is not readable).
   *
   * <p>At most one call to {@code list} is outstanding at a time; the engine does not call it concurrently.
   *
   * @param after a cursor this source returned earlier (possibly in an earlier process), or empty
   */
  ListBatch list(Optional<ListCursor> after) throws IOException;

  /**
   * True when the cursors of {@link #list} can be resumed: a cursor this source returned stays valid in a later
   * process, and listing after it yields exactly the entries that followed it. The engine then saves its listing
   * position in the ledger (up to its low watermark, see {@link io.github.cosmigrate.api.Migrator}) and a rerun of an
   * interrupted pass continues from there. A source whose cursors cannot be resumed (they name server state that
   * expires, or the order is not stable across processes) returns false and is listed from the start by every run.
   * Constant for the source's lifetime; true by default, as {@link #list} requires of cursors.
   */
  default boolean resumableCursors() {
    return true;
  }

  /**
   * The current state of one object, with its full metadata.
   *
   * @throws io.github.cosmigrate.error.MigrateException of kind {@code NOT_FOUND} when it does not exist; never
   *     returns null
   */
  ObjectInfo stat(String key) throws IOException;

  /**
   * The current state of an object this source listed, for the engine's re-checks (the stat before a multipart
   * upload when listings carry no metadata, the re-stat after a transfer of a source that does not pin its reads,
   * the refresh after a change). The default is {@link #stat(String) stat(listed.key())}. A source whose listing
   * is not the store's own, such as a manifest written earlier ({@link io.github.cosmigrate.api.ManifestSource}),
   * overrides it to compare the store's current version with the listed one (failing when they differ) and to
   * keep the listed identity, so that an object's fingerprint is the one listed.
   *
   * @param listed an entry this source listed, or an earlier result of this method
   * @throws io.github.cosmigrate.error.MigrateException of kind {@code NOT_FOUND} when it does not exist
   */
  default ObjectInfo statListed(ObjectInfo listed) throws IOException {
    return stat(listed.key());
  }

  /**
   * Opens the whole content of {@code object}, as listed or stat'ed. The result carries the stream and what the
   * source observed while opening it (size, ETag or version, metadata such as the response headers of a GET);
   * the caller closes it. Safe to call from many threads at once.
   *
   * @throws io.github.cosmigrate.error.MigrateException of kind {@code NOT_FOUND} when it does not exist, and of
   *     kind {@code SOURCE_CHANGED} when this source {@linkplain #pinsReads() pins its reads} and the object is no
   *     longer the listed version
   */
  SourceRead open(ObjectInfo object) throws IOException;

  /**
   * True when {@link #open} and range reads return the listed version or fail with {@code SOURCE_CHANGED}. The
   * engine then skips the re-stat after a transfer. Constant for the source's lifetime; false by default.
   */
  default boolean pinsReads() {
    return false;
  }

  /**
   * True when listed objects carry their full metadata (content type, user metadata). When false (an S3 listing
   * returns neither), the engine stats a large object before it starts its multipart upload, and takes a small
   * object's metadata from what {@link #open} observed. Constant; true by default.
   */
  default boolean listsMetadata() {
    return true;
  }

  /**
   * Where an object came from, as a URI for provenance metadata at the destination ({@code s3://bucket/key}), or
   * empty when this source records none. Never contains credentials or query strings.
   */
  default Optional<String> provenance(ObjectInfo object) {
    return Optional.empty();
  }

  /**
   * This source as an optional capability (for example {@code RangeReader}), or empty when it has none. A
   * decorator forwards the question to what it wraps, so that wrapping never hides a capability.
   */
  default <T> Optional<T> capability(Class<T> type) {
    return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
  }

  /** Releases clients and handles. Idempotent. Streams already opened stay readable until closed. */
  @Override
  void close() throws IOException;
}
