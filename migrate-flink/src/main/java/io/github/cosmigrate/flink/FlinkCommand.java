package io.github.cosmigrate.flink;

import io.github.cosmigrate.api.JsonString;
import io.github.cosmigrate.api.FailedObject;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.cli.Main;
import io.github.cosmigrate.cli.internal.CliSpecs;
import io.github.cosmigrate.cli.internal.CosCommand;
import io.github.cosmigrate.cli.internal.LogSession;
import io.github.cosmigrate.cli.internal.LocalCommand;
import io.github.cosmigrate.cli.internal.MigrationJob;
import io.github.cosmigrate.cli.internal.MigrationRun;
import io.github.cosmigrate.cli.internal.OssCommand;
import io.github.cosmigrate.cli.internal.Plugins;
import io.github.cosmigrate.cli.internal.ReportJson;
import io.github.cosmigrate.cli.internal.S3Command;
import io.github.cosmigrate.cli.internal.Sizes;
import io.github.cosmigrate.cli.internal.SourceCommand;
import io.github.cosmigrate.cli.internal.SourceSpec;
import io.github.cosmigrate.cli.internal.UrlCommand;
import io.github.cosmigrate.cli.internal.UsageException;
import io.github.cosmigrate.error.ConfigurationException;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.sink.cos.CosSinkProvider;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A migration command of the command line ({@code local}, {@code s3}, {@code oss}, {@code url}, {@code cos}, with
 * that command's own flags) run as a Flink job: the flags are parsed and checked by the command line's own code, the
 * source and the destination are opened once here to report configuration errors as the command line does (exit
 * 2), and the job's outputs and exit status follow the command line's rules: the summary on stdout, failures and
 * the reason on stderr, {@code --report} JSON, the failures file (the first {@value
 * io.github.cosmigrate.flink.internal.Tally#MAX_FAILURES} failures), exit 0/1/2/3.
 *
 * <p>Its own flags: {@code --parallelism N} (listing readers and transfer workers; default 4). The command's
 * {@code --concurrency} is the job's total of objects in flight, divided across the workers, as are
 * {@code --bandwidth} and {@code --requests-per-second}; a worker whose requests COS throttles backs off its own
 * share (the summary then says how often COS throttled). Progress lines on stderr every {@code --progress-interval}
 * (none with {@code --quiet}), as the counts of the job's checkpoints arrive. {@code --skip-mode destination} skips
 * objects COS already holds with the same size and CRC-64 (the core's own check); other skip modes send every
 * object (the job keeps no ledger). {@code --dry-run} is refused.
 */
public final class FlinkCommand {
  /** Default parallelism of {@code flink-local}. */
  public static final int DEFAULT_PARALLELISM = 4;

  private FlinkCommand() {}

  /**
   * Runs {@code args} ({@code COMMAND FLAGS... [--parallelism N]}) on the environment {@code environment} makes for
   * a parallelism and the job's state directory; returns the exit status.
   */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env,
      EnvironmentFactory environment) {
    try {
      return runChecked(args, out, err, env, environment);
    } catch (UsageException e) {
      err.println("cos-migrate: " + e.getMessage());
      return Main.CONFIG;
    }
  }

  /** Makes the Flink environment for a job. */
  @FunctionalInterface
  public interface EnvironmentFactory {
    /**
     * @param parallelism the job's parallelism
     * @param stateDir a directory for the job's checkpoints (under the command's {@code --ledger} directory)
     */
    StreamExecutionEnvironment create(int parallelism, Path stateDir);
  }

  private static int runChecked(String[] args, PrintStream out, PrintStream err, Map<String, String> env,
      EnvironmentFactory environment) throws UsageException {
    if (args.length == 0) {
      throw new UsageException("missing command: flink-local COMMAND [that command's flags] [--parallelism N],"
          + " COMMAND one of local, s3, oss, url, cos");
    }
    SourceCommand command = switch (args[0]) {
      case "local" -> LocalCommand.INSTANCE;
      case "s3" -> S3Command.INSTANCE;
      case "oss" -> OssCommand.INSTANCE;
      case "url" -> UrlCommand.INSTANCE;
      case "cos" -> CosCommand.INSTANCE;
      default -> throw new UsageException("flink-local: unknown command '" + args[0] + "' (local, s3, oss, url, cos)");
    };
    List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
    int parallelism = takeParallelism(rest);
    if (rest.contains("--help") || rest.contains("-h")) {
      out.print(command.usage());
      out.println("  --parallelism N               (flink-local) listing readers and transfer workers (default "
          + DEFAULT_PARALLELISM + ")");
      return Main.OK;
    }
    MigrationJob job = command.parse(rest, env);
    if (job.dryRun()) {
      throw new UsageException("--dry-run: flink-local does not do dry runs; run the command without flink-local"
          + " (" + args[0] + " --dry-run ...)");
    }
    if (!job.schedule().once()) {
      throw new UsageException("flink-local runs one pass: --daemon and --time-window are for the command without"
          + " flink-local");
    }
    // the logging flags, as every command has them
    try (LogSession log = LogSession.open(CliSpecs.parseLogging("flink-local", rest), env)) {
      return run(job, args[0], parallelism, out, err, environment);
    }
  }

  private static int run(MigrationJob job, String commandWord, int parallelism, PrintStream out, PrintStream err,
      EnvironmentFactory environment) throws UsageException {
    JobSpec spec = spec(job, parallelism);
    check(job);
    io.github.cosmigrate.cli.internal.SettingNames.plainHttpWarning(job).ifPresent(err::println);
    Path stateDir = job.ledgerDir().resolve("flink-" + job.identity().id());
    FlinkMigration.Result result;
    try {
      Files.createDirectories(stateDir);
      result = FlinkMigration.execute(environment.create(parallelism, stateDir), spec, parallelism,
          "cos-migrate " + commandWord + " -> " + job.target().bucket(),
          job.quiet() ? Duration.ZERO : job.progressInterval(), progressLines(job, err));
    } catch (Exception e) {
      return failed(e, err);
    }
    MigrationReport report = result.report();
    if (job.report().isPresent()) {
      try {
        ReportJson.write(report, job.report().get());
      } catch (IOException e) {
        err.println("cos-migrate: could not write --report " + job.report().get() + ": " + e.getMessage());
      }
    }
    Path failures = job.options().failuresFile()
        .orElse(job.ledgerDir().resolve("failures-" + job.identity().id() + ".jsonl"));
    Optional<Path> written = writeFailures(report, failures, err);
    int status = MigrationRun.outcomeOf(report, Map.of(), written).printAndStatus(out, err);
    throttling(result).ifPresent(out::println);
    return status;
  }

  /** The summary's line about COS's throttling, when the workers met any. */
  static Optional<String> throttling(FlinkMigration.Result r) {
    if (r.throttled() == 0) {
      return Optional.empty();
    }
    return Optional.of("throttled: " + r.throttled() + " SlowDown/503 answers from COS (each retried); workers"
        + " backed off to as few as " + r.lowestConcurrency() + " of " + r.concurrency() + " objects in flight each");
  }

  /** Prints a progress line to {@code err} at most once per the job's interval (nothing with --quiet). */
  private static Consumer<MigrationReport> progressLines(MigrationJob job, PrintStream err) {
    if (job.quiet()) {
      return r -> { };
    }
    long every = job.progressInterval().toNanos();
    long[] last = {System.nanoTime()};
    return r -> {
      long now = System.nanoTime();
      if (now - last[0] >= every) {
        last[0] = now;
        err.println(progressLine(r));
      }
    };
  }

  /** One progress line: objects settled so far (by state), bytes sent, and the rates since the start. */
  static String progressLine(MigrationReport r) {
    double secs = Math.max(0.001, r.elapsed().toMillis() / 1000.0);
    return String.format(Locale.ROOT, "[%s] %s objects (%s migrated, %s skipped, %s failed) | %s | %s, %.0f objects/s",
        Sizes.duration(r.elapsed()), Sizes.count(r.total()), Sizes.count(r.migrated()), Sizes.count(r.skipped()),
        Sizes.count(r.failed()), Sizes.bytes(r.bytesTransferred()), Sizes.rate(r.bytesTransferred() / secs),
        r.total() / secs);
  }

  /** The job a parsed command describes. */
  static JobSpec spec(MigrationJob job, int parallelism) {
    SourceSpec s = job.source();
    JobSpec.Manifest manifest = s.manifest().map(m -> new JobSpec.Manifest(m.file().toAbsolutePath().toString(),
        m.schema().orElse(null), m.bucket(), m.prefix())).orElse(null);
    int perWorker = Math.max(1, (job.options().concurrency() + parallelism - 1) / parallelism);
    return new JobSpec(s.type(), s.settings(), manifest, CosSinkProvider.TYPE,
        Plugins.cosSettings(job.target(), perWorker + job.options().partConcurrency()),
        JobSpec.Transfer.of(job.options()), job.bandwidth().orElse(0L), job.requestsPerSecond().orElse(0.0),
        perWorker);
  }

  /** Opens the source and the destination once, as the command line does, so that their errors are usage errors. */
  private static void check(MigrationJob job) throws UsageException {
    try (Source source = Plugins.source(job.source());
        Sink sink = Plugins.cosSink(job.target(), 1)) {
      if (!source.resumableCursors()) {
        throw new UsageException(job.source().subject() + ": this source's listing positions cannot be resumed,"
            + " so it cannot run as a Flink job (run the command without flink-local)");
      }
      sink.limits();
    } catch (IOException e) {
      throw new UsageException(job.source().subject() + ": " + e.getMessage());
    }
  }

  private static int takeParallelism(List<String> rest) throws UsageException {
    int p = DEFAULT_PARALLELISM;
    for (int i = 0; i < rest.size(); i++) {
      String a = rest.get(i);
      String v = null;
      if (a.equals("--parallelism")) {
        if (i + 1 >= rest.size()) {
          throw new UsageException("--parallelism needs a value, e.g. --parallelism 4");
        }
        v = rest.get(i + 1);
        rest.subList(i, i + 2).clear();
      } else if (a.startsWith("--parallelism=")) {
        v = a.substring("--parallelism=".length());
        rest.remove(i);
      }
      if (v != null) {
        try {
          p = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
          p = 0;
        }
        if (p < 1 || p > 4096) {
          throw new UsageException("--parallelism '" + v + "' must be a whole number from 1 to 4096");
        }
        i--;
      }
    }
    return p;
  }

  private static Optional<Path> writeFailures(MigrationReport r, Path file, PrintStream err) {
    try {
      Files.deleteIfExists(file);
      if (r.failures().isEmpty()) {
        return Optional.empty();
      }
      StringBuilder sb = new StringBuilder();
      for (FailedObject f : r.failures()) {
        sb.append("{\"key\":").append(JsonString.quote(f.key())).append(",\"kind\":\"").append(f.kind().name())
            .append("\",\"reason\":").append(JsonString.quote(f.reason())).append("}\n");
      }
      Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
      return Optional.of(file);
    } catch (IOException e) {
      err.println("cos-migrate: could not write the failures file " + file + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /** The exit status and one line for a job that did not finish. */
  private static int failed(Exception e, PrintStream err) {
    Throwable root = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MigrateException || t instanceof IOException) {
        root = t;
        break;
      }
      root = t;
    }
    String msg = root.getMessage() == null ? root.toString() : root.getMessage();
    msg = msg.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    if (root instanceof ConfigurationException
        || (root instanceof MigrateException && MigrateException.kindOf(root).fatalToRun())) {
      err.println("cos-migrate: " + msg);
      return Main.CONFIG;
    }
    err.println("cos-migrate: the Flink job stopped: " + msg + "; run the same command again to start over (or"
        + " resume a cluster job from its last checkpoint or savepoint, see the README)");
    return Main.ABORTED;
  }
}
