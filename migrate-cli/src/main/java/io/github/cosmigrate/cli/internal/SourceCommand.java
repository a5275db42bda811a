package io.github.cosmigrate.cli.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A migration command from one kind of source into COS ({@code local}, later {@code s3}, {@code oss}): the command
 * declares its own source flags and maps them to the source provider's settings; the destination, ledger, report
 * and tuning flags ({@link MigrationFlags}), the parsing, the run and the exit status are shared.
 */
public abstract class SourceCommand {

  /** The command word, e.g. {@code local}. */
  public abstract String name();

  /** The first usage lines: the synopsis, what the command does, and its required source flags. */
  protected abstract String usageHead();

  /** The usage lines of the command's optional source flags (may be empty). */
  protected abstract String sourceOptionsUsage();

  /** The command's source flags that take a value. */
  protected abstract Set<String> valueFlags();

  /** The command's source flags that take none. */
  protected Set<String> switches() {
    return Set.of();
  }

  /** The command's source flags that may repeat. */
  protected Set<String> repeatable() {
    return Set.of();
  }

  /** Reads the command's source flags into provider settings. */
  protected abstract SourceSpec source(CliArgs a, Map<String, String> env) throws UsageException;

  /** Checks that need both the source and the rest of the job (e.g. the ledger is not inside the source). */
  protected void check(MigrationJob job) throws UsageException {}

  /** The whole {@code --help} text. */
  public final String usage() {
    return usageHead() + MigrationFlags.REQUIRED_USAGE + "\nOptions:\n" + sourceOptionsUsage()
        + MigrationFlags.OPTIONS_USAGE;
  }

  /** Parses and checks the arguments. */
  public final MigrationJob parse(List<String> args, Map<String, String> env) throws UsageException {
    Set<String> values = new HashSet<>(MigrationFlags.VALUE_OPTIONS);
    values.addAll(valueFlags());
    Set<String> sw = new HashSet<>(MigrationFlags.SWITCHES);
    sw.addAll(switches());
    CliArgs a = CliArgs.parse(args, values, sw, repeatable());
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
    MigrationJob job = parse(args, env);
    if (job.dryRun()) {
      return DryRun.run(job, out, err);
    }
    boolean tty = Terminal.refreshInPlace(Terminal.STDERR, env);
    MigrationRun.Outcome outcome = MigrationRun.run(job, err, tty ? Duration.ofSeconds(1) : job.progressInterval(),
        tty, job.quiet(), SettingNames.plainHttpWarning(job));
    return outcome.printAndStatus(out, err);
  }
}
