package io.github.cosmigrate.api;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.model.ObjectState;
import io.github.cosmigrate.model.PutResult;
import java.util.Objects;
import java.util.Optional;

/**
 * The terminal state of one object, as {@link ObjectTransfer#transfer} (and the engine, for each listed object)
 * settled it. Exactly one of: migrated (with the sink's result and how it was verified), skipped (with the reason),
 * failed (with the error kind and the reason). The ledger holds the same record.
 *
 * @param key the source key
 * @param destinationKey the destination key
 * @param state the terminal state
 * @param reason why it was skipped or failed; empty for a migrated object
 * @param errorKind the kind of the failure, for a failed object
 * @param result the sink's result, for a migrated object
 * @param verifiedBy how a migrated object was verified (one of the {@code VERIFIED_*} methods of
 *     {@link MigrationReport}); empty when it is unverifiable, with the reason in the result's
 *     {@link PutResult#unverifiableReason()}
 * @param attempts attempts made in this run
 */
public record TransferOutcome(
    String key,
    String destinationKey,
    ObjectState state,
    String reason,
    Optional<ErrorKind> errorKind,
    Optional<PutResult> result,
    Optional<String> verifiedBy,
    int attempts) {

  public TransferOutcome {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(destinationKey, "destinationKey");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(errorKind, "errorKind");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(verifiedBy, "verifiedBy");
  }

  public static TransferOutcome migrated(String key, String destKey, PutResult r, String verifiedBy, int attempts) {
    return new TransferOutcome(key, destKey, ObjectState.MIGRATED, "", Optional.empty(), Optional.of(r),
        Optional.ofNullable(verifiedBy), attempts);
  }

  public static TransferOutcome skipped(String key, String destKey, String reason, int attempts) {
    return new TransferOutcome(key, destKey, ObjectState.SKIPPED, reason, Optional.empty(), Optional.empty(),
        Optional.empty(), attempts);
  }

  public static TransferOutcome failed(String key, String destKey, ErrorKind kind, String reason, int attempts) {
    return new TransferOutcome(key, destKey, ObjectState.FAILED, reason, Optional.of(kind), Optional.empty(),
        Optional.empty(), attempts);
  }
}
