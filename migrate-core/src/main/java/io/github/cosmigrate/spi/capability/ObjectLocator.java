package io.github.cosmigrate.spi.capability;

import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectLocation;
import java.util.Optional;

/**
 * A source whose objects live in an object service at a known bucket and key, so that a sink of the same service
 * (a {@link ServerSideCopier}) can copy them without the bytes passing through this process. The engine copies
 * server-side when the sink has that capability and this one locates the object; otherwise, and whenever the sink
 * refuses the copy, it streams the object as usual. Safe to call from many threads at once; does no I/O.
 */
public interface ObjectLocator {
  /**
   * Where {@code object} (as listed or stat'ed by this source) is stored, pinned to its ETag and version id when the
   * info has them; empty when this object cannot be copied server-side.
   */
  Optional<ObjectLocation> locate(ObjectInfo object);
}
