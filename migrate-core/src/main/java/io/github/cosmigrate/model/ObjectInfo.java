package io.github.cosmigrate.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a source or sink knows about one object.
 *
 * @param key the object's key: for a source, relative to its root or prefix, with {@code /} separators and no
 *     leading {@code /}; for a sink, the full destination key
 * @param size length in bytes, {@code >= 0}
 * @param lastModified modification time, when known
 * @param etag the store's entity tag without quotes, when it has one (a multipart ETag is not an MD5)
 * @param crc64 the CRC-64/XZ of the content as an unsigned 64-bit value in a {@code long}, when known
 * @param metadata headers and user metadata
 * @param versionId the store's version id of this version, in a versioned bucket
 */
public record ObjectInfo(
    String key,
    long size,
    Optional<Instant> lastModified,
    Optional<String> etag,
    OptionalLong crc64,
    ObjectMetadata metadata,
    Optional<String> versionId) {

  public ObjectInfo {
    Objects.requireNonNull(key, "key");
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0 for " + key + ", was " + size);
    }
    Objects.requireNonNull(lastModified, "lastModified");
    etag = Objects.requireNonNull(etag, "etag").map(ObjectInfo::unquoteEtag);
    Objects.requireNonNull(crc64, "crc64");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(versionId, "versionId");
  }

  /** An object of an unversioned store. */
  public ObjectInfo(String key, long size, Optional<Instant> lastModified, Optional<String> etag, OptionalLong crc64,
      ObjectMetadata metadata) {
    this(key, size, lastModified, etag, crc64, metadata, Optional.empty());
  }

  /** An object with only a key, a size and a modification time. */
  public static ObjectInfo of(String key, long size, Instant lastModified) {
    return new ObjectInfo(key, size, Optional.of(lastModified), Optional.empty(), OptionalLong.empty(),
        ObjectMetadata.empty());
  }

  public ObjectInfo withKey(String newKey) {
    return new ObjectInfo(newKey, size, lastModified, etag, crc64, metadata, versionId);
  }

  public ObjectInfo withMetadata(ObjectMetadata m) {
    return new ObjectInfo(key, size, lastModified, etag, crc64, m, versionId);
  }

  /**
   * The fingerprint that identifies this version of the object: size, mtime and ETag. The version id is left out:
   * a listing (S3's ListObjectsV2) does not return it while a HEAD does, and the same version must compare equal
   * either way; it pins reads instead.
   */
  public SourceFingerprint fingerprint() {
    return new SourceFingerprint(size, lastModified.map(Instant::toEpochMilli).orElse(-1L), etag.orElse(""));
  }

  /**
   * An ETag without the double quotes HTTP sends around it ({@code "abc"} becomes {@code abc}; {@code W/"abc"}
   * and unquoted values are returned as they are); {@code null} becomes {@code ""}. The one rule every source and
   * sink uses.
   */
  public static String unquoteEtag(String s) {
    if (s == null) {
      return "";
    }
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
  }
}
