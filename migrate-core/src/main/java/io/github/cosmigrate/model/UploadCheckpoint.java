package io.github.cosmigrate.model;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The state of one multipart upload in flight, as the ledger keeps it for checkpoint restart.
 *
 * @param key the source key
 * @param destinationKey the destination key
 * @param uploadId the sink's upload id
 * @param fingerprint the source version being uploaded; a resume with a different fingerprint must abort
 * @param objectSize total size, or {@link ObjectInfo#UNKNOWN_SIZE} for an object streamed without a known size:
 *     such an upload is never resumed (a later run aborts it and sends the object again from its start)
 * @param partSize size of every part but the last
 * @param started when the upload was initiated
 * @param parts the parts known to be complete, sorted by part number
 */
public record UploadCheckpoint(
    String key,
    String destinationKey,
    String uploadId,
    SourceFingerprint fingerprint,
    long objectSize,
    long partSize,
    Instant started,
    List<PartResult> parts) {

  public UploadCheckpoint {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(destinationKey, "destinationKey");
    Objects.requireNonNull(uploadId, "uploadId");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(started, "started");
    if (partSize <= 0) {
      throw new IllegalArgumentException("partSize must be > 0");
    }
    parts = parts.stream().sorted(Comparator.comparingInt(PartResult::partNumber)).toList();
  }

  public UploadCheckpoint withParts(List<PartResult> newParts) {
    return new UploadCheckpoint(key, destinationKey, uploadId, fingerprint, objectSize, partSize, started, newParts);
  }
}
