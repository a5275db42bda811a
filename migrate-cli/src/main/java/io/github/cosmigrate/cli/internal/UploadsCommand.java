package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.cli.Main;
import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.model.MultipartUpload;
import io.github.cosmigrate.model.UploadCheckpoint;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.error.ConfigurationException;
import io.github.cosmigrate.spi.capability.Probe;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code cos-migrate uploads}: lists the multipart uploads in progress under a prefix and, with {@code --abort},
 * aborts them. With {@code --source} and {@code --ledger}, uploads the job's ledger can still resume are shown as
 * such and kept; the others are orphans.
 */
public final class UploadsCommand {
  private UploadsCommand() {}

  /** The flags: the destination's, the prefix, the job whose uploads to keep, and {@code --abort}. */
  static final List<Flag> FLAGS = Flag.concat(CosTarget.FLAGS, List.of(
      Flag.value("prefix", "P", "list the uploads under this key prefix (default: the whole bucket)"),
      Flag.value("source", "DIR", "with --ledger: the 'local' job's source directory"),
      Flag.value("ledger", "DIR", "with --source: the job's ledger; the uploads it can still resume are kept",
          "./" + MigrationFlags.DEFAULT_LEDGER),
      Flag.toggle("abort", "abort the orphaned uploads (never the resumable ones)")));

  /** The command's parser specification. */
  public static picocli.CommandLine.Model.CommandSpec spec() {
    return CliSpecs.spec("uploads", new CliSpecs.Help("list or abort the multipart uploads in progress in a bucket",
        """
        Usage: cos-migrate uploads --bucket NAME-APPID --region REGION [--prefix P] [--endpoint URL [--path-style]]
                                   [--source DIR --ledger DIR] [--abort]""", """
        Lists multipart uploads in progress under the prefix (unfinished uploads hold storage until aborted).
        With --source and --ledger (the same as the 'local' run's), uploads that job can still resume are marked
        'resumable' and never aborted. --abort aborts the others.
        """, "Environment: COS_SECRET_ID, COS_SECRET_KEY, optional COS_TOKEN.\n"), FLAGS);
  }

  public static String usage() {
    return CliSpecs.usage(spec());
  }

  /**
   * The sink's probe, as migrations run it: a dead endpoint, a failed TLS handshake, rejected or expired
   * credentials or a missing bucket are one configuration error; anything else proves nothing (the listing that
   * follows reports its own failure).
   */
  private static void probe(Sink sink) throws ConfigurationException {
    java.util.Optional<Probe> p = sink.capability(Probe.class);
    if (p.isEmpty()) {
      return;
    }
    try {
      p.get().probe();
    } catch (ConfigurationException e) {
      throw e;
    } catch (IOException e) {
      // proves nothing
    }
  }

  /** Runs {@code uploads}; returns the exit status. */
  public static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env)
      throws UsageException {
    return run(CliSpecs.parse(spec(), args), out, err, env);
  }

  /** Runs {@code uploads} on parsed arguments; returns the exit status. */
  public static int run(CliArgs a, PrintStream out, PrintStream err, Map<String, String> env)
      throws UsageException {
    if (!a.positional().isEmpty()) {
      throw new UsageException("unexpected argument '" + a.positional().get(0) + "' (see cos-migrate uploads"
          + " --help)");
    }
    CosTarget target = CosTarget.from(a, env);
    String prefix = io.github.cosmigrate.api.MigrationOptions.builder().destinationPrefix(a.get("prefix").orElse(""))
        .build().destinationPrefix();
    Set<String> resumable = new HashSet<>();
    if (a.has("source")) {
      Path source;
      try {
        source = Path.of(a.get("source").get()).toAbsolutePath().normalize().toRealPath();
      } catch (IOException e) {
        throw new UsageException("--source " + a.get("source").get() + ": no such directory");
      }
      Path ledgerDir = Path.of(a.get("ledger").orElse(LocalCommand.DEFAULT_LEDGER)).toAbsolutePath();
      if (Files.isDirectory(ledgerDir)) {
        JobIdentity id = LocalCommand.identity(source, target, prefix);
        try (Ledger ledger = Plugins.ledger(ledgerDir, id)) {
          for (UploadCheckpoint c : ledger.checkpoints()) {
            resumable.add(Sink.serviceUploadId(c.uploadId()));
          }
        } catch (IOException e) {
          throw new UsageException("--ledger " + ledgerDir + ": " + e.getMessage());
        }
      }
    }
    return listAndAbort(target, prefix, resumable, a.has("abort"), "resumable by this job", out, err);
  }

  /**
   * Lists the multipart uploads under {@code prefix} in the target's bucket, one line each on {@code out}
   * ({@code key TAB uploadId TAB initiated TAB state}), keeping those whose upload id is in {@code kept}
   * ({@code keptAs} says why, e.g. "resumable by this job") and, with {@code abort}, aborting the others; one
   * summary line on {@code err}. Returns the exit status.
   */
  static int listAndAbort(CosTarget target, String prefix, Set<String> kept, boolean abort, String keptAs,
      PrintStream out, PrintStream err) throws UsageException {
    int aborted = 0;
    int failed = 0;
    int keptHere = 0;
    try (Sink sink = Plugins.cosSink(target, 4)) {
      probe(sink);
      List<MultipartUpload> uploads = sink.listMultipartUploads(prefix);
      for (MultipartUpload u : uploads) {
        boolean keep = kept.contains(u.uploadId());
        String state = keep ? "resumable" : "orphaned";
        if (keep) {
          keptHere++;
        }
        if (abort && !keep) {
          try {
            sink.abortMultipart(u.key(), u.uploadId());
            state = "aborted";
            aborted++;
          } catch (IOException e) {
            state = "abort failed: " + MigrationRun.oneLine(String.valueOf(e.getMessage()));
            failed++;
          }
        }
        out.println(u.key() + "\t" + u.uploadId() + "\t" + u.initiated().map(Object::toString).orElse("-") + "\t"
            + state);
      }
      err.println("cos-migrate: " + uploads.size() + " multipart upload(s) in progress under '" + prefix + "' in "
          + target.bucket() + (keptHere == 0 && kept.isEmpty() ? "" : "; " + keptHere + " " + keptAs)
          + (abort ? "; aborted " + aborted : ""));
    } catch (ConfigurationException e) {
      err.println("cos-migrate: " + SettingNames.sinkLine(e).orElse(MigrationRun.oneLine(String.valueOf(
          e.getMessage()))));
      return Main.CONFIG;
    } catch (IOException e) {
      err.println("cos-migrate: listing uploads in " + target.bucket() + " failed: "
          + MigrationRun.oneLine(String.valueOf(e.getMessage())));
      return Main.ABORTED;
    }
    if (failed > 0) {
      err.println("cos-migrate: " + failed + " upload(s) could not be aborted");
      return Main.INCOMPLETE;
    }
    return Main.OK;
  }
}
