package io.github.cosmigrate.api;

/** How the engine decides that an object need not be sent again. */
public enum SkipMode {
  /**
   * Skip when the ledger holds a {@code MIGRATED} record of the same source version (size, mtime, version) to the
   * same destination key (reason {@code "unchanged"}; nothing is written). The default. The ledger is read in one
   * bulk lookup per listing page.
   */
  LEDGER,
  /**
   * Skip when the destination already holds the same content: HEAD the key and compare size and CRC-64 (the
   * source's CRC-64 is computed, or taken from the ledger for an unchanged source). Catches objects deleted or
   * changed at the destination behind the tool's back. A skip is counted with reason
   * {@code "same content at destination"}; when the ledger had no CRC-64 for this source version, a
   * {@code SKIPPED} record carrying the computed CRC-64 is written so the next run need not read the source again.
   * A destination without a CRC-64 for the object (or with another size) is never "the same".
   */
  DESTINATION,
  /** Send everything. */
  NONE
}
