package io.github.cosmigrate.source.oss.internal;

import com.aliyun.oss.model.OSSObjectSummary;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turns OSS SDK results into {@link ObjectInfo}. Modification times are truncated to whole seconds: a listing
 * gives milliseconds, a HEAD or GET only seconds, and the same version must have the same fingerprint.
 */
final class OssObjects {
  private OssObjects() {}

  /** A listed object (no content type, user metadata or CRC-64: the listing has none). */
  static ObjectInfo listed(String relativeKey, OSSObjectSummary s) {
    ObjectMetadata md = s.getStorageClass() == null ? ObjectMetadata.empty()
        : ObjectMetadata.builder().storageClass(s.getStorageClass()).build();
    return new ObjectInfo(relativeKey, s.getSize(), seconds(s.getLastModified()), Optional.ofNullable(s.getETag()),
        OptionalLong.empty(), md);
  }

  /** What a HEAD or GET response says, with its {@code x-oss-hash-crc64ecma} when present. */
  static ObjectInfo observed(String relativeKey, com.aliyun.oss.model.ObjectMetadata m, long size) {
    Long crc = m.getServerCRC();
    return new ObjectInfo(relativeKey, size, seconds(m.getLastModified()), Optional.ofNullable(m.getETag()),
        crc == null ? OptionalLong.empty() : OptionalLong.of(crc), metadata(m));
  }

  /** The object's headers and user metadata. */
  static ObjectMetadata metadata(com.aliyun.oss.model.ObjectMetadata m) {
    Map<String, Object> raw = m.getRawMetadata();
    ObjectMetadata.Builder b = ObjectMetadata.builder()
        .contentType(m.getContentType())
        .cacheControl(m.getCacheControl())
        .contentDisposition(m.getContentDisposition())
        .contentEncoding(m.getContentEncoding())
        .contentLanguage(string(raw.get("Content-Language")))
        .expires(m.getRawExpiresValue())
        .storageClass(string(raw.get("x-oss-storage-class")))
        .serverSideEncryption(m.getServerSideEncryption());
    m.getUserMetadata().forEach(b::putUserMetadata);
    return b.build();
  }

  static Optional<Instant> seconds(Date d) {
    return d == null ? Optional.empty() : Optional.of(d.toInstant().truncatedTo(ChronoUnit.SECONDS));
  }

  private static String string(Object o) {
    return o == null ? null : o.toString();
  }
}
