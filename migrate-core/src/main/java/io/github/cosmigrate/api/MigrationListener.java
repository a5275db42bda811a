package io.github.cosmigrate.api;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.model.PutResult;
import java.time.Duration;

/**
 * Events of a migration. Every method has a no-op default.
 *
 * <p><b>Rules.</b> Methods may be called from different engine threads, concurrently, and must neither block nor
 * throw (an exception is logged and suppressed). Events are paired: each {@link #objectStarted} is followed by
 * exactly one of {@link #objectCompleted} or {@link #objectFailed} for the same key; {@link #objectSkipped} and a
 * failure found while listing come without a start.
 */
public interface MigrationListener {

  /**
   * The engine begins transferring an object (after the skip check); {@code size} is the listed size, or
   * {@link io.github.cosmigrate.model.ObjectInfo#UNKNOWN_SIZE} for an object streamed without a known size.
   */
  default void objectStarted(String key, long size) {}

  /** The object is stored and recorded; {@code size} is the number of bytes stored. */
  default void objectCompleted(String key, long size, PutResult result) {}

  /** The object was not sent, for the given reason. */
  default void objectSkipped(String key, String reason) {}

  /** The object ended failed. */
  default void objectFailed(String key, ErrorKind kind, String reason) {}

  /** One part of a multipart upload is stored. */
  default void partCompleted(String key, int partNumber, long size) {}

  /** An attempt failed with a retryable error and will be tried again after {@code delay}. */
  default void retryScheduled(String key, int nextAttempt, Duration delay, String reason) {}

  /** Periodic progress, at the configured interval, and once at the end. */
  default void progress(ProgressSnapshot snapshot) {}

  /** A listener that ignores everything. */
  static MigrationListener none() {
    return new MigrationListener() {};
  }
}
