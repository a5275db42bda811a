package io.github.cosmigrate.api;

import java.time.Duration;
import java.util.Optional;

/**
 * Counters of a migration at one moment.
 *
 * @param listed objects listed so far (found, skipped or failed by the source)
 * @param migrated objects migrated
 * @param skipped objects skipped
 * @param failed objects failed
 * @param bytesListed total size of the objects found so far
 * @param bytesTransferred bytes sent to the sink so far (parts and puts that succeeded)
 * @param bytesPerSecond recent transfer rate
 * @param eta estimated time left, when the listing is complete and a rate is known
 * @param listingComplete whether the source listing has reached its end
 * @param elapsed time since the start
 * @param retries attempts scheduled again after a retryable failure so far (objects, parts, completions, listing
 *     pages; see {@link MigrationReport#retries()})
 */
public record ProgressSnapshot(
    long listed,
    long migrated,
    long skipped,
    long failed,
    long bytesListed,
    long bytesTransferred,
    double bytesPerSecond,
    Optional<Duration> eta,
    boolean listingComplete,
    Duration elapsed,
    long retries) {

  /** A snapshot without a retry count (as before it existed): 0. */
  public ProgressSnapshot(long listed, long migrated, long skipped, long failed, long bytesListed,
      long bytesTransferred, double bytesPerSecond, Optional<Duration> eta, boolean listingComplete,
      Duration elapsed) {
    this(listed, migrated, skipped, failed, bytesListed, bytesTransferred, bytesPerSecond, eta, listingComplete,
        elapsed, 0);
  }

  /** Objects that have reached a terminal state. */
  public long done() {
    return migrated + skipped + failed;
  }
}
