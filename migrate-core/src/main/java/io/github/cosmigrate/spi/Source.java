package io.github.cosmigrate.spi;

import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where objects come from. See the package documentation for threading and lifecycle.
 *
 * <p>Optional capabilities are separate interfaces in {@link io.github.cosmigrate.spi.capability}: a source that
 * can read byte ranges implements {@link io.github.cosmigrate.spi.capability.RangeReader}.
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
   * The current state of one object.
   *
   * @throws io.github.cosmigrate.error.MigrateException of kind {@code NOT_FOUND} when it does not exist; never
   *     returns null
   */
  ObjectInfo stat(String key) throws IOException;

  /**
   * Opens the object's whole content. The caller closes the stream. Safe to call from many threads at once.
   *
   * @throws io.github.cosmigrate.error.MigrateException of kind {@code NOT_FOUND} when it does not exist
   */
  InputStream open(String key) throws IOException;

  /** Releases clients and handles. Idempotent. Streams already opened stay readable until closed. */
  @Override
  void close() throws IOException;
}
