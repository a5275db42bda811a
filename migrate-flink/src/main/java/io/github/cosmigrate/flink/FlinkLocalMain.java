package io.github.cosmigrate.flink;

import java.time.Duration;

/**
 * {@code cos-migrate flink-local COMMAND [that command's flags] [--parallelism N]}: the command's migration as a
 * Flink job on an embedded mini-cluster in this JVM ({@link LocalCluster}), with checkpoints every 2 seconds under
 * the command's ledger directory and up to 3 restarts of failed tasks. Same outputs and exit status as the command.
 */
public final class FlinkLocalMain {
  private FlinkLocalMain() {}

  public static void main(String[] args) {
    if (System.getProperty("com.Qcloud.services.cos.disablePutObjectMD5Validation") == null) {
      // as the command line: every put is verified by CRC-64 end to end, the SDK's MD5 adds only CPU
      System.setProperty("com.Qcloud.services.cos.disablePutObjectMD5Validation", "true");
    }
    int status = FlinkCommand.run(args, System.out, System.err, System.getenv(),
        (parallelism, stateDir) -> LocalCluster.environment(parallelism, Duration.ofSeconds(2), 3,
            stateDir.resolve("checkpoints")));
    System.out.flush();
    System.err.flush();
    System.exit(status);
  }
}
