package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.internal.retry.RetryPolicy;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.UploadCheckpoint;
import io.github.cosmigrate.model.UploadedPart;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.Sink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multipart checkpoints of earlier runs: the ones loaded at the start of a run (handed to the listed objects they
 * belong to, the rest aborted at the end of a complete listing), and the resume rule for one upload. Thread-safe.
 */
final class Checkpoints {
  private static final Logger LOG = LoggerFactory.getLogger("io.github.cosmigrate.pipeline");
  private final Map<String, UploadCheckpoint> stale = new ConcurrentHashMap<>();

  /** Loads every checkpoint of the ledger (once, at the start of a run). */
  void load(Ledger ledger) throws IOException {
    for (UploadCheckpoint cp : ledger.checkpoints()) {
      stale.put(cp.key(), cp);
    }
  }

  /** The checkpoint of a listed large object, which then owns it. */
  Optional<UploadCheckpoint> take(String key) {
    return Optional.ofNullable(stale.remove(key));
  }

  /** The source listed the key as failed: its upload is kept for the next run. */
  void keep(String key) {
    stale.remove(key);
  }

  /** A checkpoint that no transfer will use (aborted at the end of a complete listing). */
  void giveBack(UploadCheckpoint cp) {
    stale.put(cp.key(), cp);
  }

  /** Aborts and clears every checkpoint no listed object took (the listing was complete). */
  void abortUnclaimed(Sink sink, Ledger ledger, RequestLimits limits) {
    for (UploadCheckpoint cp : stale.values()) {
      LOG.info("aborting the upload of '{}' left by an earlier run: the source is no longer listed for transfer",
          cp.key());
      try {
        limits.sinkRequest();
        sink.abortMultipart(cp.destinationKey(), cp.uploadId());
        ledger.write(new Ledger.Batch().clearCheckpoint(cp.key()));
      } catch (IOException | RuntimeException e) {
        LOG.warn("cannot abort the stale upload of '{}': {}", cp.key(), RetryPolicy.reason(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    stale.clear();
  }

  /**
   * Reuses a checkpoint when it describes this very source version and part plan, and each part checks out: the
   * parts the sink still lists with the same number, size and ETag are kept (the checkpoint is rewritten when some
   * are dropped). Any other checkpoint is aborted; an upload the sink no longer knows (or that lists none of the
   * recorded parts) starts fresh, unless its checkpoint recorded every part and the destination holds that content:
   * a run killed after the upload was completed; the object is then settled (see {@link ObjectFlow#completedBefore}).
   *
   * @return whether the object is settled (nothing is left to send)
   */
  static boolean resume(ObjectFlow f, LargeUpload u, UploadCheckpoint cp) throws IOException, InterruptedException {
    ObjectTask t = u.task;
    boolean same = cp.fingerprint().equals(t.info.fingerprint()) && cp.objectSize() == t.info.size()
        && cp.partSize() == u.plan.partSize() && cp.destinationKey().equals(t.destKey);
    if (!same) {
      LOG.debug("checkpoint of {} does not match the source (checkpoint {}, listed {}); aborting upload",
          t.info.key(), cp.fingerprint(), t.info.fingerprint());
      f.limits.sinkRequest();
      f.sink.abortMultipart(cp.destinationKey(), cp.uploadId());
      return false;
    }
    List<UploadedPart> there;
    try {
      f.limits.sinkRequest();
      there = f.sink.listParts(t.destKey, cp.uploadId());
    } catch (MigrateException e) {
      if (e.kind() == ErrorKind.NOT_FOUND) {
        if (f.completedBefore(t, cp, u.plan.partCount())) {
          LOG.debug("resuming {}: upload {} was completed before the last run stopped", t.info.key(), cp.uploadId());
          return true;
        }
        if (!cp.parts().isEmpty()) {
          LOG.warn("resuming '{}': the sink no longer knows upload {}, whose checkpoint recorded {} stored part(s);"
              + " sending the object again from its first part", t.info.key(), cp.uploadId(), cp.parts().size());
        }
        return false; // the upload is gone: start fresh
      }
      throw e;
    }
    if (there.isEmpty() && !cp.parts().isEmpty() && f.completedBefore(t, cp, u.plan.partCount())) {
      // some servers (S3Proxy's file store) answer ListParts of a completed upload with no parts instead of
      // NoSuchUpload: the destination then holds the object, settled as above
      LOG.debug("resuming {}: upload {} lists no parts and the destination holds the object", t.info.key(),
          cp.uploadId());
      return true;
    }
    Map<Integer, UploadedPart> byNumber = new HashMap<>();
    for (UploadedPart p : there) {
      byNumber.put(p.partNumber(), p);
    }
    List<PartResult> kept = new ArrayList<>();
    for (PartResult p : cp.parts()) {
      UploadedPart q = byNumber.get(p.partNumber());
      if (q != null && p.partNumber() <= u.plan.partCount() && q.size() == p.size()
          && p.size() == u.plan.length(p.partNumber()) && q.etag().equals(p.etag())) {
        kept.add(p);
      }
    }
    if (kept.size() != cp.parts().size()) {
      int missing = cp.parts().size() - kept.size();
      LOG.warn("resuming '{}' (upload {}): the sink lists {} of the {} part(s) its checkpoint recorded; {} missing or"
          + " different part(s) are sent again", t.info.key(), cp.uploadId(), kept.size(), cp.parts().size(),
          missing);
      f.ledger.write(new Ledger.Batch().putCheckpoint(cp.withParts(kept)));
    }
    u.uploadId = cp.uploadId();
    for (PartResult p : kept) {
      u.done[p.partNumber() - 1] = p;
      u.issued[p.partNumber() - 1] = true;
      u.doneCount++;
    }
    LOG.debug("resuming {} upload {}: {} of {} parts already stored", t.info.key(), u.uploadId, kept.size(),
        u.plan.partCount());
    return false;
  }
}
