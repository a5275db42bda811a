package io.github.cosmigrate.api;

/** How the engine decides that an object need not be sent again. */
public enum SkipMode {
  /** Skip when the ledger says the same source version (size, mtime, version) was migrated. The default. */
  LEDGER,
  /**
   * Skip when the destination already holds the same content: HEAD the key and compare size and CRC-64 (the
   * source's CRC-64 is computed, or taken from the ledger for an unchanged source). Catches objects deleted or
   * changed at the destination behind the tool's back.
   */
  DESTINATION,
  /** Send everything. */
  NONE
}
