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
    Duration elapsed) {

  /** Objects that have reached a terminal state. */
  public long done() {
    return migrated + skipped + failed;
  }
}
