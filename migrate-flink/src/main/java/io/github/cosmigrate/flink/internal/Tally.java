package io.github.cosmigrate.flink.internal;

import io.github.cosmigrate.api.FailedObject;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.model.ObjectState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The job report being merged from every worker's object results: counts, bytes, verification and skip/failure
 * reasons, the first {@value #MAX_FAILURES} failures. Serializable for the report operator's checkpointed state and
 * for the trip to the client. Not thread-safe.
 */
public final class Tally implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Failures kept with their reasons; the rest are counted only. */
  public static final int MAX_FAILURES = 1000;

  long migrated;
  long skipped;
  long failed;
  long verified;
  long unverifiable;
  long bytes;
  String listingError;
  long throttled;
  int lowestShare;
  boolean finished;
  final TreeMap<String, Long> skippedByReason = new TreeMap<>();
  final TreeMap<String, Long> failedByReason = new TreeMap<>();
  final TreeMap<String, Long> verifiedBy = new TreeMap<>();
  final TreeMap<String, Long> unverifiableByReason = new TreeMap<>();
  final ArrayList<String[]> failures = new ArrayList<>();

  /** Adds one object's terminal state (or the listing's early stop). */
  public void add(ObjectResult r) {
    throttled += r.throttled;
    if (r.lowestShare > 0) {
      lowestShare = lowestShare == 0 ? r.lowestShare : Math.min(lowestShare, r.lowestShare);
    }
    if (ObjectResult.LISTING_STOPPED.equals(r.state)) {
      listingError = listingError == null ? r.reason : listingError;
      return;
    }
    switch (ObjectState.valueOf(r.state)) {
      case MIGRATED -> {
        migrated++;
        bytes += r.bytes;
        if (r.verifiedBy != null) {
          verified++;
          verifiedBy.merge(r.verifiedBy, 1L, Long::sum);
        } else {
          unverifiable++;
          unverifiableByReason.merge(r.unverifiableReason == null ? MigrationReport.UNVERIFIABLE_NO_SINK_CRC
              : r.unverifiableReason, 1L, Long::sum);
        }
      }
      case SKIPPED -> {
        skipped++;
        skippedByReason.merge(r.reason, 1L, Long::sum);
      }
      case FAILED -> {
        failed++;
        failedByReason.merge(r.errorKind, 1L, Long::sum);
        if (failures.size() < MAX_FAILURES) {
          failures.add(new String[] {r.key, r.errorKind, r.reason});
        }
      }
    }
  }

  /** Marks this tally as the job's last: every input has ended. */
  public void finish() {
    finished = true;
  }

  /** True for the tally emitted once all input has ended; false for a progress tally. */
  public boolean finished() {
    return finished;
  }

  /** THROTTLED answers (SlowDown, 503) the workers' sinks got, over the objects counted. */
  public long throttled() {
    return throttled;
  }

  /** The fewest objects in flight any worker had backed off to, or 0 when no object was transferred. */
  public int lowestShare() {
    return lowestShare;
  }

  /** The report of the whole job. */
  public MigrationReport report(Duration elapsed) {
    List<FailedObject> f = new ArrayList<>();
    for (String[] x : failures) {
      f.add(new FailedObject(x[0], ErrorKind.valueOf(x[1]), x[2]));
    }
    return new MigrationReport(migrated, skipped, failed, verified, unverifiable, bytes, listingError == null,
        Optional.ofNullable(listingError), Map.copyOf(skippedByReason), Map.copyOf(failedByReason), f, elapsed,
        Map.of(), Map.copyOf(verifiedBy), Map.copyOf(unverifiableByReason));
  }

  /** Java serialization of this tally. */
  public byte[] toBytes() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(b)) {
      out.writeObject(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.toByteArray();
  }

  /** A tally from {@link #toBytes()}. */
  public static Tally fromBytes(byte[] bytes) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return (Tally) in.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
