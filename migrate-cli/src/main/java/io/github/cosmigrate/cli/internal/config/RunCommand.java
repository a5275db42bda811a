package io.github.cosmigrate.cli.internal.config;

import io.github.cosmigrate.cli.Main;
import io.github.cosmigrate.cli.internal.CliSpecs;
import io.github.cosmigrate.cli.internal.Flag;
import io.github.cosmigrate.cli.internal.MigrationFlags;
import io.github.cosmigrate.cli.internal.CosCommand;
import io.github.cosmigrate.cli.internal.DryRun;
import io.github.cosmigrate.cli.internal.LocalCommand;
import io.github.cosmigrate.cli.internal.MigrationJob;
import io.github.cosmigrate.cli.internal.MigrationRun;
import io.github.cosmigrate.cli.internal.OssCommand;
import io.github.cosmigrate.cli.internal.S3Command;
import io.github.cosmigrate.cli.internal.SourceCommand;
import io.github.cosmigrate.cli.internal.UrlCommand;
import io.github.cosmigrate.cli.internal.Terminal;
import io.github.cosmigrate.cli.internal.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code cos-migrate run --config conf/config.ini}: the original tool's config file (with {@code -Dsection.key=value}
 * overrides and this tool's flags on top) translated into one migration command, checked as a whole (every problem
 * listed, exit 2, nothing migrated), then run on the file's schedule (daemon mode, execution windows) or previewed
 * ({@code --dry-run}).
 */
public final class RunCommand {
  private RunCommand() {}

  /** The config file read when {@code --config} is not given, as the original's {@code start_migrate.sh} did. */
  public static final String DEFAULT_CONFIG = "conf/config.ini";

  /**
   * The command's specification, for its help and the completion: {@code --config} and the flags every migration
   * command shares (the source's flags are those of the command the file's type names; this command reads its
   * own words, see {@link io.github.cosmigrate.cli.internal.CliCommand#raw}).
   */
  public static picocli.CommandLine.Model.CommandSpec spec() {
    return CliSpecs.rawSpec("run", new CliSpecs.Help("the original tool's config file (cos_migrate_tool_v5)",
        "Usage: cos-migrate run [--config FILE] [-Dsection.key=value]... [--dry-run] [FLAGS of the command]...",
        """
        Runs the migration a config file of the original tool (cos_migrate_tool_v5) describes: the same sections
        and keys ([migrateType] type: migrateLocal, migrateAws, migrateAli, migrateQiniu, migrateUrl,
        migrateBucketCopy), plus new keys (see the commented sample conf/config.ini). -Dsection.key=value
        overrides a key; a flag of the migration command (e.g. --concurrency 16, --quiet) overrides what the file
        says. Every bad value is listed at once (exit status 2) before anything is sent. Daemon mode
        (daemonMode, daemonModeInterVal) and execution windows (executeTimeWindow, e.g. 22:00,06:00, or
        Fri 20:00,Mon 06:00) are honoured.
        """, CommonKeys.describe() + "\n" + SourceKeys.describe() + "\n"
        + MigrationFlags.footer()), Flag.concat(List.of(Flag.value("config", "FILE", "the config file",
        DEFAULT_CONFIG)), MigrationFlags.flags()));
  }

  public static String usage() {
    return CliSpecs.usage(spec());
  }

  /** Runs with the system clock. */
  public static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env)
      throws UsageException {
    Clock clock = Clock.systemDefaultZone();
    return run(args, out, err, env, clock, PassScheduler.realWaits(clock), Integer.MAX_VALUE);
  }

  /**
   * Runs with an injected clock and waits.
   *
   * @param maxPasses in daemon mode, stop after this many completed passes (tests)
   */
  public static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env, Clock clock,
      PassScheduler.Waits waits, int maxPasses) throws UsageException {
    Problems problems = new Problems();
    List<String> rest = new ArrayList<>();
    // as with the original, -Dsection.key=value may also be a JVM system property (JAVA_OPTS); the argument wins
    Map<String, String> overrides = new java.util.LinkedHashMap<>(systemOverrides(System.getProperties()));
    overrides.putAll(ConfigValues.overrides(args, rest, problems));
    Path config = Path.of(takeConfig(rest).orElse(DEFAULT_CONFIG));
    String text;
    try {
      text = Files.readString(config, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException("--config " + config + ": cannot read the config file (" + e.getMessage() + ")");
    }
    List<String> warnings = new ArrayList<>();
    Translated t = ConfigTranslation.translate(new ConfigValues(IniFile.parse(text), overrides), env, clock,
        problems, warnings);
    warnings.forEach(err::println);
    if (!problems.isEmpty()) {
      err.println("cos-migrate: " + problems.list().size() + (problems.list().size() == 1 ? " problem" : " problems")
          + " in " + config + "; nothing was migrated:");
      problems.list().forEach(p -> err.println("  " + p));
      return Main.CONFIG;
    }
    Map<String, String> cmdEnv = new HashMap<>(env);
    cmdEnv.putAll(t.env());
    SourceCommand command = command(t.command());
    MigrationJob job = command.parse(t.args(rest), cmdEnv);
    for (String n : notes(t)) {
      err.println("cos-migrate: note: " + n);
    }
    if (job.dryRun()) {
      return DryRun.run(job, out, err);
    }
    return scheduled(job, out, err, clock, waits, maxPasses);
  }

  /**
   * Runs {@code job} on its schedule ({@code --daemon}, {@code --daemon-interval}, {@code --time-window}, or the
   * config keys translated into them); returns the exit status.
   *
   * @param maxPasses in daemon mode, stop after this many completed passes (tests)
   */
  public static int scheduled(MigrationJob job, PrintStream out, PrintStream err, Clock clock,
      PassScheduler.Waits waits, int maxPasses) throws UsageException {
    // SIGINT/SIGTERM while no pass runs (between daemon passes, outside the window) end the waiting: each pass
    // handles a signal itself while it runs (a scope of its own inside this one)
    StoppableWaits stoppable = new StoppableWaits(waits, Thread.currentThread());
    try (io.github.cosmigrate.cli.internal.StopSignals idle = io.github.cosmigrate.cli.internal.StopSignals.install(
        stoppable::stop, err, Duration.ofSeconds(30))) {
      try {
        return new PassScheduler(clock, stoppable, job.schedule(), err).run(deadline -> pass(job, out, err,
            stoppable, deadline), maxPasses);
      } catch (InterruptedException e) {
        Thread.interrupted(); // consumed: the stop is reported here
        err.println("cos-migrate: " + idle.received().map(s -> "stopped by " + s + " while waiting for the next"
            + " pass; the passes so far completed (their summaries are above)").orElse("interrupted")
            + "; rerun the same command to go on");
        return Main.ABORTED;
      }
    }
  }

  /** The file's notes, then the differences every run has. */
  static List<String> notes(Translated t) {
    List<String> n = new ArrayList<>(t.notes());
    n.add("the exit status is 1 when any object failed or the listing stopped early (the original exited 0);"
        + " failures are listed in the failures file next to the ledger");
    return n;
  }

  private static PassScheduler.Result pass(MigrationJob job, PrintStream out, PrintStream err,
      PassScheduler.Waits waits, Optional<java.time.Instant> deadline) throws UsageException {
    AtomicBoolean cut = new AtomicBoolean();
    List<AutoCloseable> timers = new ArrayList<>();
    boolean tty = Terminal.refreshInPlace(Terminal.STDERR, System.getenv());
    MigrationRun.Outcome o;
    try {
      o = MigrationRun.run(job, err, tty ? Duration.ofSeconds(1) : job.progressInterval(), tty, job.quiet(),
          io.github.cosmigrate.cli.internal.SettingNames.plainHttpWarning(job), m -> deadline.ifPresent(d -> timers.add(waits.at(d, () -> {
            cut.set(true);
            m.cancel();
          }))));
    } finally {
      for (AutoCloseable c : timers) {
        try {
          c.close();
        } catch (Exception ignored) {
          // a timer that cannot be cancelled has nothing left to do
        }
      }
    }
    if (cut.get() && o.status() == Main.ABORTED) {
      return new PassScheduler.Result(o.status(), true);
    }
    return new PassScheduler.Result(o.printAndStatus(out, err), false, o.stopped());
  }

  /** The system properties named {@code section.key} for a section of the config file. */
  static Map<String, String> systemOverrides(java.util.Properties props) {
    Map<String, String> o = new java.util.TreeMap<>();
    for (String name : props.stringPropertyNames()) {
      int dot = name.indexOf('.');
      if (dot > 0 && (ConfigTranslation.KNOWN.containsKey(name.substring(0, dot))
          || ConfigTranslation.OTHER_SECTIONS.contains(name.substring(0, dot)))) {
        o.put(name, props.getProperty(name));
      }
    }
    return o;
  }

  private static Optional<String> takeConfig(List<String> rest) throws UsageException {
    for (int i = 0; i < rest.size(); i++) {
      String a = rest.get(i);
      if (a.equals("--config")) {
        if (i + 1 >= rest.size()) {
          throw new UsageException("option --config needs a value (the config file)");
        }
        String v = rest.remove(i + 1);
        rest.remove(i);
        return Optional.of(v);
      }
      if (a.startsWith("--config=")) {
        rest.remove(i);
        return Optional.of(a.substring("--config=".length()));
      }
    }
    return Optional.empty();
  }

  static SourceCommand command(String name) {
    return switch (name) {
      case "local" -> LocalCommand.INSTANCE;
      case "s3" -> S3Command.INSTANCE;
      case "oss" -> OssCommand.INSTANCE;
      case "cos" -> CosCommand.INSTANCE;
      default -> UrlCommand.INSTANCE;
    };
  }

  /**
   * The scheduler's waits, ended by a stop (a signal while no pass runs): a wait under way is interrupted, and every
   * later wait ends at once; a pass under way is left alone (it has its own signal scope).
   */
  static final class StoppableWaits implements PassScheduler.Waits {
    private final PassScheduler.Waits waits;
    private final Thread waiter;
    private volatile boolean stopped;
    private volatile boolean waiting;

    StoppableWaits(PassScheduler.Waits waits, Thread waiter) {
      this.waits = waits;
      this.waiter = waiter;
    }

    synchronized void stop() {
      stopped = true;
      if (waiting) {
        waiter.interrupt();
      }
    }

    @Override
    public void sleepUntil(java.time.Instant t) throws InterruptedException {
      synchronized (this) {
        if (stopped) {
          throw new InterruptedException("stopped");
        }
        waiting = true;
      }
      try {
        waits.sleepUntil(t);
      } finally {
        synchronized (this) {
          waiting = false;
        }
      }
    }

    @Override
    public AutoCloseable at(java.time.Instant t, Runnable action) {
      return waits.at(t, action);
    }
  }
}
