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
 * @param unverifiableReason for an {@link Verification#UNVERIFIABLE} result, why it could not be verified, in words
 *     a user can act on (e.g. {@code the endpoint returned no x-cos-hash-crc64ecma}); empty for a verified one or
 *     when the sink gave no reason
 */
public record PutResult(String etag, long crc64, Verification verification, Optional<String> versionId,
    Optional<String> unverifiableReason) {
  public PutResult {
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(verification, "verification");
    Objects.requireNonNull(versionId, "versionId");
    Objects.requireNonNull(unverifiableReason, "unverifiableReason");
    if (verification == Verification.VERIFIED) {
      unverifiableReason = Optional.empty();
    }
  }

  /** A result without a reason for being unverifiable. */
  public PutResult(String etag, long crc64, Verification verification, Optional<String> versionId) {
    this(etag, crc64, verification, versionId, Optional.empty());
  }

  /** This result as verified, with {@code crc64} the value that was compared. */
  public PutResult verifiedAs(long crc64) {
    return new PutResult(etag, crc64, Verification.VERIFIED, versionId, Optional.empty());
  }
}
