package io.github.cosmigrate.model;

import java.util.Objects;

/**
 * Identifies one version of a source object. Two fingerprints are equal exactly when the engine may treat the
 * content as unchanged, provided they {@linkplain #identifiesVersion() identify a version} at all: one with neither a
 * modification time nor a version tag (a URL whose server sends no ETag and no Last-Modified) cannot tell two
 * versions apart, so the engine never skips such an object as unchanged; it is sent again on every run.
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

  /** True when a modification time or a version tag tells this version apart from others of the same size. */
  public boolean identifiesVersion() {
    return modifiedMillis != -1 || !version.isEmpty();
  }

  @Override
  public String toString() {
    return "size=" + size + ", mtime=" + modifiedMillis + (version.isEmpty() ? "" : ", version=" + version);
  }
}
