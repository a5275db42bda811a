package io.github.cosmigrate.model;

/**
 * What was proven about a transfer. A mismatch is never a value here: it is thrown as a
 * {@link io.github.cosmigrate.error.MigrateException} of kind {@code INTEGRITY_MISMATCH}.
 */
public enum Verification {
  /** The sink's CRC-64 of what it stored equals the CRC-64 of what was sent. */
  VERIFIED,
  /** The sink gave no checksum to compare; the transfer is not known to be wrong, nor proven right. */
  UNVERIFIABLE
}
