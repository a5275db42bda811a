package io.github.cosmigrate.cli.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A migration command from one kind of source into COS ({@code local}, later {@code s3}, {@code oss}): the command
 * declares its own source flags and maps them to the source provider's settings; the destination, ledger, report
 * and tuning flags ({@link MigrationFlags}), the parsing, the run and the exit status are shared.
 */
public abstract class SourceCommand {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SourceCommand.class);

  /** The command word, e.g. {@code local}. */
  public abstract String name();

  /** One line saying what the command does (the list of commands shows it). */
  public abstract String summary();

  /** The usage lines, e.g. {@code Usage: cos-migrate local --source DIR ...}. */
  protected abstract String synopsis();

  /** What the command does, in a paragraph or two. */
  protected abstract String description();

  /** The environment variables the source's credentials come from, one line (empty when none). */
  protected String sourceEnvironment() {
    return "";
  }

  /** The command's source flags (its required ones first, their description starting with "required:"). */
  protected abstract List<Flag> sourceFlags();

  /** Every flag of the command: its source flags, then the destination's and the job's. */
  public final List<Flag> flags() {
    return Flag.concat(sourceFlags(), MigrationFlags.FLAGS);
  }

  /** The command's parser specification (help, completion), built from {@link #flags()}. */
  public final picocli.CommandLine.Model.CommandSpec spec() {
    String env = sourceEnvironment().isEmpty() ? "" : "Source credentials: " + sourceEnvironment() + "\n";
    return CliSpecs.spec(name(), new CliSpecs.Help(summary(), synopsis(), description(), env
        + MigrationFlags.FOOTER), flags());
  }

  /** Reads the command's source flags into provider settings. */
  protected abstract SourceSpec source(CliArgs a, Map<String, String> env) throws UsageException;

  /** Checks that need both the source and the rest of the job (e.g. the ledger is not inside the source). */
  protected void check(MigrationJob job) throws UsageException {}

  /** The whole {@code --help} text, generated from {@link #flags()}. */
  public final String usage() {
    return CliSpecs.usage(spec());
  }

  /** Parses and checks the arguments. */
  public final MigrationJob parse(List<String> args, Map<String, String> env) throws UsageException {
    return parse(CliSpecs.parse(spec(), args), env);
  }

  /** Checks parsed arguments. */
  public final MigrationJob parse(CliArgs a, Map<String, String> env) throws UsageException {
    if (!a.positional().isEmpty()) {
      throw new UsageException("unexpected argument '" + a.positional().get(0) + "' (see cos-migrate " + name()
          + " --help)");
    }
    SourceSpec source = source(a, env);
    MigrationJob job = MigrationFlags.parse(a, env, source);
    check(job);
    return job;
  }

  /** Runs the command; returns the exit status. */
  public final int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env)
      throws UsageException {
    return run(CliSpecs.parse(spec(), args), out, err, env);
  }

  /** Runs the command; returns the exit status. */
  public final int run(CliArgs args, PrintStream out, PrintStream err, Map<String, String> env)
      throws UsageException {
    MigrationJob job = parse(args, env);
    // the identity and the target print no secret (the source's settings, which hold credentials, are not logged)
    LOG.debug("job {} -> {}: {}, {}", job.identity().source(), job.identity().destination(), job.target(),
        job.options());
    if (job.dryRun()) {
      return DryRun.run(job, out, err);
    }
    if (!job.schedule().once()) {
      java.time.Clock clock = java.time.Clock.systemDefaultZone();
      return io.github.cosmigrate.cli.internal.config.RunCommand.scheduled(job, out, err, clock,
          io.github.cosmigrate.cli.internal.config.PassScheduler.realWaits(clock), Integer.MAX_VALUE);
    }
    boolean tty = Terminal.refreshInPlace(Terminal.STDERR, env);
    MigrationRun.Outcome outcome = MigrationRun.run(job, err, tty ? Duration.ofSeconds(1) : job.progressInterval(),
        tty, job.quiet(), SettingNames.plainHttpWarning(job));
    return outcome.printAndStatus(out, err);
  }
}
