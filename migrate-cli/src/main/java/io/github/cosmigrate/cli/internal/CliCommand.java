package io.github.cosmigrate.cli.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;

/**
 * One command of {@code cos-migrate}: its word, its parser specification (flags, help texts; also what the
 * completion script offers) and what runs it. A {@link #parsed} command gets its words parsed by picocli against
 * the specification; a {@link #raw} one reads its own words (the logging flags taken out), its specification serving
 * the help and the completion only.
 *
 * @param name the command word
 * @param spec builds the specification (a fresh one each time: picocli specifications are mutable)
 * @param parsed runs a parsed command (null for a raw one)
 * @param raw runs a raw command (null for a parsed one)
 */
public record CliCommand(String name, Supplier<CommandSpec> spec, Parsed parsed, Raw raw) {

  /** Runs a command on its parsed words; returns the exit status. */
  @FunctionalInterface
  public interface Parsed {
    int run(CliArgs args, PrintStream out, PrintStream err, Map<String, String> env) throws UsageException;
  }

  /** Runs a command on its words as given (without the logging flags); returns the exit status. */
  @FunctionalInterface
  public interface Raw {
    int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) throws UsageException;
  }

  /** A command whose words picocli parses against {@code spec}. */
  public static CliCommand parsed(String name, Supplier<CommandSpec> spec, Parsed run) {
    return new CliCommand(name, spec, run, null);
  }

  /** A command that reads its own words; {@code spec} gives its help and completion. */
  public static CliCommand raw(String name, Supplier<CommandSpec> spec, Raw run) {
    return new CliCommand(name, spec, null, run);
  }

  /**
   * A command that reads its own words and has a hand-written help text: e.g.
   * {@code CliCommand.legacy("ledger", "export the ledger, abort orphaned uploads", LedgerCommand::usage,
   * LedgerCommand::run)}. Its help is {@code usage} followed by the logging flags.
   */
  public static CliCommand legacy(String name, String summary, Supplier<String> usage, Raw run) {
    return raw(name, () -> CliSpecs.rawSpec(name, new CliSpecs.Help(summary, usage.get(), "", ""), List.of()), run);
  }

  /** The migration command {@code c}. */
  public static CliCommand of(SourceCommand c) {
    return parsed(c.name(), c::spec, c::run);
  }
}
