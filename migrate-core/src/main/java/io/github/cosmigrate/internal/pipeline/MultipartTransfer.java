package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.api.SkipMode;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.internal.multipart.PartPlanner;
import io.github.cosmigrate.internal.retry.RetryPolicy;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectLocation;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.UploadCheckpoint;
import io.github.cosmigrate.spi.Ledger;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * The transfer of a large object as a multipart upload, as a state machine driven by part completions (no thread
 * waits on the parts): begin (resume from the ledger's checkpoint, or initiate and checkpoint), parts through the
 * {@link PartScheduler} (each stored part added to the checkpoint), then complete (after a re-stat of the source
 * unless it pins reads, and a CRC-64 comparison with the source's when it gave one). A changed source or a
 * CRC-64 mismatch after completion aborts and restarts the object; every retry follows the one
 * {@link RetryPolicy}. Under the {@link ServerSideCopy} rule, an object that fits one copy request is copied whole,
 * and a larger one is the same state machine with each part copied by the service from the source's range (same
 * plan, checkpoints and resume; completed and verified against the source's CRC-64); a refused part copy aborts the
 * upload and streams the object. An object listed with an unknown size is streamed from one read into this state
 * machine, put whole when it ends within the first part ({@link StreamedTransfer}); it is never resumed.
 */
final class MultipartTransfer {
  private final ObjectFlow f;
  private final StreamedTransfer streamed;
  final PartScheduler parts;

  MultipartTransfer(ObjectFlow flow) {
    this.f = flow;
    this.streamed = new StreamedTransfer(flow);
    this.parts = new PartScheduler(flow.opt.partConcurrency(), flow.opt.partsPerObject(), flow.budget, flow.sched,
        this::runPart, this::complete, this::finishFailure);
    flow.budget.onRelease(parts::pump);
  }

  /** Schedules the first step. */
  void start(ObjectTask t) {
    f.sched.step(() -> begin(t));
  }

  private void begin(ObjectTask t) {
    if (f.sched.stopping()) {
      return;
    }
    t.attempts++;
    LargeUpload u = null;
    try {
      if (t.attempts == 1 && f.opt.skipMode() == SkipMode.DESTINATION && f.sameAtDestination(t)) {
        return;
      }
      f.settle.started(t);
      boolean statted = !f.source.listsMetadata();
      if (statted) {
        // the listing carried no headers or user metadata: take them, and the current version, from a stat
        t.info = f.source.statListed(t.info);
      }
      if (!t.info.sizeKnown()) {
        u = streamed.prepare(t);
        parts.register(u);
        return;
      }
      if (f.copies.copyWhole(f, t, statted)) {
        UploadCheckpoint stale = t.checkpoint;
        t.checkpoint = null;
        if (stale != null) {
          f.staleCheckpoint.accept(stale);
        }
        return;
      }
      ObjectLocation copyFrom = f.copies.locate(f, t, statted).orElse(null);
      PartPlanner.Plan plan = PartPlanner.plan(t.info.key(), t.info.size(), f.opt.partSize(), f.sink.limits());
      boolean ranged = f.source.ranges().isPresent();
      if (copyFrom == null && plan.partSize() > Integer.MAX_VALUE - 16 && !ranged) {
        throw new MigrateException(ErrorKind.INVALID_INPUT, "object '" + t.info.key() + "' needs parts of "
            + plan.partSize() + " bytes, too large to buffer; this source cannot read byte ranges");
      }
      u = new LargeUpload(t, plan, !ranged && copyFrom == null, copyFrom);
      UploadCheckpoint cp = t.checkpoint;
      t.checkpoint = null;
      if (cp != null && Checkpoints.resume(f, u, cp)) {
        return; // completed by the run before
      }
      if (u.uploadId == null) {
        f.limits.sinkRequest();
        u.uploadId = f.sink.initiateMultipart(t.destKey, f.metadata(t, t.info), t.info.size(), plan.partSize());
        f.ledger.write(new Ledger.Batch().putCheckpoint(new UploadCheckpoint(t.info.key(), t.destKey, u.uploadId,
            t.info.fingerprint(), t.info.size(), plan.partSize(), f.clock.instant(), List.of())));
      }
      u.checkpointed = true;
      f.sinkSuccess();
      parts.register(u);
    } catch (Throwable e) {
      if (u != null && u.uploadId != null && !u.checkpointed && !f.sched.stopping()) {
        f.abortQuietly(t.destKey, u.uploadId);
      }
      f.onObjectError(t, e, () -> f.sched.step(() -> begin(t)));
    }
  }

  /**
   * Opens part {@code n} as a range. A source that refuses ranges for this object turns the upload sequential
   * (parts not yet read are then read from one stream, in order) and the part is issued again at once.
   */
  private InputStream openRange(LargeUpload u, int n, long len) throws IOException {
    try {
      return f.source.openRange(u.task.info, u.plan.offset(n), len);
    } catch (MigrateException e) {
      if (e.kind() != ErrorKind.UNSUPPORTED) {
        throw e;
      }
      if (!u.sequential) {
        ObjectFlow.LOG.debug("{} refused a range read of '{}' ({}); reading it as one stream",
            f.source.describe(), u.task.info.key(), RetryPolicy.reason(e));
        u.sequential = true;
      }
      throw new RangeRefused(e);
    }
  }

  /** The source refused ranges for one object: its parts are read sequentially instead. */
  static final class RangeRefused extends MigrateException {
    private static final long serialVersionUID = 1L;

    RangeRefused(MigrateException cause) {
      super(ErrorKind.UNSUPPORTED, RetryPolicy.reason(cause), cause);
    }
  }

  private void runPart(LargeUpload u, PartJob job) {
    ObjectTask t = u.task;
    int n = job.partNumber;
    try {
      if (f.sched.stopping()) {
        return;
      }
      if (u.failed) {
        parts.ended(u, job, null, null);
        return;
      }
      job.attempts++;
      long len = u.plan.length(n);
      PartResult r;
      if (u.copyFrom != null) {
        r = f.copies.copyPart(f, u.copyFrom, t, u.uploadId, n, u.plan.offset(n), len);
      } else if (u.streamed) {
        r = streamed.part(u, job, parts);
        len = job.length;
      } else if (!u.sequential) {
        f.limits.sinkRequest();
        try (InputStream in = f.metered(openRange(u, n, len))) {
          r = f.sink.uploadPart(t.destKey, u.uploadId, n, in, len);
        }
      } else {
        if (job.buffer == null) {
          job.buffer = u.readSequential(n, () -> f.metered(f.source.open(t.info).body()));
          parts.readDone(u);
        }
        f.limits.sinkRequest();
        r = f.sink.uploadPart(t.destKey, u.uploadId, n, new ByteArrayInputStream(job.buffer), len);
      }
      if (!u.streamed) {
        f.ledger.write(new Ledger.Batch().putPart(t.info.key(), u.uploadId, r)); // a streamed one never resumes
      }
      f.sinkSuccess();
      if (u.copyFrom == null) {
        f.settle.stats().bytesTransferred.add(len);
      }
      f.settle.listener().partCompleted(t.info.key(), n, len);
      job.buffer = null;
      parts.ended(u, job, r, null);
    } catch (Throwable e) {
      onPartError(u, job, e);
    }
  }

  private void onPartError(LargeUpload u, PartJob job, Throwable e) {
    if (f.sched.stopping()) {
      return;
    }
    f.limits.failed(e);
    if (u.sequential && job.buffer == null) {
      u.closeSequential();
    }
    RetryPolicy.Decision d = f.policy.decide(RetryPolicy.Scope.PART, e, job.attempts);
    if (d.action() == RetryPolicy.Action.STOP) {
      f.sched.stop(e);
    } else if (u.streamed && job.buffer == null) {
      parts.ended(u, job, null, e); // its bytes cannot be read again alone: the object starts again (finishFailure)
    } else if (e instanceof RangeRefused && !u.failed) {
      job.attempts--; // not an attempt: the part is read again at once, from the object's one stream
      f.sched.part(() -> runPart(u, job));
    } else if (d.retry() && !u.failed) {
      f.settle.retryScheduled(u.task.info.key() + " (part " + job.partNumber + ")", job.attempts + 1,
          d.delay(), d.reason());
      f.sched.later(d.delay(), () -> f.sched.part(() -> runPart(u, job)));
    } else {
      parts.ended(u, job, null, e);
    }
  }

  /** All parts are stored: re-check the source, complete, verify (reading back when asked), record. A step. */
  private void complete(LargeUpload u) {
    ObjectTask t = u.task;
    if (f.sched.stopping()) {
      return;
    }
    u.completeAttempts++;
    PutResult r;
    ServerSideCopy.Copied copied = null;
    try {
      if (!f.source.pinsReads()) {
        ObjectInfo now = f.source.statListed(t.info);
        if (!now.fingerprint().equals(t.info.fingerprint())) {
          restart(u, now, ErrorKind.SOURCE_CHANGED, ObjectFlow.changeReason(t.info, now));
          return;
        }
      }
      if (u.whole != null) {
        r = u.whole; // a streamed object that ended within its first part was put whole
      } else if (u.copyFrom != null) {
        copied = f.copies.complete(f, t, u.uploadId, Arrays.asList(u.done));
        r = copied.result();
      } else {
        f.limits.sinkRequest();
        r = f.sink.completeMultipart(t.destKey, u.uploadId, u.doneParts());
        f.sinkSuccess();
      }
    } catch (ServerSideCopy.Mismatch mismatch) {
      restart(u, null, ErrorKind.INTEGRITY_MISMATCH, mismatch.getMessage()); // the copy was deleted: copy again
      return;
    } catch (Throwable e) {
      onCompleteError(u, e);
      return;
    }
    String verifiedBy;
    try {
      if (u.streamed) {
        t.streamedSize = u.bytesRead();
        verifiedBy = f.verifiedRead(t.info.key(), u.readCrc(), u.bytesRead(), r);
      } else {
        verifiedBy = copied != null ? copied.verifiedBy() : f.verified(t.info.key(), t.info.crc64(), r);
      }
    } catch (MigrateException mismatch) {
      restart(u, null, ErrorKind.INTEGRITY_MISMATCH, mismatch.getMessage()); // the upload is complete: send again
      return;
    }
    if (f.reread.applies(verifiedBy)) {
      try {
        OptionalLong expected = u.streamed ? OptionalLong.of(u.readCrc())
            : copied != null ? t.info.crc64() : OptionalLong.of(t.info.crc64().orElse(r.crc64()));
        ContentReread.Verdict v = f.reread.check(f, t, r, expected);
        r = v.result();
        verifiedBy = v.verifiedBy();
      } catch (Throwable e) {
        if (f.sched.stopping()) {
          return;
        }
        // the object is complete: a mismatch or a failed read sends it again, attempts allowing
        RetryPolicy.Decision d = f.policy.decide(RetryPolicy.Scope.OBJECT, e, t.attempts);
        if (d.action() == RetryPolicy.Action.STOP) {
          f.sched.stop(e);
        } else {
          restart(u, null, d.kind(), d.reason());
        }
        return;
      }
    }
    try {
      f.settle.migrated(t, r, verifiedBy);
    } catch (Throwable e) {
      onCompleteError(u, e);
    }
  }

  private void onCompleteError(LargeUpload u, Throwable e) {
    ObjectTask t = u.task;
    if (f.sched.stopping()) {
      return;
    }
    f.limits.failed(e);
    RetryPolicy.Decision d = f.policy.decide(RetryPolicy.Scope.OBJECT, e, u.completeAttempts);
    if (d.action() == RetryPolicy.Action.STOP) {
      f.sched.stop(e);
    } else if (d.kind() == ErrorKind.SOURCE_CHANGED) {
      restart(u, null, ErrorKind.SOURCE_CHANGED, d.reason());
    } else if (d.retry()) {
      f.settle.retryScheduled(t.info.key(), t.attempts, d.delay(), d.reason());
      f.sched.later(d.delay(), () -> f.sched.step(() -> complete(u)));
    } else {
      f.abortQuietly(t.destKey, u.uploadId);
      f.settle.failed(t, d.kind(), d.reason());
    }
  }

  /** A part failed for good. A step. */
  private void finishFailure(LargeUpload u) {
    if (f.sched.stopping()) {
      return;
    }
    u.closeSequential();
    Throwable e = u.failure;
    ErrorKind kind = MigrateException.kindOf(e);
    if (u.copyFrom != null && e instanceof ServerSideCopy.Refused refused) {
      streamInstead(u, refused);
      return;
    }
    if (kind == ErrorKind.SOURCE_CHANGED || u.streamed) {
      // a streamed object is sent again from its start (attempts and kind allowing): its parts cannot be re-read
      restart(u, null, kind, RetryPolicy.reason(e));
      return;
    }
    f.abortQuietly(u.task.destKey, u.uploadId);
    f.settle.failed(u.task, kind, RetryPolicy.reason(e));
  }

  /**
   * The copier refused a part: copies are off for the run; the copied upload is aborted and its checkpoint cleared,
   * and the object starts again, streamed (the refusal is not counted as an attempt).
   */
  private void streamInstead(LargeUpload u, ServerSideCopy.Refused refused) {
    ObjectTask t = u.task;
    f.copies.refuse(t.info.key(), refused);
    f.abortQuietly(t.destKey, u.uploadId);
    try {
      f.ledger.write(new Ledger.Batch().clearCheckpoint(t.info.key()));
    } catch (IOException | RuntimeException e) {
      ObjectFlow.LOG.warn("cannot clear the checkpoint of '{}': {}", t.info.key(), RetryPolicy.reason(e));
    }
    t.attempts--;
    f.sched.step(() -> begin(t));
  }

  /**
   * The source changed under the upload, or what it stored differs from the source's CRC-64: abort it, clear the
   * checkpoint and start again from scratch with the source's current version, attempts allowing.
   */
  private void restart(LargeUpload u, ObjectInfo now, ErrorKind kind, String why) {
    ObjectTask t = u.task;
    u.closeSequential();
    f.abortQuietly(t.destKey, u.uploadId);
    try {
      f.ledger.write(new Ledger.Batch().clearCheckpoint(t.info.key()));
      if (now == null) {
        now = f.source.statListed(t.info);
        if (!now.fingerprint().equals(t.info.fingerprint())) {
          why = ObjectFlow.changeReason(t.info, now);
          kind = ErrorKind.SOURCE_CHANGED;
        }
      }
    } catch (IOException | RuntimeException e) {
      RetryPolicy.Decision d = f.policy.decide(RetryPolicy.Scope.OBJECT, e, Integer.MAX_VALUE);
      if (d.action() == RetryPolicy.Action.STOP) {
        f.sched.stop(e);
      } else {
        f.settle.failed(t, d.kind(), d.reason());
      }
      return;
    }
    RetryPolicy.Decision d = f.policy.decide(RetryPolicy.Scope.OBJECT, kind, false, t.attempts,
        java.util.Optional.empty(), why);
    if (d.retry()) {
      t.info = now;
      f.settle.retryScheduled(t.info.key(), t.attempts + 1, d.delay(), why);
      f.sched.later(d.delay(), () -> f.sched.step(() -> begin(t)));
    } else {
      f.settle.failed(t, kind, why);
    }
  }
}
