package io.github.cosmigrate.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The ledger's record of one source object's last terminal state. Never holds secrets.
 *
 * @param key the source key
 * @param destinationKey the destination key
 * @param fingerprint the source version the state refers to
 * @param state the terminal state
 * @param reason empty for {@link ObjectState#MIGRATED}; why, for the others
 * @param destinationEtag the sink's ETag after a migration
 * @param crc64 the CRC-64/XZ of the migrated content
 * @param verification how the migrated content was checked
 * @param attempts how many attempts this object has taken, across runs
 * @param updated when this record was written
 */
public record LedgerEntry(
    String key,
    String destinationKey,
    SourceFingerprint fingerprint,
    ObjectState state,
    String reason,
    Optional<String> destinationEtag,
    OptionalLong crc64,
    Optional<Verification> verification,
    int attempts,
    Instant updated) {

  public LedgerEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(destinationKey, "destinationKey");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(destinationEtag, "destinationEtag");
    Objects.requireNonNull(crc64, "crc64");
    Objects.requireNonNull(verification, "verification");
    Objects.requireNonNull(updated, "updated");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must be >= 0");
    }
  }
}
