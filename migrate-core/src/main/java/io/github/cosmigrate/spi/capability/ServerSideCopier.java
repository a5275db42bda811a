package io.github.cosmigrate.spi.capability;

import io.github.cosmigrate.model.CopyResult;
import io.github.cosmigrate.model.ObjectLocation;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.PartResult;
import java.io.IOException;
import java.util.List;

/**
 * A sink that can copy an object the service already holds without the bytes passing through this process: in one
 * request up to {@link io.github.cosmigrate.model.SinkLimits#maxSingleCopySize()}, above it as a multipart upload
 * ({@link io.github.cosmigrate.spi.Sink#initiateMultipart}) whose parts are copied ranges of the source. The engine
 * uses it when the source is an {@link ObjectLocator}. Safe to call from many threads at once.
 *
 * <p>Every method throws a {@link io.github.cosmigrate.error.MigrateException} of kind {@code UNSUPPORTED} when this
 * sink cannot copy from {@code from} server-side (another service or endpoint, a region it cannot reach, or the
 * service refusing the copy: HTTP 403 or 405 when the source belongs to another account); the engine then streams
 * the object instead, and every later object of the run. A copy pinned to an ETag the source no longer has is
 * {@code SOURCE_CHANGED}; a missing source {@code NOT_FOUND}.
 */
public interface ServerSideCopier {
  /**
   * Copies {@code from} to {@code key} in one request, with {@code metadata} (headers, user metadata, storage class,
   * encryption) replacing the source's; empty metadata keeps the source's.
   */
  CopyResult copy(ObjectLocation from, String key, ObjectMetadata metadata) throws IOException;

  /**
   * Copies {@code length} bytes of {@code from} at {@code offset} as part {@code partNumber} of the multipart upload
   * {@code uploadId} of {@code key}; idempotent per part number, any order, concurrently. The part's
   * {@link PartResult#verification()} is {@code UNVERIFIABLE} (nothing passed through this process); its
   * {@code crc64} is the service's CRC-64 of the part when it gave one, else 0.
   */
  PartResult copyPart(ObjectLocation from, String key, String uploadId, int partNumber, long offset, long length)
      throws IOException;

  /**
   * Completes a multipart upload whose parts were copied (or some uploaded, some copied) and returns the stored
   * object's CRC-64 as the service reports it, without comparing it with the parts': the caller compares it with the
   * source's.
   */
  CopyResult completeCopy(String key, String uploadId, List<PartResult> parts) throws IOException;
}
