package io.github.cosmigrate.spi.capability;

import java.io.IOException;
import java.io.InputStream;

/**
 * A sink that can read back what it stored. With {@link io.github.cosmigrate.api.VerifyMode#REREAD} the engine reads
 * an object the sink returned no checksum for and compares its CRC-64 with the source's. Safe to call from many
 * threads at once.
 */
public interface ObjectReader {
  /**
   * Opens the whole stored content of {@code key} (one GET); the caller closes it. {@code NOT_FOUND} when there is
   * no such object.
   */
  InputStream read(String key) throws IOException;
}
