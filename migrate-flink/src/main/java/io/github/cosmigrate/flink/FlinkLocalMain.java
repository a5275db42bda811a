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
    quietFlink();
    int status = FlinkCommand.run(args, System.out, System.err, System.getenv(),
        (parallelism, stateDir) -> LocalCluster.environment(parallelism, Duration.ofSeconds(2), 3,
            stateDir.resolve("checkpoints")));
    System.out.flush();
    System.err.flush();
    System.exit(status);
  }

  /**
   * Flink's own warnings about a cluster that this embedded one does not have (no log file, no delegation tokens,
   * no web UI) would be the only lines on stderr: its loggers log errors only, unless COS_MIGRATE_LOG asks for more.
   */
  private static void quietFlink() {
    if (System.getenv("COS_MIGRATE_LOG") != null || System.getProperty("cos-migrate.log") != null) {
      return;
    }
    for (String name : new String[] {"org.apache.flink", "org.apache.pekko"}) {
      if (org.slf4j.LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger l) {
        l.setLevel(ch.qos.logback.classic.Level.ERROR);
      }
    }
  }
}
