package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.api.JsonString;
import io.github.cosmigrate.cli.Main;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.internal.retry.RetryPolicy;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cos-migrate verify COMMAND FLAGS...}: the job a migration command line describes (the same command and
 * flags), compared between the source and COS by a {@link JobVerifier} without uploading anything. Every difference
 * is one line on stdout (and one entry of the {@code --report} JSON), then a summary; exit 0 only when every listed
 * object matches, 1 when any differs or the listing stopped, 2 for a usage or configuration error.
 */
public final class VerifyCommand {
  private VerifyCommand() {}

  private static final Map<String, SourceCommand> COMMANDS = Map.of("local", LocalCommand.INSTANCE, "s3",
      S3Command.INSTANCE, "oss", OssCommand.INSTANCE, "url", UrlCommand.INSTANCE, "cos", CosCommand.INSTANCE);

  /**
   * The command's specification, for its help and the completion: one subcommand per migration command, with its
   * flags (this command reads its own words).
   */
  public static picocli.CommandLine.Model.CommandSpec spec() {
    picocli.CommandLine.Model.CommandSpec spec = CliSpecs.rawSpec("verify", new CliSpecs.Help(
        "compare a job's source with COS (size, CRC-64), upload nothing",
        "Usage: cos-migrate verify local|s3|oss|url|cos FLAGS...", """
        Compares a migration job's source with the COS bucket without uploading anything: put `verify` in front
        of the migration command line (same command, same flags). Lists the source as the migration does, sends
        one HEAD per destination key, and compares:
          size     the destination's with the source's
          CRC-64   the destination's x-cos-hash-crc64ecma with the source's CRC-64/XZ: the one the source
                   gives (OSS, COS), else computed here by reading the source object whole
        Every difference is one line on stdout, e.g.
          MISSING "backup/a.txt" (source "a.txt"): no object at the destination
        Kinds: MISSING, SIZE_DIFFERS, CRC_DIFFERS, UNVERIFIABLE (sizes match, the destination returned no
        CRC-64), SOURCE_FAILED (the source could not list or read it), CHECK_FAILED (the HEAD failed).
        --report FILE writes them all, with the counts, as one JSON document. --concurrency N objects are
        checked at once; memory does not grow with the job. Flags that only affect transfers (part size,
        memory, skip mode, ...) are accepted and ignored; nothing is written to the bucket or the ledger.
        """, """
        Exit status: 0 every listed object is at its key with the same size and CRC-64; 1 some object differs,
                     cannot be compared, or the listing stopped early; 2 usage or configuration error.

        Example:
          cos-migrate verify local --source /data/photos --bucket photos-1250000000 --region ap-guangzhou
        """), List.of());
    for (SourceCommand c : List.of(LocalCommand.INSTANCE, S3Command.INSTANCE, OssCommand.INSTANCE,
        UrlCommand.INSTANCE, CosCommand.INSTANCE)) {
      spec.addSubcommand(c.name(), c.spec());
    }
    return spec;
  }

  /** The {@code --help} text. */
  public static String usage() {
    return CliSpecs.usage(spec());
  }

  /** Runs {@code verify}; {@code args} are the words after {@code verify}. */
  public static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env)
      throws UsageException {
    boolean help = args.contains("--help") || args.contains("-h");
    if (args.isEmpty() || args.get(0).startsWith("-")) {
      if (help) {
        out.print(usage());
        return Main.OK;
      }
      throw new UsageException("verify: name the migration command whose job to check, e.g. cos-migrate verify"
          + " local --source DIR --bucket NAME-APPID --region REGION (see cos-migrate verify --help)");
    }
    SourceCommand command = COMMANDS.get(args.get(0));
    if (command == null) {
      throw new UsageException("verify: unknown migration command '" + args.get(0) + "' (one of local, s3, oss,"
          + " url, cos; see cos-migrate verify --help)");
    }
    if (help) {
      out.print(usage() + "\nThe flags of " + command.name() + ":\n\n" + command.usage());
      return Main.OK;
    }
    MigrationJob job = command.parse(args.subList(1, args.size()), env);
    return verify(job, out, err);
  }

  private static int verify(MigrationJob job, PrintStream out, PrintStream err) throws UsageException {
    Optional<VerifyReportJson> json = Optional.empty();
    try (Source source = Plugins.source(job.source());
         Sink sink = Plugins.cosSink(job.target(), job.options().concurrency())) {
      if (job.report().isPresent()) {
        try {
          json = Optional.of(VerifyReportJson.open(job.report().get()));
        } catch (IOException e) {
          throw new UsageException("--report " + job.report().get() + ": " + e.getMessage());
        }
      }
      Optional<VerifyReportJson> report = json;
      Object lock = new Object();
      IOException[] reportError = new IOException[1];
      JobVerifier verifier = new JobVerifier(source, sink, job.options(), d -> {
        synchronized (lock) {
          out.println(line(d));
          if (report.isPresent() && reportError[0] == null) {
            try {
              report.get().difference(d);
            } catch (IOException e) {
              reportError[0] = e;
            }
          }
        }
      });
      // a whole bucket takes long: say how far it got, as migrations do (not with --quiet)
      java.util.concurrent.ScheduledExecutorService ticker = java.util.concurrent.Executors
          .newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cos-migrate-verify-progress");
            t.setDaemon(true);
            return t;
          });
      long every = Math.max(1, job.progressInterval().toMillis());
      if (!job.quiet()) {
        ticker.scheduleAtFixedRate(() -> err.println("cos-migrate verify: " + verifier.progress()), every, every,
            java.util.concurrent.TimeUnit.MILLISECONDS);
      }
      JobVerifier.Result r;
      try {
        r = verifier.run();
      } finally {
        ticker.shutdownNow();
      }
      out.print(summary(r));
      if (report.isPresent()) {
        try {
          if (reportError[0] != null) {
            throw reportError[0];
          }
          report.get().finish(r);
        } catch (IOException e) {
          err.println("cos-migrate: could not write --report " + job.report().get() + ": " + e.getMessage());
        }
      }
      if (r.success()) {
        return Main.OK;
      }
      err.println("cos-migrate: " + reason(r));
      return Main.INCOMPLETE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("cos-migrate: interrupted; nothing was changed, run verify again");
      return Main.ABORTED;
    } catch (IOException | RuntimeException e) {
      String msg = MigrationRun.oneLine(RetryPolicy.reason(e));
      if (MigrateException.kindOf(e).fatalToRun()) {
        err.println("cos-migrate: " + msg);
        return Main.CONFIG;
      }
      err.println("cos-migrate: verify stopped: " + msg);
      return Main.ABORTED;
    } finally {
      json.ifPresent(j -> {
        try {
          j.close();
        } catch (IOException ignored) {
          // an unfinished report is only a temporary file
        }
      });
    }
  }

  /** One difference as a line: kind, destination key (and source key when it differs), detail. */
  static String line(JobVerifier.Difference d) {
    String where = JsonString.quote(d.destinationKey());
    if (!d.destinationKey().equals(d.key())) {
      where += " (source " + JsonString.quote(d.key()) + ")";
    }
    return d.kind() + " " + where + ": " + MigrationRun.oneLine(d.detail());
  }

  static String summary(JobVerifier.Result r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "verify: %s objects listed: %s match, %s differ%s, %s skipped by the"
            + " source; read %s of source content for CRC-64 in %s%n", Sizes.count(r.listed()),
        Sizes.count(r.matched()), Sizes.count(r.differed()), r.differences().isEmpty() ? "" : " (" + kinds(r) + ")",
        Sizes.count(r.skipped()), Sizes.bytes(r.sourceBytesRead()), Sizes.duration(r.elapsed())));
    if (!r.listingComplete()) {
      sb.append("listing incomplete: ").append(r.listingError().orElse("(no reason given)"))
          .append(System.lineSeparator());
    }
    return sb.toString();
  }

  private static String reason(JobVerifier.Result r) {
    StringBuilder sb = new StringBuilder();
    if (r.differed() > 0) {
      sb.append(Sizes.count(r.differed())).append(" of ").append(Sizes.count(r.listed()))
          .append(" objects differ between the source and the destination (").append(kinds(r))
          .append("); each is listed on stdout");
    }
    if (!r.listingComplete()) {
      sb.append(sb.length() == 0 ? "" : "; ").append("the listing stopped early: ")
          .append(r.listingError().orElse("no reason given"));
    }
    return sb.toString();
  }

  private static String kinds(JobVerifier.Result r) {
    StringBuilder sb = new StringBuilder();
    r.differences().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
    return sb.toString();
  }
}
