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
 * @param size length in bytes, {@code >= 0}; or {@link #UNKNOWN_SIZE} when a source cannot know it before it reads
 *     the object (an HTTP body sent chunked, without {@code Content-Length}): test with {@link #sizeKnown()} before
 *     doing arithmetic with it. The engine streams such an object from one sequential read (a single put when it
 *     ends within the first part, else a multipart upload of parts filled as they are read) and never resumes it
 *     mid-way. A sink's {@code stat} always knows its sizes, and puts and parts are given their lengths
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

  /**
   * The {@code size} of an object whose length is not known before it is read (see {@link #sizeKnown()}). Its
   * fingerprint then carries this value as its size, so two listings of the same unknown-size version compare equal
   * by Last-Modified and ETag.
   */
  public static final long UNKNOWN_SIZE = -1;

  public ObjectInfo {
    Objects.requireNonNull(key, "key");
    if (size < 0 && size != UNKNOWN_SIZE) {
      throw new IllegalArgumentException("size must be >= 0 (or UNKNOWN_SIZE) for " + key + ", was " + size);
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

  /** False when {@link #size()} is {@link #UNKNOWN_SIZE}: the length is learnt only by reading the object. */
  public boolean sizeKnown() {
    return size != UNKNOWN_SIZE;
  }

  public ObjectInfo withKey(String newKey) {
    return new ObjectInfo(newKey, size, lastModified, etag, crc64, metadata, versionId);
  }

  public ObjectInfo withMetadata(ObjectMetadata m) {
    return new ObjectInfo(key, size, lastModified, etag, crc64, m, versionId);
  }

  /**
   * The fingerprint that identifies this version of the object: size, mtime and ETag (for an object of unknown size,
   * {@link #UNKNOWN_SIZE}, so that only mtime and ETag tell versions apart). The version id is left out:
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
