package io.github.cosmigrate.model;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The outcome of a server-side copy (one request, or the completion of a multipart copy). Nothing passed through
 * this process, so nothing was verified here: the caller compares {@code crc64} with the source's.
 *
 * @param etag the destination ETag, without quotes
 * @param crc64 the CRC-64/XZ of the stored object as the service reports it, when it does
 * @param versionId the destination version id, when the bucket is versioned
 */
public record CopyResult(String etag, OptionalLong crc64, Optional<String> versionId) {
  public CopyResult {
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(crc64, "crc64");
    Objects.requireNonNull(versionId, "versionId");
  }
}
