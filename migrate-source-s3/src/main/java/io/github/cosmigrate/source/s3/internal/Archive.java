package io.github.cosmigrate.source.s3.internal;

import java.util.Set;

/** Which S3 storage classes cannot be read without a restore, and how a HEAD shows a completed restore. */
public final class Archive {
  /** Storage classes whose objects must be restored before a GET (GLACIER_IR is readable at once). */
  private static final Set<String> NEEDS_RESTORE = Set.of("GLACIER", "DEEP_ARCHIVE");

  /** What the user must do about an archived object. */
  public static final String RESTORE_ADVICE = "the object is archived and cannot be read before it is restored: "
      + "restore it first (S3 RestoreObject or a Batch Operations restore job), wait until the restore completes, "
      + "then run the migration again";

  private Archive() {}

  /** True when objects of {@code storageClass} (as listed) need a restore before they can be read. */
  public static boolean needsRestore(String storageClass) {
    return storageClass != null && NEEDS_RESTORE.contains(storageClass);
  }

  /** True when an {@code x-amz-restore} header value says a restored copy is available. */
  public static boolean restored(String restoreHeader) {
    return restoreHeader != null && restoreHeader.replace(" ", "").contains("ongoing-request=\"false\"");
  }
}
