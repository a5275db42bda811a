package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.internal.multipart.PartPlanner;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.PutResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * A multipart upload in progress. Part bookkeeping is guarded by the {@link PartScheduler}'s monitor.
 *
 * <p>A <b>streamed</b> upload is that of an object of unknown size: its plan is the most the sink can take in
 * parts of the planned size ({@link PartPlanner#streaming}), its parts are read in order from one stream, and its
 * part count is known once the stream ends ({@link #partCount()}). Its CRC-64 and length are computed while it is
 * read. When the stream ends within the first part, the object is put whole instead ({@link #whole}).
 */
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
  /** An upload of an object of unknown size (see the class documentation). */
  final boolean streamed;
  /** Streamed: the number of the last part, once the stream ended while it was read; else -1. */
  volatile int lastPart = -1;
  /** Streamed: the result of the single put, when the stream ended within the first part. */
  volatile PutResult whole;
  private final Object seqLock = new Object();
  private InputStream seq;
  private long seqPos;
  private Crc64 readCrc;
  private int carry = -1;

  LargeUpload(ObjectTask task, PartPlanner.Plan plan, boolean sequential,
      io.github.cosmigrate.model.ObjectLocation copyFrom) {
    this(task, plan, sequential, copyFrom, false);
  }

  private LargeUpload(ObjectTask task, PartPlanner.Plan plan, boolean sequential,
      io.github.cosmigrate.model.ObjectLocation copyFrom, boolean streamed) {
    this.task = task;
    this.plan = plan;
    this.copyFrom = copyFrom;
    this.done = new PartResult[plan.partCount()];
    this.issued = new boolean[plan.partCount()];
    this.sequential = sequential;
    this.streamed = streamed;
  }

  /** The streamed upload of an object of unknown size, planned by {@link PartPlanner#streaming}. */
  static LargeUpload streamed(ObjectTask task, PartPlanner.Plan capacity) {
    return new LargeUpload(task, capacity, true, null, true);
  }

  /** The number of parts: the plan's, or for a streamed upload the last part's number (-1 until it is read). */
  int partCount() {
    return streamed ? lastPart : plan.partCount();
  }

  /** The stored parts, in order (all of them once {@link #doneCount} is {@link #partCount()}). */
  List<PartResult> doneParts() {
    return streamed ? Arrays.asList(done).subList(0, Math.max(0, lastPart)) : Arrays.asList(done);
  }

  /** The next part to issue (1-based), or -1. Under the scheduler's monitor. */
  int nextUnissued() {
    int end = streamed && lastPart > 0 ? lastPart : issued.length;
    while (next < end && issued[next]) {
      next++;
    }
    return next < end ? next + 1 : -1;
  }

  /**
   * Streamed: reads the job's part, in order, into a new buffer of up to {@code plan.length(n)} bytes (the stream
   * is opened for part 1), adding it to the CRC-64 of the bytes read. A part shorter than that, or one after which
   * the stream ends, is the last: {@link #lastPart} is set and the stream closed. A stream still going after the
   * plan's last part is {@code INVALID_INPUT}.
   */
  void readStreamed(PartJob job, Opener opener) throws IOException {
    synchronized (seqLock) {
      int n = job.partNumber;
      if (n == 1) {
        closeSequentialLocked();
        seq = opener.open();
        readCrc = new Crc64();
        seqPos = 0;
        carry = -1;
      } else if (seq == null) {
        throw new IllegalStateException("part " + n + " of '" + task.info.key() + "' read without its stream");
      }
      int cap = (int) plan.length(n);
      byte[] buf = new byte[cap];
      int got = 0;
      if (carry >= 0) {
        buf[got++] = (byte) carry;
        carry = -1;
      }
      got += seq.readNBytes(buf, got, cap - got);
      boolean end = got < cap || (carry = seq.read()) < 0;
      if (!end && n == plan.partCount()) {
        closeSequentialLocked();
        throw new MigrateException(ErrorKind.INVALID_INPUT, "object '" + task.info.key() + "' (size unknown until "
            + "read) is larger than " + plan.objectSize() + " bytes, the most one upload of " + plan.partCount()
            + " parts of " + plan.partSize() + " bytes may hold at this destination; a larger part size raises it");
      }
      readCrc.update(buf, 0, got);
      seqPos += got;
      job.buffer = buf;
      job.length = got;
      if (end) {
        lastPart = n;
        closeSequentialLocked();
      }
    }
  }

  /** Streamed: the CRC-64 of the bytes read so far. */
  long readCrc() {
    synchronized (seqLock) {
      return readCrc.getValue();
    }
  }

  /** Streamed: the bytes read so far. */
  long bytesRead() {
    synchronized (seqLock) {
      return seqPos;
    }
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
