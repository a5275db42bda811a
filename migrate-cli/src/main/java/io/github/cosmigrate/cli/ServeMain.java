package io.github.cosmigrate.cli;

import io.github.cosmigrate.cli.internal.CliArgs;
import io.github.cosmigrate.cli.internal.CliSpecs;
import io.github.cosmigrate.cli.internal.Flag;
import io.github.cosmigrate.cli.internal.EmbeddedCos;
import io.github.cosmigrate.cli.internal.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded COS-compatible server alone, for comparisons with other tools: S3Proxy on disk behind the COS
 * dialect proxy, on 127.0.0.1. Prints {@code endpoint http://127.0.0.1:PORT} on one line once it is ready, then
 * serves until the process is stopped (SIGTERM, Ctrl-C). The proxy passes plain S3 requests through, so S3 tools
 * (rclone) and cos-migrate hit the same server.
 */
public final class ServeMain {
  private ServeMain() {}

  public static void main(String[] args) {
    int status = run(Arrays.asList(args), System.out, System.err);
    System.exit(status);
  }

  /** The command's parser specification. */
  static picocli.CommandLine.Model.CommandSpec spec() {
    return CliSpecs.spec("serve", new CliSpecs.Help("the embedded COS-compatible server alone, for comparisons",
        "Usage: cos-migrate serve --dir DIR [--bucket NAME-APPID]...", """
        Starts S3Proxy storing objects under DIR behind the COS dialect proxy on 127.0.0.1 (a free port),
        creates the given buckets, prints "endpoint http://127.0.0.1:PORT" and serves until stopped (SIGTERM).
        For tests and comparisons only: no authentication.
        """, ""), List.of(Flag.value("dir", "DIR", "required: where the server stores objects"),
        Flag.repeatable("bucket", "NAME-APPID", "create this bucket (repeatable, or comma separated)")));
  }

  static String usage() {
    return CliSpecs.usage(spec());
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    try {
      return run(CliSpecs.parse(spec(), args), out, err);
    } catch (UsageException e) {
      err.println("cos-migrate serve: " + e.getMessage());
      return Main.CONFIG;
    }
  }

  static int run(CliArgs a, PrintStream out, PrintStream err) {
    try {
      a.require("dir", "where the server stores objects");
    } catch (UsageException e) {
      err.println("cos-migrate serve: " + e.getMessage());
      return Main.CONFIG;
    }
    EmbeddedCos cos;
    try {
      cos = EmbeddedCos.startOnDisk(Path.of(a.get("dir").get()));
    } catch (IOException e) {
      err.println("cos-migrate serve: could not start the server: " + e.getMessage());
      return Main.ABORTED;
    }
    for (String b : a.all("bucket")) {
      for (String one : b.split(",")) {
        if (!one.isBlank()) {
          cos.createBucket(one.trim());
        }
      }
    }
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.countDown();
      cos.close();
    }, "serve-shutdown"));
    out.println("endpoint " + cos.endpoint());
    out.flush();
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Main.OK;
  }
}
