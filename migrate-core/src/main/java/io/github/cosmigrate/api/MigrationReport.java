package io.github.cosmigrate.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of a run. Every listed object is counted in exactly one of migrated, skipped and failed.
 *
 * <p>Ledger records: migrated and failed objects are recorded (failed ones with their attempts across runs and
 * the reason, prefixed by the error kind); objects skipped as unchanged already have their record; entries the
 * source itself skipped (filters) are counted here but not written to the ledger.
 *
 * @param migrated objects sent and recorded
 * @param skipped objects not sent, with their reasons counted in {@code skippedByReason}
 * @param failed objects that failed, with their reasons counted in {@code failedByReason}
 * @param verified migrated objects whose CRC-64 the sink confirmed
 * @param unverifiable migrated objects the sink gave no checksum for
 * @param bytesTransferred bytes sent to the sink
 * @param listingComplete whether the source listing reached its end; false makes the run unsuccessful
 * @param listingError why the listing stopped early, when it did
 * @param skippedByReason counts by reason
 * @param failedByReason counts by error kind (the kind's name; the full reasons are in {@code failures} and the
 *     failures file)
 * @param failures the first failures (at most a bounded number; the failures file holds them all)
 * @param elapsed wall time of the run
 * @param metadataNotes how many objects had their metadata changed to suit COS, by note (a source storage class
 *     mapped or dropped, a source SSE dropped, user metadata COS cannot carry dropped); at most a bounded number
 *     of distinct notes, the rest counted under {@code "(other reasons)"}
 */
public record MigrationReport(
    long migrated,
    long skipped,
    long failed,
    long verified,
    long unverifiable,
    long bytesTransferred,
    boolean listingComplete,
    Optional<String> listingError,
    Map<String, Long> skippedByReason,
    Map<String, Long> failedByReason,
    List<FailedObject> failures,
    Duration elapsed,
    Map<String, Long> metadataNotes) {

  public MigrationReport {
    skippedByReason = Map.copyOf(skippedByReason);
    failedByReason = Map.copyOf(failedByReason);
    failures = List.copyOf(failures);
    metadataNotes = Map.copyOf(metadataNotes);
  }

  /** True exactly when the listing completed and no object failed. */
  public boolean success() {
    return listingComplete && failed == 0;
  }

  /** Objects counted. */
  public long total() {
    return migrated + skipped + failed;
  }
}
