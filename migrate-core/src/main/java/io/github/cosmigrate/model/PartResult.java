package io.github.cosmigrate.model;

import java.util.Objects;

/**
 * One uploaded part.
 *
 * @param partNumber 1-based
 * @param size length in bytes
 * @param etag the part's ETag, without quotes
 * @param crc64 the CRC-64/XZ of the part's bytes
 * @param verification whether the sink's checksum for this part matched
 */
public record PartResult(int partNumber, long size, String etag, long crc64, Verification verification) {
  public PartResult {
    if (partNumber < 1) {
      throw new IllegalArgumentException("part numbers start at 1, was " + partNumber);
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative part size " + size);
    }
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(verification, "verification");
  }
}
