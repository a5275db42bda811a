package io.github.cosmigrate.spi.capability;

import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.PutResult;
import java.io.IOException;

/**
 * A sink that can copy an object the service already holds without the bytes passing through this process.
 */
public interface ServerSideCopier {
  /**
   * Copies {@code sourceBucket/sourceKey} (in {@code sourceRegion}) to {@code key}.
   *
   * @throws io.github.cosmigrate.error.MigrateException of kind {@code UNSUPPORTED} when this pair of locations
   *     cannot be copied server-side (the engine then streams the object instead), {@code NOT_FOUND} when the
   *     source is missing, {@code ACCESS_DENIED} when it is not readable
   */
  PutResult copy(String sourceRegion, String sourceBucket, String sourceKey, String key, ObjectMetadata metadata)
      throws IOException;
}
