package io.github.cosmigrate.sink.cos.internal;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.sink.cos.CosSinkConfig;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * What a request of the COS sink may carry: keys and parts within the sink's limits, and metadata as COS headers
 * (only what HTTP/1.1 sends unchanged; the configured default storage class and SSE-COS or SSE-KMS applied). Stateless apart
 * from its settings; thread-safe.
 */
public final class CosRequests {
  private final CosSinkConfig config;
  private final String location;

  public CosRequests(CosSinkConfig config, String location) {
    this.config = config;
    this.location = location;
  }

  /** A key this sink can store. */
  public void checkKey(String key) throws MigrateException {
    if (key == null || key.isEmpty()) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "empty object key for " + location);
    }
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > config.limits().maxKeyLength()) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "key '" + key + "' is " + bytes + " bytes in UTF-8;"
          + " " + location + " accepts at most " + config.limits().maxKeyLength()
          + " (SinkLimits.maxKeyLength): shorten it or map it to another key");
    }
  }

  /** A part number and length this sink's limits allow. */
  public void checkPart(String key, int partNumber, long length) throws MigrateException {
    if (partNumber < 1 || partNumber > config.limits().maxParts()) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "part " + partNumber + " of '" + key + "': part numbers"
          + " run from 1 to " + config.limits().maxParts() + " (SinkLimits.maxParts)");
    }
    if (length < 0 || length > config.limits().maxPartSize()) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "part " + partNumber + " of '" + key + "': " + length
          + " bytes is outside 0.." + config.limits().maxPartSize() + " (SinkLimits.maxPartSize)");
    }
  }

  /**
   * HTTP/1.1 sends header values as bytes the client encodes as ISO-8859-1: anything outside printable ASCII
   * would arrive altered (a CJK file name becomes '?'), so it is refused instead of stored wrong.
   */
  private void checkHeader(String key, String name, String value) throws MigrateException {
    int i = ObjectMetadata.unsendableCharAt(value);
    if (i >= 0) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "object '" + key + "': metadata " + name
          + " has a character outside printable ASCII at index " + i + "; COS headers cannot carry it unchanged"
          + " (percent-encode the value, or use RFC 5987 filename*= for Content-Disposition)");
    }
  }

  private void checkMetadataName(String key, String name) throws MigrateException {
    if (!ObjectMetadata.isHeaderToken(name)) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "object '" + key + "': user metadata name '" + name
          + "' is not a valid HTTP header token (letters, digits and !#$%&'*+.^_`|~- only)");
    }
  }

  /** COS metadata for {@code m}, refusing values COS headers cannot carry unchanged. */
  public com.qcloud.cos.model.ObjectMetadata toCos(String key, ObjectMetadata m) throws MigrateException {
    for (var h : Map.of("Content-Type", m.contentType(), "Cache-Control", m.cacheControl(),
        "Content-Disposition", m.contentDisposition(), "Content-Encoding", m.contentEncoding(),
        "Content-Language", m.contentLanguage(), "Expires", m.expires()).entrySet()) {
      if (h.getValue().isPresent()) {
        checkHeader(key, h.getKey(), h.getValue().get());
      }
    }
    for (var u : m.userMetadata().entrySet()) {
      checkMetadataName(key, u.getKey());
      checkHeader(key, "x-cos-meta-" + u.getKey(), u.getValue());
    }
    com.qcloud.cos.model.ObjectMetadata om = new com.qcloud.cos.model.ObjectMetadata();
    m.contentType().ifPresent(om::setContentType);
    m.cacheControl().ifPresent(om::setCacheControl);
    m.contentDisposition().ifPresent(om::setContentDisposition);
    m.contentEncoding().ifPresent(om::setContentEncoding);
    m.contentLanguage().ifPresent(om::setContentLanguage);
    m.expires().ifPresent(v -> om.setHeader("Expires", v));
    m.userMetadata().forEach(om::addUserMetadata);
    Optional<String> sc = m.storageClass().isPresent() ? m.storageClass() : config.defaultStorageClass();
    if (sc.isPresent()) {
      om.setHeader("x-cos-storage-class", StorageClasses.canonicalFor(key, sc.get()));
    }
    Optional<String> sse = m.serverSideEncryption().isPresent() ? m.serverSideEncryption()
        : config.sseCos() ? Optional.of("AES256") : Optional.empty();
    if (sse.isPresent()) {
      String v = sse.get().trim();
      if (!v.equalsIgnoreCase("AES256") && !v.equalsIgnoreCase("SSE-COS")) {
        throw new MigrateException(ErrorKind.INVALID_INPUT, "object '" + key + "': server-side encryption '" + v
            + "' is not supported by this sink; valid: AES256 (SSE-COS)");
      }
      om.setServerSideEncryption("AES256");
    } else if (config.sseKms().isPresent()) {
      CosSinkConfig.SseKms kms = config.sseKms().get();
      om.setServerSideEncryption("cos/kms");
      kms.keyId().ifPresent(id -> om.setHeader("x-cos-server-side-encryption-cos-kms-key-id", id));
      kms.contextHeader().ifPresent(c -> om.setHeader("x-cos-server-side-encryption-context", c));
    }
    return om;
  }
}
