package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.api.SkipMode;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.SourceRead;
import java.io.InputStream;
import java.util.OptionalLong;

/**
 * The transfer of an object small enough for one put: copied server-side when the {@link ServerSideCopy} rule
 * applies, else open, put through the sink (which checks its CRC-64), re-stat
 * the source unless it pins reads, compare with the source's CRC-64 when it gave one, read it back when the sink gave
 * no CRC-64 and the run asks for it ({@link ContentReread}), record. Each attempt is one
 * step; a failed attempt is retried per the {@link io.github.cosmigrate.internal.retry.RetryPolicy}.
 */
final class SmallTransfer {
  private final ObjectFlow f;

  SmallTransfer(ObjectFlow flow) {
    this.f = flow;
  }

  /** Schedules the first attempt (the object's bytes are already reserved). */
  void start(ObjectTask t) {
    f.sched.step(() -> attempt(t));
  }

  private void attempt(ObjectTask t) {
    if (f.sched.stopping()) {
      return;
    }
    t.attempts++;
    try {
      if (t.attempts == 1 && f.opt.skipMode() == SkipMode.DESTINATION && f.sameAtDestination(t)) {
        return;
      }
      f.settle.started(t);
      if (f.copies.copyWhole(f, t, false)) {
        return;
      }
      f.limits.sinkRequest();
      PutResult r;
      OptionalLong sourceCrc;
      try (SourceRead read = f.source.open(t.info); InputStream in = f.metered(read.body())) {
        ObjectInfo seen = read.observed();
        if (seen.size() != t.info.size()) {
          throw new ObjectFlow.SourceChanged(ObjectFlow.changeReason(t.info, seen));
        }
        sourceCrc = seen.crc64().isPresent() ? seen.crc64() : t.info.crc64();
        r = f.sink.put(t.destKey, in, t.info.size(), f.metadata(t, f.source.listsMetadata() ? t.info : seen));
      }
      f.sinkSuccess();
      f.settle.stats().bytesTransferred.add(t.info.size());
      if (!f.source.pinsReads()) {
        f.checkUnchanged(t);
      }
      String verifiedBy = f.verified(t.info.key(), sourceCrc, r);
      if (f.reread.applies(verifiedBy)) {
        ContentReread.Verdict v = f.reread.check(f, t, r, OptionalLong.of(sourceCrc.orElse(r.crc64())));
        r = v.result();
        verifiedBy = v.verifiedBy();
      }
      f.settle.migrated(t, r, verifiedBy);
    } catch (Throwable e) {
      f.onObjectError(t, e, () -> f.sched.step(() -> attempt(t)));
    }
  }
}
