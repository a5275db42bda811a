package io.github.cosmigrate.spi.capability;

import java.io.IOException;
import java.io.InputStream;

/**
 * A source that can read a byte range of an object. The engine uses it to read the parts of a large object in
 * parallel. Safe to call from many threads at once.
 */
public interface RangeReader {
  /**
   * Opens {@code length} bytes starting at {@code offset}. A range that reaches past the end of the object is an
   * error of kind {@code SOURCE_CHANGED} (the object shrank since it was listed).
   */
  InputStream openRange(String key, long offset, long length) throws IOException;
}
