package io.github.cosmigrate.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a successful put, multipart completion or copy.
 *
 * @param etag the destination ETag, without quotes
 * @param crc64 the CRC-64/XZ of the stored object (the value that was compared, or the locally computed one
 *     when the sink gave none)
 * @param verification whether the sink's checksum matched
 * @param versionId the destination version id, when the bucket is versioned
 */
public record PutResult(String etag, long crc64, Verification verification, Optional<String> versionId) {
  public PutResult {
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(verification, "verification");
    Objects.requireNonNull(versionId, "versionId");
  }
}
