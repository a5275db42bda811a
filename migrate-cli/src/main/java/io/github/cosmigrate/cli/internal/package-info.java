/**
 * The command line's implementation, not API: argument parsing ({@code CliArgs}, {@code CosTarget}, sizes in
 * {@code Sizes}), the commands ({@code LocalCommand}, {@code DemoCommand} with {@code DemoData},
 * {@code UploadsCommand}), one migration run with progress, Ctrl-C handling and the exit status
 * ({@code MigrationRun}, {@code ProgressPrinter}, {@code ReportJson}), plugin construction ({@code Plugins}) and
 * the embedded server ({@code EmbeddedCos}). Usage and configuration problems are thrown as
 * {@code UsageException}, whose message is printed on one line with exit status 2. Commands run on the calling
 * thread; the progress printer and the shutdown hook are the only extra threads, both ended before a command
 * returns.
 */
package io.github.cosmigrate.cli.internal;
