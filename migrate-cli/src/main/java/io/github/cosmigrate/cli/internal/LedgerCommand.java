package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.api.JsonString;
import io.github.cosmigrate.cli.Main;
import io.github.cosmigrate.ledger.rocksdb.RocksDbLedger;
import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.UploadCheckpoint;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.Sink;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code cos-migrate ledger export|gc}: reads a job's ledger without running the job.
 *
 * <p>{@code export} writes one JSON line per ledger record (every object's last terminal state: key, destination
 * key, state, reason, size, mtime, source version, CRC-64, ETag, verification, attempts, time; never secrets, the
 * ledger holds none). {@code gc} lists the multipart uploads under a destination prefix that no checkpoint of the
 * ledger refers to (left by a run killed between initiating an upload and recording it, by another tool, or by a
 * deleted ledger) and, with {@code --abort}, aborts them; uploads a checkpoint refers to are kept (a rerun resumes
 * them). Both open the ledger's stores, which RocksDB locks: they refuse to run while a migration uses the ledger.
 */
public final class LedgerCommand {
  private LedgerCommand() {}

  /** The flags: the ledger and job, export's output, and gc's destination, prefix and {@code --abort}. */
  static final List<Flag> FLAGS = Flag.concat(CosTarget.FLAGS, List.of(
      Flag.value("ledger", "DIR", "the ledger directory the migration used, or one job's store directory inside it",
          "./" + MigrationFlags.DEFAULT_LEDGER),
      Flag.value("job", "ID", "only this job (the store directory's name, or its first characters)"),
      Flag.value("output", "FILE", "export: write to FILE instead of stdout"),
      Flag.value("prefix", "P", "gc: the destination key prefix (default: the bucket root)"),
      Flag.toggle("abort", "gc: abort the orphaned uploads")));

  /** The command's parser specification. */
  public static picocli.CommandLine.Model.CommandSpec spec() {
    return CliSpecs.spec("ledger", new CliSpecs.Help("export a ledger as JSONL, or abort orphaned multipart uploads",
        """
        Usage: cos-migrate ledger export [--ledger DIR] [--job ID] [--output FILE]
               cos-migrate ledger gc --bucket NAME-APPID --region REGION [--prefix P] [--endpoint URL [--path-style]]
                                     [--ledger DIR] [--job ID] [--abort]""", """
        export  one JSON line per object the ledger records (its last state), for every job in the ledger
                directory (or the one --job names): {"job", "key", "destinationKey", "state" (MIGRATED, FAILED,
                SKIPPED), "reason", "size", "mtime", "sourceVersion", "crc64" (unsigned decimal, as COS's
                x-cos-hash-crc64ecma), "etag", "verification", "attempts", "time"}. Never holds secrets.
        gc      the multipart uploads under the destination prefix that no checkpoint of the ledger refers to
                (left by a run killed between starting an upload and recording it, by another tool, or by a
                deleted ledger): listed, and aborted with --abort (dry by default). Uploads a checkpoint refers
                to are kept: a rerun of their job resumes them.
        Both refuse to run while a migration is using the ledger (its store is locked).
        """, """
        Environment (gc): COS_SECRET_ID, COS_SECRET_KEY, optional COS_TOKEN.
        Exit status: 0 done; 1 some uploads could not be aborted; 2 usage error or no ledger; 3 listing failed.
        """), FLAGS);
  }

  /** The {@code --help} text. */
  public static String usage() {
    return CliSpecs.usage(spec());
  }

  /** Runs {@code ledger export|gc}; returns the exit status. */
  public static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env)
      throws UsageException {
    return run(CliSpecs.parse(spec(), args), out, err, env);
  }

  /** Runs {@code ledger export|gc} on parsed arguments; returns the exit status. */
  public static int run(CliArgs a, PrintStream out, PrintStream err, Map<String, String> env)
      throws UsageException {
    List<String> pos = a.positional();
    if (pos.isEmpty()) {
      throw new UsageException("ledger: missing subcommand (export or gc; see cos-migrate ledger --help)");
    }
    if (pos.size() > 1) {
      throw new UsageException("ledger: unexpected argument '" + pos.get(1) + "'");
    }
    return switch (pos.get(0)) {
      case "export" -> {
        only(a, "export", "ledger", "job", "output");
        yield export(a, out, err);
      }
      case "gc" -> {
        if (a.has("output")) {
          throw new UsageException("ledger gc: --output is for export");
        }
        yield gc(a, out, err, env);
      }
      default -> throw new UsageException("ledger: unknown subcommand '" + pos.get(0) + "' (export or gc)");
    };
  }

  private static void only(CliArgs a, String sub, String... allowed) throws UsageException {
    Set<String> ok = Set.of(allowed);
    for (String name : List.of("bucket", "region", "endpoint", "prefix", "abort", "path-style")) {
      if (a.has(name) && !ok.contains(name)) {
        throw new UsageException("ledger " + sub + ": --" + name + " is not an option of " + sub);
      }
    }
  }

  /** A ledger store: the base directory it is in and its job. */
  record Store(Path baseDir, JobIdentity job) {}

  /** The stores {@code --ledger} (and {@code --job}) name; at least one. */
  static List<Store> stores(CliArgs a) throws UsageException {
    Path dir = Path.of(a.get("ledger").orElse(MigrationFlags.DEFAULT_LEDGER)).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new UsageException("--ledger " + dir + ": no such directory (give the --ledger the migration used)");
    }
    List<Store> stores = new ArrayList<>();
    try {
      Path parent = dir.getParent();
      if (parent != null) {
        for (JobIdentity j : RocksDbLedger.jobsIn(parent)) {
          if (j.id().equals(dir.getFileName().toString())) {
            stores.add(new Store(parent, j)); // one job's store directory
          }
        }
      }
      if (stores.isEmpty()) {
        for (JobIdentity j : RocksDbLedger.jobsIn(dir)) {
          stores.add(new Store(dir, j));
        }
      }
    } catch (IOException e) {
      throw new UsageException("--ledger " + dir + ": cannot read the directory (" + e.getMessage() + ")");
    }
    if (stores.isEmpty()) {
      throw new UsageException("--ledger " + dir + ": no job's ledger in it (give the --ledger the migration used)");
    }
    if (a.has("job")) {
      String id = a.get("job").get().trim();
      stores.removeIf(s -> id.isEmpty() || !s.job().id().startsWith(id));
      if (stores.isEmpty()) {
        throw new UsageException("--job " + id + ": no such job in --ledger " + dir);
      }
    }
    return stores;
  }

  private static Ledger open(Store s) throws UsageException {
    try {
      return Plugins.ledger(s.baseDir(), s.job());
    } catch (IOException e) {
      throw new UsageException("--ledger " + s.baseDir().resolve(s.job().id()) + ": "
          + MigrationRun.oneLine(String.valueOf(e.getMessage())));
    }
  }

  private static int export(CliArgs a, PrintStream out, PrintStream err) throws UsageException {
    List<Store> stores = stores(a);
    Path file = a.get("output").map(f -> Path.of(f).toAbsolutePath()).orElse(null);
    long lines = 0;
    Writer w = null;
    try {
      w = file == null ? new OutputStreamWriter(out, StandardCharsets.UTF_8)
          : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
      for (Store s : stores) {
        try (Ledger ledger = open(s)) {
          Writer to = w;
          long[] n = {0};
          ledger.forEachEntry(e -> {
            try {
              to.write(json(s.job(), e));
              to.write('\n');
              n[0]++;
            } catch (IOException x) {
              throw new UncheckedIOException(x);
            }
          });
          lines += n[0];
        }
      }
      w.flush();
      if (file != null) {
        w.close(); // stdout stays open
      }
    } catch (UncheckedIOException | IOException e) {
      String what = file == null ? "stdout" : "--output " + file;
      err.println("cos-migrate: ledger export: writing " + what + " failed: "
          + MigrationRun.oneLine(String.valueOf(e.getMessage())));
      return Main.ABORTED;
    }
    err.println("cos-migrate: exported " + lines + " record(s) of " + stores.size() + " job(s)"
        + (file == null ? "" : " to " + file));
    return Main.OK;
  }

  /** One export line (without the newline). */
  static String json(JobIdentity job, LedgerEntry e) {
    StringBuilder sb = new StringBuilder(256);
    sb.append("{\"job\":").append(JsonString.quote(job.id()));
    sb.append(",\"key\":").append(JsonString.quote(e.key()));
    sb.append(",\"destinationKey\":").append(JsonString.quote(e.destinationKey()));
    sb.append(",\"state\":").append(JsonString.quote(e.state().name()));
    sb.append(",\"reason\":").append(JsonString.quote(e.reason()));
    sb.append(",\"size\":").append(e.fingerprint().size());
    sb.append(",\"mtime\":").append(e.fingerprint().modifiedMillis() < 0 ? "null"
        : JsonString.quote(java.time.Instant.ofEpochMilli(e.fingerprint().modifiedMillis()).toString()));
    sb.append(",\"sourceVersion\":").append(e.fingerprint().version().isEmpty() ? "null"
        : JsonString.quote(e.fingerprint().version()));
    sb.append(",\"crc64\":").append(e.crc64().isPresent()
        ? JsonString.quote(Long.toUnsignedString(e.crc64().getAsLong())) : "null");
    sb.append(",\"etag\":").append(e.destinationEtag().map(JsonString::quote).orElse("null"));
    sb.append(",\"verification\":").append(e.verification().map(v -> JsonString.quote(v.name())).orElse("null"));
    sb.append(",\"attempts\":").append(e.attempts());
    sb.append(",\"time\":").append(JsonString.quote(e.updated().toString()));
    return sb.append('}').toString();
  }

  private static int gc(CliArgs a, PrintStream out, PrintStream err, Map<String, String> env)
      throws UsageException {
    CosTarget target = CosTarget.from(a, env);
    String prefix = io.github.cosmigrate.api.MigrationOptions.builder().destinationPrefix(a.get("prefix").orElse(""))
        .build().destinationPrefix();
    Set<String> checkpointed = new HashSet<>();
    for (Store s : stores(a)) {
      try (Ledger ledger = open(s)) {
        for (UploadCheckpoint c : ledger.checkpoints()) {
          checkpointed.add(Sink.serviceUploadId(c.uploadId()));
        }
      } catch (IOException e) {
        throw new UsageException("--ledger " + s.baseDir().resolve(s.job().id()) + ": "
            + MigrationRun.oneLine(String.valueOf(e.getMessage())));
      }
    }
    return UploadsCommand.listAndAbort(target, prefix, checkpointed, a.has("abort"), "checkpointed in the ledger",
        out, err);
  }
}
