package io.github.cosmigrate.flink.internal;

import io.github.cosmigrate.api.MigrationListener;
import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.ObjectTransfer;
import io.github.cosmigrate.api.RateLimiters;
import io.github.cosmigrate.api.TransferOutcome;
import io.github.cosmigrate.flink.JobSpec;
import io.github.cosmigrate.model.MultipartUpload;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.SourceEntry;
import io.github.cosmigrate.spi.RateLimiter;
import io.github.cosmigrate.spi.Source;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transfer worker: runs the core's per-object transfer ({@link ObjectTransfer}, the single-JVM engine's own code:
 * key and size limits, metadata mapping, CRC-64 verification, source re-check, multipart with retries) for each
 * listed object it receives, {@code concurrency} objects at once, and emits each object's terminal state. Source and
 * sink are built on the worker from the job's settings through the provider SPI.
 *
 * <p>Runs inside Flink's async operator, after the stream is partitioned by source key: a key is only ever
 * transferred by the worker that owns its key group. Objects in flight at a checkpoint are in the operator's
 * checkpointed state and are transferred again after a restore; objects finished before it are not.
 *
 * <p><b>Uploads of a failed attempt.</b> When a worker opens (first start or restart), it aborts the multipart
 * uploads open under the destination prefix whose keys belong to its key groups: they can only be left by an
 * earlier attempt of this job (no other worker sends those keys), and the objects they were for are sent again from
 * the restored position. So no upload is completed twice and none is left open. The prefix must belong to this job
 * while it runs (as for {@code cos-migrate uploads --abort}).
 *
 * <p>Limits: the job-wide bandwidth, request rate and objects in flight are divided evenly across the transfer
 * workers. Each worker's share backs off on its own when its sink is throttled ({@link WorkerLimits}: the core's
 * AIMD rule, halved on every SlowDown/503, regained with successes); the THROTTLED answers are counted per object
 * into the job report.
 */
public final class TransferFunction extends RichAsyncFunction<Listed, ObjectResult> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(TransferFunction.class);

  private final JobSpec spec;
  private transient Source source;
  private transient ThrottleWatchingSink sink;
  private transient WorkerLimits limits;
  private transient MigrationOptions options;
  private transient TransientLedger ledger;
  private transient ObjectTransfer transfer;
  private transient ExecutorService pool;
  private transient Map<String, Long> sent;

  public TransferFunction(JobSpec spec) {
    this.spec = spec;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    TaskInfo task = getRuntimeContext().getTaskInfo();
    int workers = task.getNumberOfParallelSubtasks();
    options = spec.transfer().options();
    source = spec.openSource();
    double requestShare = spec.requestsPerSecond() / workers;
    RateLimiter requests = requestShare > 0 ? RateLimiters.perSecond(requestShare) : RateLimiter.unlimited();
    limits = new WorkerLimits(spec.concurrency(), requests, requestShare);
    sink = new ThrottleWatchingSink(spec.openSink(), limits);
    ledger = new TransientLedger();
    sent = new ConcurrentHashMap<>();
    ObjectTransfer.Builder b = ObjectTransfer.builder().source(source).sink(sink).ledger(ledger)
        .options(options).listener(new MigrationListener() {
          @Override
          public void objectCompleted(String key, long size, PutResult result) {
            sent.put(key, size);
          }
        });
    if (spec.bandwidth() > 0) {
      b.bandwidthLimiter(RateLimiters.bytesPerSecond(Math.max(1, spec.bandwidth() / workers)));
    }
    b.requestLimiter(requests);
    transfer = b.build();
    AtomicInteger n = new AtomicInteger();
    String name = "cos-migrate-transfer-" + task.getIndexOfThisSubtask() + "-";
    pool = Executors.newFixedThreadPool(spec.concurrency(), r -> {
      Thread t = new Thread(r, name + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    abortOwnUploads(task);
  }

  /** Aborts the open uploads under the prefix whose source keys this worker owns (see the class documentation). */
  private void abortOwnUploads(TaskInfo task) throws IOException {
    String prefix = options.destinationPrefix();
    List<MultipartUpload> open = sink.listMultipartUploads(prefix);
    int aborted = 0;
    for (MultipartUpload u : open) {
      if (!u.key().startsWith(prefix)) {
        continue;
      }
      String sourceKey = u.key().substring(prefix.length());
      if (owns(task, sourceKey)) {
        sink.abortMultipart(u.key(), u.uploadId());
        aborted++;
      }
    }
    if (aborted > 0) {
      LOG.info("worker {} aborted {} multipart upload(s) left by an earlier attempt", task.getIndexOfThisSubtask(),
          aborted);
    }
  }

  /** True when the stream partitioned by source key sends {@code sourceKey} to this worker. */
  static boolean owns(TaskInfo task, String sourceKey) {
    return KeyGroupRangeAssignment.assignKeyToParallelOperator(sourceKey, task.getMaxNumberOfParallelSubtasks(),
        task.getNumberOfParallelSubtasks()) == task.getIndexOfThisSubtask();
  }

  @Override
  public void asyncInvoke(Listed in, ResultFuture<ObjectResult> out) {
    if (in.listingError != null) {
      out.complete(List.of(ObjectResult.listingStopped(in.listingError)));
      return;
    }
    SourceEntry e = in.decode();
    if (e instanceof SourceEntry.Found f) {
      pool.execute(() -> run(f.object(), out));
    } else if (e instanceof SourceEntry.Skipped s) {
      out.complete(List.of(ObjectResult.skipped(s.key(), s.reason())));
    } else {
      SourceEntry.Failed f = (SourceEntry.Failed) e;
      out.complete(List.of(ObjectResult.failed(f.key(), f.kind(), f.reason())));
    }
  }

  private void run(ObjectInfo object, ResultFuture<ObjectResult> out) {
    try {
      TransferOutcome o;
      limits.acquire();
      try {
        o = transfer.transfer(object);
      } finally {
        limits.release();
      }
      Long bytes = sent.remove(object.key());
      ObjectResult r = ObjectResult.of(o, bytes == null ? Math.max(0, object.size()) : bytes);
      r.throttled = sink.takeThrottled(options.destinationKey(object.key()));
      r.lowestShare = limits.lowest();
      out.complete(List.of(r));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.completeExceptionally(e);
    } catch (Throwable t) {
      // an error fatal to the run (or a JVM error): the task fails, Flink restarts it from its last checkpoint
      out.completeExceptionally(t);
    }
  }

  @Override
  public void close() throws Exception {
    if (pool != null) {
      // a transfer of this attempt must not go on once a restarted worker may abort and resend its key
      pool.shutdownNow();
      if (!pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
        LOG.warn("transfers still running 30 s after this worker was stopped");
      }
    }
    closeQuietly(sink);
    closeQuietly(source);
    if (ledger != null) {
      ledger.close();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      LOG.warn("closing {}: {}", c.getClass().getSimpleName(), Reasons.of(e));
    }
  }
}
