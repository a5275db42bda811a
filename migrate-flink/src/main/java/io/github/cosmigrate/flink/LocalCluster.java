package io.github.cosmigrate.flink;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The embedded Flink mini-cluster of {@code cos-migrate flink-local}: one JVM, {@code parallelism} task slots,
 * unaligned checkpoints every {@code checkpointInterval} with the heap ("hashmap") state backend (the job's state
 * is small: a listing cursor, a few pages, the objects in flight, the report's counts) into a directory, and a
 * fixed-delay restart strategy, so a failed task is restarted from the last checkpoint. Network buffers are small
 * (4 KiB segments): listed entries are small, and fewer of them queued between listing and transfer means less
 * channel state in each checkpoint.
 */
public final class LocalCluster {
  private LocalCluster() {}

  /** A local environment for one job. */
  public static StreamExecutionEnvironment environment(int parallelism, Duration checkpointInterval,
      int restartAttempts, Path checkpointDir) {
    Map<String, String> c = new HashMap<>();
    c.put("execution.checkpointing.interval", checkpointInterval.toMillis() + " ms");
    c.put("execution.checkpointing.unaligned.enabled", "true");
    c.put("execution.checkpointing.dir", checkpointDir.toAbsolutePath().toUri().toString());
    c.put("taskmanager.memory.segment-size", "4kb");
    c.put("state.backend.type", "hashmap");
    c.put("restart-strategy.type", "fixed-delay");
    c.put("restart-strategy.fixed-delay.attempts", String.valueOf(restartAttempts));
    c.put("restart-strategy.fixed-delay.delay", "200 ms");
    c.put("taskmanager.memory.managed.size", "16m");
    c.put("taskmanager.memory.network.min", "32m");
    c.put("taskmanager.memory.network.max", "32m");
    c.put("rest.bind-address", "127.0.0.1");
    c.put("rest.address", "127.0.0.1");
    c.put("jobmanager.bind-host", "127.0.0.1");
    c.put("taskmanager.bind-host", "127.0.0.1");
    c.put("taskmanager.host", "127.0.0.1");
    return StreamExecutionEnvironment.createLocalEnvironment(parallelism, Configuration.fromMap(c));
  }
}
