package io.github.cosmigrate.flink.internal;

import io.github.cosmigrate.api.TransferOutcome;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.model.ObjectState;
import io.github.cosmigrate.model.Verification;

/**
 * The terminal state of one listed object as a transfer operator settled it, for the job report; or the listing's
 * early stop. A Flink POJO.
 */
public final class ObjectResult {
  /** {@code MIGRATED}, {@code SKIPPED}, {@code FAILED}, or {@link #LISTING_STOPPED}. */
  public String state;
  public String key;
  /** Why it was skipped or failed (or why the listing stopped). */
  public String reason;
  /** The error kind of a failure. */
  public String errorKind;
  /** Bytes sent to the sink. */
  public long bytes;
  /** How a migrated object was verified, or null when it is unverifiable. */
  public String verifiedBy;
  /** Why a migrated object is unverifiable, or null. */
  public String unverifiableReason;
  /** THROTTLED answers (SlowDown, 503) the worker's sink got while transferring this object (each retried). */
  public int throttled;
  /** The fewest objects in flight the worker had backed off to when this object finished, or 0 (not known). */
  public int lowestShare;

  public static final String LISTING_STOPPED = "LISTING_STOPPED";

  public ObjectResult() {}

  public static ObjectResult of(TransferOutcome o, long bytes) {
    ObjectResult r = new ObjectResult();
    r.state = o.state().name();
    r.key = o.key();
    r.reason = o.reason();
    r.errorKind = o.errorKind().map(ErrorKind::name).orElse(null);
    r.bytes = o.state() == ObjectState.MIGRATED ? bytes : 0;
    r.verifiedBy = o.verifiedBy().orElse(null);
    r.unverifiableReason = o.result().filter(p -> p.verification() == Verification.UNVERIFIABLE)
        .map(p -> p.unverifiableReason().orElse(io.github.cosmigrate.api.MigrationReport.UNVERIFIABLE_NO_SINK_CRC))
        .orElse(null);
    return r;
  }

  public static ObjectResult skipped(String key, String reason) {
    ObjectResult r = new ObjectResult();
    r.state = ObjectState.SKIPPED.name();
    r.key = key;
    r.reason = reason;
    return r;
  }

  public static ObjectResult failed(String key, ErrorKind kind, String reason) {
    ObjectResult r = new ObjectResult();
    r.state = ObjectState.FAILED.name();
    r.key = key;
    r.reason = reason;
    r.errorKind = kind.name();
    return r;
  }

  public static ObjectResult listingStopped(String reason) {
    ObjectResult r = new ObjectResult();
    r.state = LISTING_STOPPED;
    r.key = "";
    r.reason = reason;
    return r;
  }

  @Override
  public String toString() {
    return "ObjectResult[" + state + " " + key + "]";
  }
}
