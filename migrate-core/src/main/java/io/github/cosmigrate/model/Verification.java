package io.github.cosmigrate.model;

/**
 * What was proven about a transfer. A mismatch is never a value here: it is thrown as a
 * {@link io.github.cosmigrate.error.MigrateException} of kind {@code INTEGRITY_MISMATCH}, which fails the attempt
 * (the object is retried, and counted failed with that kind when attempts run out), so that a mismatched object is
 * never recorded as migrated.
 */
public enum Verification {
  /** The CRC-64 of what the destination stored equals the CRC-64 of what was read from the source. */
  VERIFIED,
  /**
   * Nothing could be compared (the sink gave no checksum; see {@link PutResult#unverifiableReason()}): the transfer
   * is not known to be wrong, nor proven right.
   */
  UNVERIFIABLE
}
