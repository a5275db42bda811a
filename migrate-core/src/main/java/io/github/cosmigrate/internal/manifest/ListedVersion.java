package io.github.cosmigrate.internal.manifest;

import io.github.cosmigrate.model.ObjectInfo;

/**
 * Compares the version a manifest listed with what the store holds now, on the fields the manifest has: size,
 * ETag (without regard to case: stores spell hex digests either way) and version id; the modification time only
 * when the manifest has no ETag (a manifest's time and the store's may differ in precision, an ETag identifies the
 * content).
 */
public final class ListedVersion {
  private ListedVersion() {}

  /** How {@code now} differs from {@code listed}, or null when it is the listed version as far as one can tell. */
  public static String difference(ObjectInfo listed, ObjectInfo now) {
    StringBuilder s = new StringBuilder();
    if (listed.size() != now.size()) {
      s.append("size ").append(listed.size()).append(" → ").append(now.size());
    }
    if (listed.etag().isPresent() && now.etag().isPresent()
        && !listed.etag().get().equalsIgnoreCase(now.etag().get())) {
      sep(s).append("ETag ").append(listed.etag().get()).append(" → ").append(now.etag().get());
    }
    if (listed.versionId().isPresent() && now.versionId().isPresent()
        && !listed.versionId().get().equals(now.versionId().get())) {
      sep(s).append("version ").append(listed.versionId().get()).append(" → ").append(now.versionId().get());
    }
    if (listed.etag().isEmpty() && listed.lastModified().isPresent() && now.lastModified().isPresent()
        && !listed.lastModified().get().equals(now.lastModified().get())) {
      sep(s).append("modified ").append(listed.lastModified().get()).append(" → ")
          .append(now.lastModified().get());
    }
    return s.length() == 0 ? null : s.toString();
  }

  private static StringBuilder sep(StringBuilder s) {
    return s.length() == 0 ? s : s.append(", ");
  }

  /**
   * The listed identity (key, size, modification time, ETag, so the fingerprint stays the one listed) with what
   * only the store knows: its metadata, its version id and CRC-64 where the manifest had none.
   */
  public static ObjectInfo merged(ObjectInfo listed, ObjectInfo now) {
    return new ObjectInfo(listed.key(), listed.size(), listed.lastModified(), listed.etag(),
        listed.crc64().isPresent() ? listed.crc64() : now.crc64(), now.metadata(),
        listed.versionId().isPresent() ? listed.versionId() : now.versionId());
  }
}
