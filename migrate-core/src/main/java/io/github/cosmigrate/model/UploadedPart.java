package io.github.cosmigrate.model;

import java.util.Objects;

/**
 * A part as the sink reports it in a listing of an upload's parts (no CRC: the service does not list it).
 *
 * @param partNumber 1-based
 * @param size length in bytes
 * @param etag the part's ETag, without quotes
 */
public record UploadedPart(int partNumber, long size, String etag) {
  public UploadedPart {
    Objects.requireNonNull(etag, "etag");
  }
}
