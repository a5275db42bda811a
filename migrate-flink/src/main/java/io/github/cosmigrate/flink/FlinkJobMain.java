package io.github.cosmigrate.flink;

import java.time.Duration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job jar's entry point for {@code flink run}: {@code flink run -p N cos-migrate-flink-job.jar COMMAND [that
 * command's flags]}. The environment is the cluster's ({@link StreamExecutionEnvironment#getExecutionEnvironment()}):
 * its state backend, checkpoint storage and restart strategy come from the cluster's configuration (or {@code -D}
 * options of {@code flink run}); checkpointing is turned on every 10 seconds when the configuration does not set an
 * interval. The parallelism is {@code --parallelism N}, else the one {@code flink run -p} sets.
 */
public final class FlinkJobMain {
  private FlinkJobMain() {}

  public static void main(String[] args) {
    int status = FlinkCommand.run(withDefaultParallelism(args), System.out, System.err, System.getenv(),
        (parallelism, stateDir) -> {
          StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
          if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(Duration.ofSeconds(10).toMillis());
          }
          return env;
        });
    if (status != 0) {
      // flink run reports a main that throws; a normal return means success to it
      throw new IllegalStateException("cos-migrate job ended with exit status " + status);
    }
  }

  private static String[] withDefaultParallelism(String[] args) {
    for (String a : args) {
      if (a.equals("--parallelism") || a.startsWith("--parallelism=")) {
        return args;
      }
    }
    int p = StreamExecutionEnvironment.getExecutionEnvironment().getParallelism();
    if (p < 1) {
      return args;
    }
    String[] out = java.util.Arrays.copyOf(args, args.length + 2);
    out[args.length] = "--parallelism";
    out[args.length + 1] = String.valueOf(p);
    return out;
  }
}
