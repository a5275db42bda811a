package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.internal.multipart.PartPlanner;
import io.github.cosmigrate.model.PartResult;
import java.io.IOException;
import java.io.InputStream;

/** A multipart upload in progress. Part bookkeeping is guarded by the {@link PartScheduler}'s monitor. */
final class LargeUpload {
  /** Opens the whole object as one stream (for sequential reads). */
  @FunctionalInterface
  interface Opener {
    InputStream open() throws IOException;
  }

  final ObjectTask task;
  final PartPlanner.Plan plan;
  final PartResult[] done;
  final boolean[] issued;
  volatile String uploadId;
  volatile boolean checkpointed;
  /** Read as one stream: the source has no ranges, or refused them for this object. */
  volatile boolean sequential;
  /** Where the parts are copied from server-side; null when they are uploaded. */
  final io.github.cosmigrate.model.ObjectLocation copyFrom;
  int next; // first part index that may be unissued
  int running;
  int doneCount;
  volatile boolean failed;
  volatile Throwable failure;
  boolean settled;
  boolean reading;
  int completeAttempts;
  private final Object seqLock = new Object();
  private InputStream seq;
  private long seqPos;

  LargeUpload(ObjectTask task, PartPlanner.Plan plan, boolean sequential,
      io.github.cosmigrate.model.ObjectLocation copyFrom) {
    this.task = task;
    this.plan = plan;
    this.copyFrom = copyFrom;
    this.done = new PartResult[plan.partCount()];
    this.issued = new boolean[plan.partCount()];
    this.sequential = sequential;
  }

  /** The next part to issue (1-based), or -1. Under the scheduler's monitor. */
  int nextUnissued() {
    while (next < issued.length && issued[next]) {
      next++;
    }
    return next < issued.length ? next + 1 : -1;
  }

  /** Reads part {@code n} from the one sequential stream into a buffer (sources without ranges). */
  byte[] readSequential(int n, Opener opener) throws IOException {
    synchronized (seqLock) {
      long off = plan.offset(n);
      int len = (int) plan.length(n);
      if (seq == null || seqPos != off) {
        closeSequentialLocked();
        seq = opener.open();
        seq.skipNBytes(off);
        seqPos = off;
      }
      byte[] buf = new byte[len];
      int got = seq.readNBytes(buf, 0, len);
      if (got < len) {
        closeSequentialLocked();
        throw new MigrateException(ErrorKind.SOURCE_CHANGED, "source changed while it was read: '"
            + task.info.key() + "' ended at " + (off + got) + " bytes, listed as " + plan.objectSize());
      }
      seqPos += len;
      if (n == plan.partCount()) {
        closeSequentialLocked();
      }
      return buf;
    }
  }

  void closeSequential() {
    synchronized (seqLock) {
      closeSequentialLocked();
    }
  }

  private void closeSequentialLocked() {
    if (seq != null) {
      try {
        seq.close();
      } catch (IOException ignored) {
        // nothing to do
      }
      seq = null;
    }
  }
}
