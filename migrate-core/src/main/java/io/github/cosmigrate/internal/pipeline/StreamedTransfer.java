package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.internal.multipart.PartPlanner;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.UploadCheckpoint;
import io.github.cosmigrate.spi.Ledger;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * The parts of the {@link MultipartTransfer} that are particular to an object listed with an unknown size
 * ({@link ObjectInfo#sizeKnown()} false): it is read once, in order, from one stream, in parts of the planned part
 * size ({@link PartPlanner#streaming}), each read into a buffer whose bytes the {@link PartScheduler} reserved from
 * the byte budget before it was read, so memory stays bounded by the budget as for any part.
 *
 * <ul>
 *   <li>When the stream ends within the first part (0 bytes included, or exactly one part), the object is put whole
 *       (no multipart upload is started).</li>
 *   <li>Else the multipart upload is initiated (and checkpointed) once the first part is full, each part is uploaded
 *       as soon as it is read, and the next part is read meanwhile (at most {@code partsPerObject} of the object's
 *       parts in flight, one of them reading); the upload completes when the part in which the stream ended is
 *       stored.</li>
 *   <li>The CRC-64 of the bytes read is computed while they are read, and compared with the CRC-64 the sink gives for
 *       the whole object ({@link ObjectFlow#verifyRead}).</li>
 *   <li>Not resumable mid-way: a part's bytes cannot be read again without reading the stream from its start. A part
 *       whose read fails is not retried on its own: the upload is aborted and the whole object sent again from its
 *       start, attempts allowing (part uploads are retried from their buffers as usual). A checkpoint is written at
 *       initiate, so that a later run knows the upload, but records no parts: a later run (after a crash) aborts the
 *       upload and sends the object again from its start.</li>
 * </ul>
 */
final class StreamedTransfer {
  private final ObjectFlow f;

  StreamedTransfer(ObjectFlow flow) {
    this.f = flow;
  }

  /**
   * The upload of {@code t}, to register with the part scheduler: an earlier run's checkpoint of the object is
   * aborted and cleared first (it cannot be resumed), then the upload is planned. Nothing is read yet.
   */
  LargeUpload prepare(ObjectTask t) throws IOException, InterruptedException {
    UploadCheckpoint stale = t.checkpoint;
    if (stale != null) {
      ObjectFlow.LOG.debug("{} has no known size, so its upload {} of an earlier run cannot be resumed; aborting it",
          t.info.key(), stale.uploadId());
      f.limits.sinkRequest();
      f.sink.abortMultipart(stale.destinationKey(), stale.uploadId());
      f.ledger.write(new Ledger.Batch().clearCheckpoint(t.info.key()));
      t.checkpoint = null;
    }
    PartPlanner.Plan plan = PartPlanner.streaming(f.opt.partSize(), f.sink.limits());
    if (plan.partSize() > Integer.MAX_VALUE - 16) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "object '" + t.info.key() + "' has no known size, so it is "
          + "read into buffers of one part each, and parts of " + plan.partSize() + " bytes are too large to buffer; "
          + "use a part size below 2 GiB");
    }
    return LargeUpload.streamed(t, plan);
  }

  /**
   * Runs one part: reads it from the object's stream unless an earlier attempt did (the next part may then be read),
   * then puts the object whole when it is the first part and the stream ended in it, else uploads it (starting the
   * multipart upload when this is the first part to need it). Returns the stored part; for a whole put, a part
   * standing for the object (and {@link LargeUpload#whole} set).
   */
  PartResult part(LargeUpload u, PartJob job, PartScheduler parts) throws IOException, InterruptedException {
    ObjectTask t = u.task;
    if (job.buffer == null) {
      u.readStreamed(job, () -> f.metered(f.source.open(t.info).body()));
      parts.readDone(u);
    }
    if (job.partNumber == 1 && u.lastPart == 1 && job.length <= f.sink.limits().maxSinglePutSize()) {
      f.limits.sinkRequest();
      PutResult r = f.sink.put(t.destKey, new ByteArrayInputStream(job.buffer, 0, job.length), job.length,
          f.metadata(t, t.info));
      u.whole = r;
      return new PartResult(1, job.length, r.etag(), r.crc64(), r.verification());
    }
    String uploadId = uploadId(u);
    f.limits.sinkRequest();
    return f.sink.uploadPart(t.destKey, uploadId, job.partNumber, new ByteArrayInputStream(job.buffer, 0,
        job.length), job.length);
  }

  /** The upload's id: initiated and checkpointed by the first part that needs it (the others wait for it). */
  private String uploadId(LargeUpload u) throws IOException, InterruptedException {
    synchronized (u) {
      if (u.uploadId == null) {
        ObjectTask t = u.task;
        f.limits.sinkRequest();
        String id = f.sink.initiateMultipart(t.destKey, f.metadata(t, t.info), ObjectInfo.UNKNOWN_SIZE,
            u.plan.partSize());
        try {
          f.ledger.write(new Ledger.Batch().putCheckpoint(new UploadCheckpoint(t.info.key(), t.destKey, id,
              t.info.fingerprint(), ObjectInfo.UNKNOWN_SIZE, u.plan.partSize(), f.clock.instant(), List.of())));
        } catch (IOException | RuntimeException e) {
          f.abortQuietly(t.destKey, id);
          throw e;
        }
        f.sinkSuccess();
        u.uploadId = id;
        u.checkpointed = true;
      }
      return u.uploadId;
    }
  }
}
