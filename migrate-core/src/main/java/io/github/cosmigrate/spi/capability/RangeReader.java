package io.github.cosmigrate.spi.capability;

import io.github.cosmigrate.model.ObjectInfo;
import java.io.IOException;
import java.io.InputStream;

/**
 * A source that can read a byte range of an object. The engine uses it to read the parts of a large object in
 * parallel. Safe to call from many threads at once.
 */
public interface RangeReader {
  /**
   * Opens {@code length} bytes of {@code object} starting at {@code offset}. A range that reaches past the end of
   * the object is an error of kind {@code SOURCE_CHANGED} (the object shrank since it was listed); a source that
   * pins its reads also fails with {@code SOURCE_CHANGED} when the object is no longer the listed version.
   *
   * <p>A source may refuse ranges for one object (a server that ignores {@code Range} for it) by throwing a
   * {@link io.github.cosmigrate.error.MigrateException} of kind {@code UNSUPPORTED}: the engine then reads that
   * object as one stream.
   */
  InputStream openRange(ObjectInfo object, long offset, long length) throws IOException;
}
