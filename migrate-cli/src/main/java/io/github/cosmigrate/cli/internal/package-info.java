/**
 * The command line's implementation, not API: argument parsing (picocli underneath: each command declares its
 * flags once as a table of {@code Flag}s, from which {@code CliSpecs} builds the parser, the generated help and the
 * shell completion ({@code Completion}); {@code CliArgs} reads the parsed values with the shared checks;
 * {@code CliCommand} is one entry of the command list in {@code Main}; {@code LogSession} applies the logging flags
 * every command has), the destination ({@code CosTarget}), sizes in {@code Sizes}, the commands
 * ({@code LocalCommand}, {@code DemoCommand} with {@code DemoData}, {@code UploadsCommand}, {@code LedgerCommand}:
 * {@code ledger export|gc}), one migration run with progress, SIGINT/SIGTERM handling and the exit status
 * ({@code MigrationRun}, {@code ProgressPrinter} with {@code Terminal} deciding refresh-in-place or lines,
 * {@code StopSignals}, {@code RunSummary} in the original tool's layout, {@code ReportJson}), plugin construction
 * through the providers
 * ({@code Plugins}: flags become a settings map, a settings error becomes a usage error naming the flag), the
 * embedded server ({@code EmbeddedCos}), and {@code verify} ({@code VerifyCommand} over the job a migration command
 * line describes; {@code JobVerifier} compares it, {@code VerifyReportJson} streams its report), and
 * {@code --dry-run} ({@code DryRun}: lists and decides as a run would, sends nothing). {@code run --config}, the
 * original tool's config file, lives in the {@code config} subpackage.
 *
 * <p>A migration command from one kind of source is a {@code SourceCommand} subclass: it declares its source flags
 * and maps them to a {@code SourceSpec} (provider type, settings, job identity); the destination, ledger, report
 * and tuning flags it shares with every such command live in {@code MigrationFlags} (the config file's
 * {@code [common]} keys are translated into these flags, see {@code config.CommonKeys}), and the parsed
 * {@code MigrationJob} runs through {@code MigrationRun}. Usage and configuration problems are thrown as
 * {@code UsageException}, whose message is printed on one line with exit status 2. Commands run on the calling
 * thread; the progress printer and the shutdown hook are the only extra threads, both ended before a command
 * returns (the JVM's signal-handler thread calls {@code StopSignals}, whose watchdog thread ends the process if a
 * stopped run does not end within its grace period).
 */
package io.github.cosmigrate.cli.internal;
