package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.api.MigrationListener;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.TransferOutcome;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.internal.retry.RetryPolicy;
import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectState;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.SourceFingerprint;
import io.github.cosmigrate.spi.Ledger;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns an object into its terminal state: the ledger record, the counters, the output files and
 * the listener, and the {@link TransferOutcome} left on the task. Each method settles an object once; the
 * {@code onTerminal} callback then frees what the object held (its admission, bytes and upload slot). An admitted
 * object's end is reported to the {@link ListingWatermark} first (a migrated object that completes the lowest
 * listing segment saves the listing position in the batch of its own record). Thread-safe.
 */
final class Settlement {
  private static final Logger LOG = LoggerFactory.getLogger("io.github.cosmigrate.pipeline");
  private static final SourceFingerprint NO_FINGERPRINT = new SourceFingerprint(0, -1, "");

  private final Ledger ledger;
  private final Clock clock;
  private final Stats stats;
  private final MigrationListener listener;
  private final Supplier<OutputFiles> out;
  private final Consumer<Throwable> stop;
  private final Consumer<ObjectTask> onTerminal;
  private final ListingWatermark watermark;

  Settlement(Ledger ledger, Clock clock, Stats stats, MigrationListener listener, Supplier<OutputFiles> out,
      Consumer<Throwable> stop, Consumer<ObjectTask> onTerminal, ListingWatermark watermark) {
    this.ledger = ledger;
    this.clock = clock;
    this.stats = stats;
    this.listener = listener;
    this.out = out;
    this.stop = stop;
    this.onTerminal = onTerminal;
    this.watermark = watermark;
  }

  Stats stats() {
    return stats;
  }

  MigrationListener listener() {
    return listener;
  }

  /**
   * An attempt (of an object, a part or a completion; {@code what} names it) is scheduled again: counted, and the
   * listener hears of it. The one place retries are counted.
   */
  void retryScheduled(String what, int nextAttempt, java.time.Duration delay, String reason) {
    stats.retries.increment();
    listener.retryScheduled(what, nextAttempt, delay, reason);
  }

  /** The listener hears once that the object started. */
  void started(ObjectTask t) {
    if (!t.started) {
      t.started = true;
      listener.objectStarted(t.info.key(), t.info.size());
    }
  }

  private static int attemptsAcrossRuns(ObjectTask t) {
    return Math.max(1, t.attempts) + (t.previous != null && t.previous.state() == ObjectState.FAILED
        ? t.previous.attempts() : 0);
  }

  /** Records a migrated object; throws when the ledger write fails (the caller retries the object). */
  void migrated(ObjectTask t, PutResult r, String verifiedBy) throws IOException {
    int attempts = t.attempts + (t.previous != null && t.previous.state() == ObjectState.FAILED
        ? t.previous.attempts() : 0);
    LedgerEntry entry = new LedgerEntry(t.info.key(), t.destKey, t.info.fingerprint(), ObjectState.MIGRATED, "",
        Optional.of(r.etag()), OptionalLong.of(r.crc64()), Optional.of(r.verification()), attempts,
        clock.instant());
    // the object that completes the lowest listing segment saves the listing position in the same batch
    ListingWatermark.Claim claim = watermark.claim(t.segment);
    Ledger.Batch batch = new Ledger.Batch().put(entry).clearCheckpoint(entry.key());
    watermark.addTo(batch, claim);
    try {
      ledger.write(batch);
    } catch (IOException | RuntimeException e) {
      watermark.unclaim(claim);
      throw e;
    }
    stats.migrated.increment();
    if (t.previous != null && t.previous.state() == ObjectState.MIGRATED) {
      stats.updated.increment();
    }
    stats.bytesSettled.add(Math.max(0, t.info.size())); // as listed: an unknown size was listed as 0 bytes
    String unverifiable = verifiedBy == null
        ? r.unverifiableReason().orElse(MigrationReport.UNVERIFIABLE_NO_SINK_CRC) : null;
    stats.verified(verifiedBy, unverifiable);
    OutputFiles o = out.get();
    if (o != null) {
      o.finished(t.info.key(), t.size(), t.info.fingerprint().modifiedMillis());
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("migrated {} -> {} ({} bytes, crc64 {}, {})", t.info.key(), t.destKey, t.size(),
          Long.toUnsignedString(r.crc64()), verifiedBy == null ? "unverifiable: " + unverifiable : verifiedBy);
    }
    listener.objectCompleted(t.info.key(), t.size(), r);
    end(t, TransferOutcome.migrated(t.info.key(), t.destKey, r, verifiedBy, t.attempts), claim);
  }

  /** An admitted object skipped (the destination holds the same content). */
  void skipped(ObjectTask t, String reason) {
    stats.skipped(reason, t.info.size());
    listener.objectSkipped(t.info.key(), reason);
    end(t, TransferOutcome.skipped(t.info.key(), t.destKey, reason, t.attempts), null);
  }

  /** A listed object skipped before admission (unchanged, or skipped by the source itself); writes nothing. */
  TransferOutcome skippedListed(String key, String destKey, String reason, long size) {
    stats.skipped(reason, size);
    listener.objectSkipped(key, reason);
    return TransferOutcome.skipped(key, destKey, reason, 0);
  }

  /** An admitted object failed for good. */
  void failed(ObjectTask t, ErrorKind kind, String reason) {
    writeFailedEntry(t.info.key(), t.destKey, t.info.fingerprint(), reason, kind, attemptsAcrossRuns(t));
    stats.failed(t.info.key(), kind, reason, t.info.size());
    OutputFiles o = out.get();
    if (o != null) {
      o.failed(t.info.key(), kind.name(), reason, Math.max(1, t.attempts));
    }
    LOG.debug("failed {}: {} {}", t.info.key(), kind, reason);
    started(t);
    listener.objectFailed(t.info.key(), kind, reason);
    watermark.failed(t.segment); // the saved listing position never passes a failure (see ListingWatermark)
    end(t, TransferOutcome.failed(t.info.key(), t.destKey, kind, reason, Math.max(1, t.attempts)), null);
  }

  /** A failure found while listing or admitting ({@code info} null when the source gave none): no transfer. */
  TransferOutcome failedListed(String key, ErrorKind kind, String reason, ObjectInfo info, String destKey) {
    SourceFingerprint fp = info == null ? NO_FINGERPRINT : info.fingerprint();
    writeFailedEntry(key, destKey, fp, reason, kind, 1);
    stats.failed(key, kind, reason, info == null ? 0 : info.size());
    OutputFiles o = out.get();
    if (o != null) {
      o.failed(key, kind.name(), reason, 1);
    }
    listener.objectFailed(key, kind, reason);
    return TransferOutcome.failed(key, destKey, kind, reason, 1);
  }

  private void writeFailedEntry(String key, String destKey, SourceFingerprint fp, String reason, ErrorKind kind,
      int attempts) {
    try {
      ledger.record(new LedgerEntry(key, destKey, fp, ObjectState.FAILED, kind.name() + ": " + reason,
          Optional.empty(), OptionalLong.empty(), Optional.empty(), attempts, clock.instant()));
    } catch (IOException | RuntimeException e) {
      if (MigrateException.kindOf(e).fatalToRun()) {
        stop.accept(e);
      } else {
        LOG.warn("cannot record the failure of '{}' in the ledger: {}", key, RetryPolicy.reason(e));
      }
    }
  }

  private void end(ObjectTask t, TransferOutcome o, ListingWatermark.Claim claim) {
    t.outcome = o;
    watermark.done(t.segment, claim);
    onTerminal.accept(t);
  }
}
