package io.github.cosmigrate.model;

import java.util.Objects;

/**
 * Identifies one version of a source object. Two fingerprints are equal exactly when the engine may treat the
 * content as unchanged.
 *
 * @param size length in bytes, or {@link ObjectInfo#UNKNOWN_SIZE} for an object whose size was not known when it
 *     was listed (its mtime and version then tell versions apart)
 * @param modifiedMillis modification time in epoch milliseconds, or {@code -1} when the source has none
 * @param version a source-specific version tag (ETag, version id, or a local file's change time and inode);
 *     empty when the source has none
 */
public record SourceFingerprint(long size, long modifiedMillis, String version) {
  public SourceFingerprint {
    Objects.requireNonNull(version, "version");
  }

  @Override
  public String toString() {
    return "size=" + size + ", mtime=" + modifiedMillis + (version.isEmpty() ? "" : ", version=" + version);
  }
}
