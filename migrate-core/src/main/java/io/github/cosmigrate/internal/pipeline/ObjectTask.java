package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.api.TransferOutcome;
import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.UploadCheckpoint;

/** One listed object on its way to a terminal state. Confined to one step at a time. */
final class ObjectTask {
  volatile ObjectInfo info;
  final String destKey;
  final LedgerEntry previous;
  volatile int attempts;
  volatile boolean started;
  final boolean large;
  volatile long reserved;
  volatile UploadCheckpoint checkpoint;
  /** Set once, by {@link Settlement}, when the object reaches its terminal state. */
  volatile TransferOutcome outcome;
  /** Set once the object's metadata notes were counted (a retry maps the metadata again). */
  volatile boolean metadataNoted;
  /** The listing segment it was listed in (null for a direct transfer); set before the task starts. */
  ListingWatermark.Segment segment;
  /** The bytes stored for an object listed with an unknown size, once it is stored. */
  volatile long streamedSize = ObjectInfo.UNKNOWN_SIZE;

  ObjectTask(ObjectInfo info, String destKey, LedgerEntry previous, boolean large) {
    this.info = info;
    this.destKey = destKey;
    this.previous = previous;
    this.large = large;
  }

  /** The object's size: as listed, or for one listed with an unknown size what was stored (0 until then). */
  long size() {
    ObjectInfo i = info;
    return i.sizeKnown() ? i.size() : Math.max(0, streamedSize);
  }
}
