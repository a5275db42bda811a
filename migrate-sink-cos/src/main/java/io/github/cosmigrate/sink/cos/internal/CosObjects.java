package io.github.cosmigrate.sink.cos.internal;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link ObjectInfo}s from cos_api's object metadata (a HEAD or GET answer), shared by the COS sink and the COS
 * source so that both read an object the same way.
 */
public final class CosObjects {
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private CosObjects() {}

  /**
   * The object {@code key} as a HEAD or GET answer describes it: size, modification time, ETag, CRC-64, headers,
   * user metadata, storage class (canonical COS name) and SSE, and the version id in a versioned bucket.
   */
  public static ObjectInfo info(String key, com.qcloud.cos.model.ObjectMetadata m) {
    ObjectMetadata.Builder b = ObjectMetadata.builder()
        .contentType(m.getContentType())
        .cacheControl(m.getCacheControl())
        .contentDisposition(m.getContentDisposition())
        .contentEncoding(m.getContentEncoding())
        .contentLanguage(m.getContentLanguage())
        .userMetadata(m.getUserMetadata() == null ? Map.of() : m.getUserMetadata())
        .serverSideEncryption(m.getServerSideEncryption());
    Object rawExpires = m.getRawMetadataValue("Expires");
    if (rawExpires != null) {
      b.expires(rawExpires.toString());
    } else if (m.getHttpExpiresDate() != null) {
      b.expires(HTTP_DATE.format(m.getHttpExpiresDate().toInstant()));
    }
    String sc = m.getStorageClass();
    if (sc != null && !sc.isBlank()) {
      b.storageClass(StorageClasses.canonical(sc).orElse(sc));
    }
    Date lm = m.getLastModified();
    return new ObjectInfo(key, m.getContentLength(), Optional.ofNullable(lm).map(Date::toInstant),
        Optional.ofNullable(m.getETag()), crc(m.getCrc64Ecma()), b.build(),
        Optional.ofNullable(m.getVersionId()).filter(v -> !v.isBlank() && !v.equals("null")));
  }

  /** An {@code x-cos-hash-crc64ecma} value (unsigned decimal), or empty when absent or unreadable. */
  public static OptionalLong crc(String header) {
    if (header == null || header.isBlank()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Crc64.parseUnsigned(header.trim()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
