package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.internal.metadata.MetadataPolicy;
import io.github.cosmigrate.internal.retry.RetryPolicy;
import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.ObjectState;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.SourceFingerprint;
import io.github.cosmigrate.model.SourceRead;
import io.github.cosmigrate.model.UploadCheckpoint;
import io.github.cosmigrate.model.Verification;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.RateLimiter;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.capability.TransformsContent;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the per-object transfers ({@link SmallTransfer}, {@link MultipartTransfer}) share: the guarded source, the
 * sink, the ledger, the retry policy, the request limits, the scheduler and the settlement, and the rules every
 * transfer applies (error handling per the one {@link RetryPolicy}, the source re-check, the CRC-64 comparison with
 * the source's, the metadata mapping, the destination-skip check, the server-side copy rule). One per engine run or
 * per direct transfer.
 */
final class ObjectFlow {
  static final Logger LOG = LoggerFactory.getLogger("io.github.cosmigrate.pipeline");
  static final String REASON_SAME_AT_DESTINATION = MigrationReport.SKIPPED_SAME_AT_DESTINATION;

  final SourceGuard source;
  final Sink sink;
  final Ledger ledger;
  final MigrationOptions opt;
  final RetryPolicy policy;
  final RequestLimits limits;
  final Scheduler sched;
  final Settlement settle;
  final ByteBudget budget;
  final Clock clock;
  private final RateLimiter bandwidth;
  private final MetadataPolicy metadataPolicy;
  /** Receives the checkpoint of an object skipped before its upload was resumed (to be aborted). */
  final Consumer<UploadCheckpoint> staleCheckpoint;
  /** The server-side copy rule of this run. */
  final ServerSideCopy copies;
  /** The re-read rule of this run ({@link io.github.cosmigrate.api.VerifyMode#REREAD}). */
  final ContentReread reread;
  /** The sink stores other bytes than the source's ({@link TransformsContent}): no source CRC-64 comparison. */
  private final boolean transformed;

  ObjectFlow(SourceGuard source, Sink sink, Ledger ledger, MigrationOptions opt, RetryPolicy policy,
      RequestLimits limits, Scheduler sched, Settlement settle, ByteBudget budget, RateLimiter bandwidth, Clock clock,
      Consumer<UploadCheckpoint> staleCheckpoint) {
    this.source = source;
    this.sink = sink;
    this.ledger = ledger;
    this.opt = opt;
    this.policy = policy;
    this.limits = limits;
    this.sched = sched;
    this.settle = settle;
    this.budget = budget;
    this.bandwidth = bandwidth;
    this.clock = clock;
    this.staleCheckpoint = staleCheckpoint;
    this.metadataPolicy = new MetadataPolicy(opt.defaultMetadata(), opt.provenance());
    this.copies = new ServerSideCopy(sink, source);
    this.reread = new ContentReread(sink, opt.verify());
    this.transformed = sink.capability(TransformsContent.class).isPresent();
  }

  /**
   * {@link #verify(String, OptionalLong, PutResult)}, except that a sink that {@link TransformsContent} verifies
   * only the bytes it sent ({@value MigrationReport#VERIFIED_SENT_CIPHERTEXT}).
   */
  String verified(String key, OptionalLong sourceCrc, PutResult r) throws MigrateException {
    if (transformed) {
      return r.verification() == Verification.VERIFIED ? MigrationReport.VERIFIED_SENT_CIPHERTEXT : null;
    }
    return verify(key, sourceCrc, r);
  }

  /** {@link #verifyRead(String, long, long, PutResult)}, with the same exception as {@link #verified}. */
  String verifiedRead(String key, long readCrc, long bytesRead, PutResult r) throws MigrateException {
    if (transformed) {
      return r.verification() == Verification.VERIFIED ? MigrationReport.VERIFIED_SENT_CIPHERTEXT : null;
    }
    return verifyRead(key, readCrc, bytesRead, r);
  }

  /** The source's fingerprint after a transfer differs from the one listed (the task already holds the new one). */
  static final class SourceChanged extends MigrateException {
    private static final long serialVersionUID = 1L;

    SourceChanged(String message) {
      super(ErrorKind.SOURCE_CHANGED, message);
    }
  }

  /** An attempt of an object step failed: retry it after a backoff, stop the run, or settle the object failed. */
  void onObjectError(ObjectTask t, Throwable e, Runnable retry) {
    if (sched.stopping()) {
      return;
    }
    limits.failed(e);
    RetryPolicy.Decision d = policy.decide(RetryPolicy.Scope.OBJECT, e, t.attempts);
    switch (d.action()) {
      case STOP -> sched.stop(e);
      case FAIL -> settle.failed(t, d.kind(), d.reason());
      case RETRY -> {
        if (d.kind() == ErrorKind.SOURCE_CHANGED && !(e instanceof SourceChanged)) {
          refresh(t); // the sink or the source noticed the change: retry with the source's current version
        }
        settle.retryScheduled(t.info.key(), t.attempts + 1, d.delay(), d.reason());
        LOG.debug("retrying {} in {} ms: {}", t.info.key(), d.delay().toMillis(), d.reason());
        sched.later(d.delay(), retry);
      }
    }
  }

  private void refresh(ObjectTask t) {
    try {
      t.info = source.statListed(t.info);
    } catch (IOException | RuntimeException ignored) {
      // the retry will meet the same problem and report it
    }
  }

  /** A sink request succeeded. */
  void sinkSuccess() {
    limits.sinkSuccess();
  }

  InputStream metered(InputStream in) {
    return new MeteredInputStream(in, bandwidth, sched::stopping);
  }

  /** Re-stats the source after a transfer; throws SOURCE_CHANGED (and updates the task) when it changed. */
  void checkUnchanged(ObjectTask t) throws IOException {
    ObjectInfo now = source.statListed(t.info);
    if (!now.fingerprint().equals(t.info.fingerprint())) {
      String why = changeReason(t.info, now);
      t.info = now;
      throw new SourceChanged(why);
    }
  }

  static String changeReason(ObjectInfo before, ObjectInfo after) {
    SourceFingerprint a = before.fingerprint();
    SourceFingerprint b = after.fingerprint();
    StringBuilder s = new StringBuilder("source changed while it was read:");
    if (a.size() != b.size()) {
      s.append(" size ").append(a.size()).append(" → ").append(b.size());
    }
    if (a.modifiedMillis() != b.modifiedMillis()) {
      s.append(a.size() != b.size() ? "," : "").append(" mtime ").append(a.modifiedMillis()).append(" → ")
          .append(b.modifiedMillis());
    }
    if (a.size() == b.size() && a.modifiedMillis() == b.modifiedMillis()) {
      s.append(" version ").append(a.version()).append(" → ").append(b.version());
    }
    return s.append(" (").append(before.key()).append(')').toString();
  }

  /**
   * How a stored object is verified: against the source's own CRC-64 when the source gave one and the sink returned
   * its CRC-64 ({@code INTEGRITY_MISMATCH} when they differ), end to end when only the sink did, unverifiable (null)
   * when the sink gave none.
   */
  static String verify(String key, OptionalLong sourceCrc, PutResult r) throws MigrateException {
    if (r.verification() != Verification.VERIFIED) {
      return null;
    }
    if (sourceCrc.isEmpty()) {
      return MigrationReport.VERIFIED_END_TO_END;
    }
    if (sourceCrc.getAsLong() != r.crc64()) {
      throw new MigrateException(ErrorKind.INTEGRITY_MISMATCH, "CRC-64 of '" + key + "' at the destination ("
          + Long.toUnsignedString(r.crc64()) + ") differs from the CRC-64 the source gave ("
          + Long.toUnsignedString(sourceCrc.getAsLong()) + ")");
    }
    return MigrationReport.VERIFIED_AGAINST_SOURCE;
  }

  /** What is sent for {@code info} (see {@link MetadataPolicy}); its notes are counted once per object. */
  ObjectMetadata metadata(ObjectTask t, ObjectInfo info) {
    MetadataPolicy.Mapped m = metadataPolicy.map(info, source.provenance(info));
    if (!m.notes().isEmpty() && !t.metadataNoted) {
      t.metadataNoted = true;
      m.notes().forEach(settle.stats()::metadataNote);
      LOG.debug("metadata of {}: {} {}", info.key(), m.notes(), m.details());
    }
    return m.metadata();
  }

  /** SkipMode.DESTINATION: true (and the object is settled as skipped) when the destination holds the same bytes. */
  boolean sameAtDestination(ObjectTask t) throws IOException, InterruptedException {
    if (transformed) {
      return false; // the destination holds a transformation of the content: its CRC-64 cannot match the source's
    }
    limits.sinkRequest();
    Optional<ObjectInfo> there = sink.stat(t.destKey);
    if (there.isEmpty() || (t.info.sizeKnown() && there.get().size() != t.info.size())
        || there.get().crc64().isEmpty()) {
      return false;
    }
    LedgerEntry prev = t.previous;
    long crc;
    boolean known = prev != null && prev.fingerprint().equals(t.info.fingerprint()) && prev.crc64().isPresent();
    if (known) {
      crc = prev.crc64().getAsLong();
    } else {
      crc = sourceCrc(t.info);
    }
    if (crc != there.get().crc64().getAsLong()) {
      return false;
    }
    settleSameAtDestination(t, there.get(), crc, !known, t.checkpoint);
    return true;
  }

  /**
   * Whether the destination holds what the upload of checkpoint {@code cp} would have completed: the object's
   * size and the CRC-64 of the parts the checkpoint recorded, all of them. That is the case when a run was killed
   * after COS completed the upload and before the ledger said so; the object is then settled as skipped (the same
   * at the destination) instead of being sent again. The upload itself is gone, so nothing is aborted.
   */
  boolean completedBefore(ObjectTask t, UploadCheckpoint cp, int partCount) throws IOException, InterruptedException {
    if (transformed || cp.parts().size() != partCount || !t.info.sizeKnown()) {
      return false;
    }
    long crc = 0;
    long size = 0;
    List<PartResult> parts = new ArrayList<>(cp.parts());
    parts.sort(java.util.Comparator.comparingInt(PartResult::partNumber));
    for (PartResult p : parts) {
      crc = size == 0 ? p.crc64() : Crc64.combine(crc, p.crc64(), p.size());
      size += p.size();
    }
    if (size != t.info.size()) {
      return false;
    }
    limits.sinkRequest();
    Optional<ObjectInfo> there = sink.stat(t.destKey);
    if (there.isEmpty() || there.get().size() != size || there.get().crc64().isEmpty()
        || there.get().crc64().getAsLong() != crc) {
      return false;
    }
    settleSameAtDestination(t, there.get(), crc, true, null);
    return true;
  }

  /** Settles {@code t} as the same at the destination; records the CRC when asked; retires {@code stale}. */
  private void settleSameAtDestination(ObjectTask t, ObjectInfo there, long crc, boolean recordCrc,
      UploadCheckpoint stale) {
    if (recordCrc) {
      // remember the CRC so that the next run need not read the source again
      LedgerEntry prev = t.previous;
      try {
        ledger.record(new LedgerEntry(t.info.key(), t.destKey, t.info.fingerprint(), ObjectState.SKIPPED,
            REASON_SAME_AT_DESTINATION, there.etag(), OptionalLong.of(crc), Optional.empty(),
            prev == null ? 0 : prev.attempts(), clock.instant()));
      } catch (IOException e) {
        LOG.debug("cannot record the skip of {}: {}", t.info.key(), e.toString());
      }
    }
    if (stale != null) {
      t.checkpoint = null;
      staleCheckpoint.accept(stale);
    }
    settle.skipped(t, REASON_SAME_AT_DESTINATION);
  }

  /** The CRC-64 of the source's content, read whole. */
  long sourceCrc(ObjectInfo info) throws IOException {
    Crc64 crc = new Crc64();
    byte[] buf = new byte[64 * 1024];
    try (SourceRead read = source.open(info); InputStream in = metered(read.body())) {
      int n;
      while ((n = in.read(buf)) > 0) {
        crc.update(buf, 0, n);
      }
    }
    return crc.getValue();
  }

  /**
   * How a streamed object (size unknown when listed) is verified: the sink's CRC-64 of what it stored against the
   * CRC-64 of the bytes read from the source ({@code INTEGRITY_MISMATCH} when they differ); unverifiable (null)
   * when the sink gave none.
   */
  static String verifyRead(String key, long readCrc, long bytesRead, PutResult r) throws MigrateException {
    if (r.verification() != Verification.VERIFIED) {
      return null;
    }
    if (readCrc != r.crc64()) {
      throw new MigrateException(ErrorKind.INTEGRITY_MISMATCH, "CRC-64 of '" + key + "' at the destination ("
          + Long.toUnsignedString(r.crc64()) + ") differs from the CRC-64 of the " + bytesRead
          + " bytes read from the source (" + Long.toUnsignedString(readCrc) + ")");
    }
    return MigrationReport.VERIFIED_END_TO_END;
  }

  /** Aborts an upload, logging (not throwing) a failure; nothing to do when no upload was started (null). */
  void abortQuietly(String destKey, String uploadId) {
    if (uploadId == null) {
      return;
    }
    try {
      limits.sinkRequest();
      sink.abortMultipart(destKey, uploadId);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot abort the upload of {}: {}", destKey, RetryPolicy.reason(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
