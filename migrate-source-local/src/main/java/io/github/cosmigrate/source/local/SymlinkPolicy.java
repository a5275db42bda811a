package io.github.cosmigrate.source.local;

/** What the local source does with symbolic links. */
public enum SymlinkPolicy {
  /**
   * Follow links (the default, as the original tool did): a link to a file is migrated as the target's bytes under
   * the link's key; a link to a directory is walked, even when it points outside the root. Loops are detected by
   * (device, inode) against the chain of ancestor directories and reported as failed entries; the same directory
   * reached through two different links (a diamond) is walked twice, once under each key.
   */
  FOLLOW,
  /** Do not follow links: every link is reported as a skipped entry with the reason {@code symlink (policy skip)}. */
  SKIP
}
