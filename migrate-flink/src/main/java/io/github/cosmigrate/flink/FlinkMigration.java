package io.github.cosmigrate.flink;

import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.flink.internal.Listed;
import io.github.cosmigrate.flink.internal.ListingSource;
import io.github.cosmigrate.flink.internal.ObjectResult;
import io.github.cosmigrate.flink.internal.ReportOperator;
import io.github.cosmigrate.flink.internal.Tally;
import io.github.cosmigrate.flink.internal.TransferFunction;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * A migration as a Flink job. The graph:
 *
 * <pre>
 *   listing (FLIP-27 source: enumerator lists pages, readers emit entries)
 *     -> partitioned by source key
 *     -> transfer (the core's per-object transfer, {@code concurrency} objects at once per worker)
 *     -> report (parallelism 1: merges every result into one report, emitted at the end)
 * </pre>
 *
 * <p>Every piece of the job's progress is in Flink's checkpointed state: the enumerator's listing cursor and
 * unassigned pages, the readers' unemitted entries, the transfer operator's objects in flight, the report's counts.
 * After a failure Flink restores all of them from the last completed checkpoint: finished objects are not sent again,
 * objects in flight at the checkpoint or finished after it are; uploads of the failed attempt are aborted when the
 * workers start again. Enable checkpointing on the environment (the caller's choice of interval and state backend);
 * {@link #build} turns on unaligned checkpoints.
 */
public final class FlinkMigration {
  private FlinkMigration() {}

  /** Adds the job to {@code env} with the given parallelism of listing and transfer; returns the report stream. */
  public static DataStream<byte[]> build(StreamExecutionEnvironment env, JobSpec spec, int parallelism) {
    return build(env, spec, parallelism, Duration.ZERO);
  }

  /**
   * As {@link #build(StreamExecutionEnvironment, JobSpec, int)}; the report stream also carries the counts so far at
   * most once per {@code progressEvery} ({@link Duration#ZERO}: the final report only).
   */
  public static DataStream<byte[]> build(StreamExecutionEnvironment env, JobSpec spec, int parallelism,
      Duration progressEvery) {
    Objects.requireNonNull(spec, "spec");
    // Unaligned: a barrier overtakes the listed entries queued in the network buffers (they go into the checkpoint
    // as channel state) instead of waiting behind them, so a checkpoint completes while transfers are backlogged and
    // the work redone after a restore stays within what was in flight.
    env.getCheckpointConfig().enableUnalignedCheckpoints();
    DataStream<Listed> listed = env.fromSource(new ListingSource(spec), WatermarkStrategy.noWatermarks(), "listing")
        .setParallelism(parallelism).uid("listing");
    DataStream<ObjectResult> results = AsyncDataStream.unorderedWait(listed.keyBy(new BySourceKey()),
            new TransferFunction(spec), 0, TimeUnit.MILLISECONDS, spec.concurrency())
        .setParallelism(parallelism).uid("transfer").name("transfer");
    return results.transform("report", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO, new ReportOperator(progressEvery.toMillis()))
        .setParallelism(1).setMaxParallelism(1).uid("report");
  }

  /**
   * Runs the job on {@code env} (a mini-cluster, or the cluster {@code flink run} submits to) and returns its merged
   * report once it has finished.
   *
   * @throws Exception when the job fails for good (its restarts exhausted) or is cancelled
   */
  public static MigrationReport run(StreamExecutionEnvironment env, JobSpec spec, int parallelism, String jobName)
      throws Exception {
    return execute(env, spec, parallelism, jobName).report();
  }

  /**
   * The job's merged report, and what the workers met of COS's throttling.
   *
   * @param report the merged report
   * @param throttled THROTTLED answers (SlowDown, 503) the workers' sinks got; each was retried by the core's rule
   * @param lowestConcurrency the fewest objects in flight a worker backed off to (its share of the job's
   *     concurrency when it was never throttled; 0 when no object was transferred)
   * @param concurrency each worker's share of the job's objects in flight
   */
  public record Result(MigrationReport report, long throttled, int lowestConcurrency, int concurrency) {}

  /** As {@link #run}, with the throttling the workers met. */
  public static Result execute(StreamExecutionEnvironment env, JobSpec spec, int parallelism, String jobName)
      throws Exception {
    return execute(env, spec, parallelism, jobName, Duration.ZERO, p -> { });
  }

  /**
   * As {@link #run}, with the throttling the workers met; hands {@code progress} the counts so far (a report whose
   * elapsed time is the time since the start) about once per {@code progressEvery} while objects finish. They come
   * as the job's checkpoints complete (the collected results of a job with checkpoints are delivered then), and go
   * back to a checkpoint's counts after a restore.
   */
  public static Result execute(StreamExecutionEnvironment env, JobSpec spec, int parallelism, String jobName,
      Duration progressEvery, Consumer<MigrationReport> progress) throws Exception {
    long start = System.nanoTime();
    Tally tally = null;
    try (CloseableIterator<byte[]> it = build(env, spec, parallelism, progressEvery).executeAndCollect(jobName)) {
      while (it.hasNext()) {
        tally = Tally.fromBytes(it.next());
        if (!tally.finished()) {
          progress.accept(tally.report(Duration.ofNanos(System.nanoTime() - start)));
        }
      }
    }
    if (tally == null || !tally.finished()) {
      throw new IllegalStateException("the job ended without a report");
    }
    return new Result(tally.report(Duration.ofNanos(System.nanoTime() - start)), tally.throttled(),
        tally.lowestShare(), spec.concurrency());
  }

  /** Partitions listed entries by source key. */
  static final class BySourceKey implements KeySelector<Listed, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(Listed l) {
      return l.key;
    }
  }
}
