package io.github.cosmigrate.source.oss.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Archive-class objects: OSS serves their bytes only after a restore ({@code RestoreObject}) has finished, which
 * shows as {@code x-oss-restore: ongoing-request="false", expiry-date="..."} on a HEAD (and as
 * {@code RestoreInfo} in listings of newer OSS versions).
 */
final class Archive {
  /** The advice in every archive failure. */
  static final String RESTORE_FIRST = "the object is in an archive storage class and must be restored before it"
      + " can be read. Restore it first (OSS console, ossutil restore, or the RestoreObject API), wait until the"
      + " restore has finished (x-oss-restore: ongoing-request=\"false\"), then run the migration again";

  private static final Set<String> CLASSES = Set.of("archive", "coldarchive", "deepcoldarchive");

  private Archive() {}

  /** True for Archive, ColdArchive and DeepColdArchive (any case). */
  static boolean needsRestore(Optional<String> storageClass) {
    return storageClass.map(s -> CLASSES.contains(s.trim().toLowerCase(Locale.ROOT))).orElse(false);
  }

  /** True when a restore state ({@code x-oss-restore} or {@code RestoreInfo}) says a restore has finished. */
  static boolean restored(String restoreState) {
    if (restoreState == null) {
      return false;
    }
    String s = restoreState.replace(" ", "").toLowerCase(Locale.ROOT);
    return s.contains("ongoing-request=\"false\"");
  }

  /** True when a restore state says a restore is running. */
  static boolean restoring(String restoreState) {
    return restoreState != null
        && restoreState.replace(" ", "").toLowerCase(Locale.ROOT).contains("ongoing-request=\"true\"");
  }
}
