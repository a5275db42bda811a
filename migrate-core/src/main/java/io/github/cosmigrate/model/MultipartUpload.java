package io.github.cosmigrate.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A multipart upload in progress at the sink.
 *
 * @param key destination key
 * @param uploadId the sink's upload id
 * @param initiated when it was started, when the sink says
 */
public record MultipartUpload(String key, String uploadId, Optional<Instant> initiated) {
  public MultipartUpload {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(uploadId, "uploadId");
    Objects.requireNonNull(initiated, "initiated");
  }
}
