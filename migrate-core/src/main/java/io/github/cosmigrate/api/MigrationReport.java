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
 * @param verified migrated objects whose content was proven equal to the source's (see {@code verifiedBy})
 * @param unverifiable migrated objects nothing could be compared for (see {@code unverifiableByReason}); an object
 *     whose CRC-64 differs is never migrated: it fails with {@code INTEGRITY_MISMATCH} (counted in
 *     {@code failedByReason})
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
 * @param verifiedBy the verified objects counted by how they were verified: {@value #VERIFIED_END_TO_END} (the
 *     sink's CRC-64 of what it stored equals the CRC-64 of the bytes read from the source) or
 *     {@value #VERIFIED_AGAINST_SOURCE} (that, and the source's own CRC-64, listed or observed, equals it too) or
 *     {@value #VERIFIED_SERVER_SIDE_COPY} (copied by the service without passing through this process, and the
 *     CRC-64 the sink reports for the copy equals the source's) or {@value #VERIFIED_CONTENT_REREAD} (the sink gave no
 *     checksum, and with {@link VerifyMode#REREAD} the stored object was read back and its CRC-64 equals the
 *     source's); the counts add up to {@code verified}. A server-side copy adds nothing to {@code bytesTransferred}
 * @param unverifiableByReason the unverifiable objects counted by why, e.g. {@code "the endpoint returned no
 *     x-cos-hash-crc64ecma"}; the counts add up to {@code unverifiable}
 * @param updated of the migrated objects, those that replaced a version an earlier run had migrated (the source
 *     changed since); the others were new
 * @param retries attempts the engine scheduled again after a retryable failure (of an object, a part, a
 *     completion, or a listing page); retries inside a plugin's client are not counted
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
    Map<String, Long> metadataNotes,
    Map<String, Long> verifiedBy,
    Map<String, Long> unverifiableByReason,
    long updated,
    long retries) {

  /** Skip reason: the ledger records this version of the object as migrated by an earlier run. */
  public static final String SKIPPED_UNCHANGED = "unchanged";
  /** Skip reason ({@link SkipMode#DESTINATION}): the destination already holds the same content. */
  public static final String SKIPPED_SAME_AT_DESTINATION = "same content at destination";

  /** Verification method: the sink's CRC-64 equals the CRC-64 of the bytes read and sent. */
  public static final String VERIFIED_END_TO_END = "crc64 end to end";
  /** Verification method: the source's CRC-64 (e.g. OSS {@code x-oss-hash-crc64ecma}) equals the sink's too. */
  public static final String VERIFIED_AGAINST_SOURCE = "source crc64 equality";
  /** Verification method: a server-side copy whose CRC-64 at the sink equals the source's (COS to COS). */
  public static final String VERIFIED_SERVER_SIDE_COPY = "server-side copy, source crc64 equality";
  /**
   * Verification method with client-side encryption ({@link io.github.cosmigrate.spi.capability.TransformsContent}):
   * the sink's CRC-64 of the stored ciphertext equals the CRC-64 of the ciphertext sent; the plaintext was not
   * compared with the source's.
   */
  public static final String VERIFIED_SENT_CIPHERTEXT = "crc64 of the ciphertext sent (client-side encryption)";
  /** Verification method: the stored object read back (GET), its CRC-64 equal to the source's. */
  public static final String VERIFIED_CONTENT_REREAD = "content re-read";
  /** Why an object is unverifiable when the sink gave no checksum and no reason of its own. */
  public static final String UNVERIFIABLE_NO_SINK_CRC = "the destination returned no CRC-64";

  public MigrationReport {
    verifiedBy = Map.copyOf(verifiedBy);
    unverifiableByReason = Map.copyOf(unverifiableByReason);
    skippedByReason = Map.copyOf(skippedByReason);
    failedByReason = Map.copyOf(failedByReason);
    failures = List.copyOf(failures);
    metadataNotes = Map.copyOf(metadataNotes);
  }

  /** A report without the counts of updated objects and retries (as before they existed): both 0. */
  public MigrationReport(long migrated, long skipped, long failed, long verified, long unverifiable,
      long bytesTransferred, boolean listingComplete, Optional<String> listingError, Map<String, Long> skippedByReason,
      Map<String, Long> failedByReason, List<FailedObject> failures, Duration elapsed, Map<String, Long> metadataNotes,
      Map<String, Long> verifiedBy, Map<String, Long> unverifiableByReason) {
    this(migrated, skipped, failed, verified, unverifiable, bytesTransferred, listingComplete, listingError,
        skippedByReason, failedByReason, failures, elapsed, metadataNotes, verifiedBy, unverifiableByReason, 0, 0);
  }

  /** A report without reasons for unverifiable objects (as before {@code unverifiableByReason} existed). */
  public MigrationReport(long migrated, long skipped, long failed, long verified, long unverifiable,
      long bytesTransferred, boolean listingComplete, Optional<String> listingError, Map<String, Long> skippedByReason,
      Map<String, Long> failedByReason, List<FailedObject> failures, Duration elapsed, Map<String, Long> metadataNotes,
      Map<String, Long> verifiedBy) {
    this(migrated, skipped, failed, verified, unverifiable, bytesTransferred, listingComplete, listingError,
        skippedByReason, failedByReason, failures, elapsed, metadataNotes, verifiedBy, Map.of());
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
