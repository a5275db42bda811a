package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.SkipMode;
import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.model.SinkLimits;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code cos-migrate local}: a local directory tree into a COS bucket. */
public final class LocalCommand {
  private LocalCommand() {}

  static final Set<String> VALUE_OPTIONS = Set.of("source", "prefix", "ledger", "small-file-threshold",
      "part-size", "concurrency", "part-concurrency", "parts-per-object", "report", "failures", "finished",
      "skip-mode", "bandwidth", "symlinks", "exclude", "file-list", "max-attempts", "max-memory", "progress-interval");
  static final Set<String> SWITCHES = Set.of("quiet");

  /** The default ledger directory, relative to the working directory. */
  public static final String DEFAULT_LEDGER = "cos-migrate-ledger";

  /**
   * Everything {@code local} needs, parsed and checked.
   *
   * @param source the source directory (absolute, real path)
   * @param target the destination
   * @param options the engine options
   * @param ledgerDir the ledger base directory (one store per job identity inside)
   * @param report where to write the report JSON
   * @param followSymlinks whether the walk follows symbolic links
   * @param excludes paths (relative to the source) or {@code glob:} patterns to leave out
   * @param fileList migrate only the files this file names, one relative path per line
   * @param bandwidth bytes per second, when limited
   * @param progressInterval how often a progress line is printed
   * @param quiet no progress lines
   */
  public record Settings(Path source, CosTarget target, MigrationOptions options, Path ledgerDir,
      Optional<Path> report, boolean followSymlinks, List<String> excludes, Optional<Path> fileList,
      Optional<Long> bandwidth, Duration progressInterval, boolean quiet) {

    /** The job identity: source root and destination; names the ledger store. */
    public JobIdentity identity() {
      return identity(source, target, options.destinationPrefix());
    }

    /** The job identity of a local-to-COS job. */
    public static JobIdentity identity(Path source, CosTarget target, String normalizedPrefix) {
      return new JobIdentity("local:" + source, target.describe(normalizedPrefix));
    }
  }

  public static String usage() {
    return """
        Usage: cos-migrate local --source DIR --bucket NAME-APPID --region REGION [options]

        Copies every file under DIR into the bucket (key = prefix + path relative to DIR). Files already
        migrated and unchanged since (same size, mtime, inode) are skipped, so a rerun after a crash or a
        failure sends only what is missing. Every object is verified by CRC-64.

        Required:
          --source DIR                  the directory to migrate
          --bucket NAME-APPID           destination bucket, e.g. photos-1250000000
          --region REGION               the bucket's region, e.g. ap-guangzhou
        Environment: COS_SECRET_ID, COS_SECRET_KEY (required), COS_TOKEN (temporary credentials). Never printed.

        Options:
          --prefix P                    destination key prefix (default: bucket root)
          --endpoint URL                endpoint override (private cloud, test server)
          --path-style                  put the bucket in the URL path (with --endpoint; implied for an IP or localhost)
          --sink-limits cos|s3          part-size limits of the destination (s3: 5 MiB minimum part; default cos)
          --ledger DIR                  where the job's state is kept (default ./cos-migrate-ledger)
          --small-file-threshold BYTES  files of at least this size go multipart (default 16MiB)
          --part-size BYTES             multipart part size (default 8MiB)
          --concurrency N               objects in flight (default 32)
          --part-concurrency N          parts in flight across all large files (default 8)
          --parts-per-object N          parts in flight for one file (default 4)
          --skip-mode ledger|destination|none
                                        how unchanged files are recognised (default ledger)
          --symlinks follow|skip        follow symbolic links (loops and dangling links are reported as
                                        failures) or skip them (default follow)
          --exclude PATH|glob:PATTERN   leave out a path (relative to --source) or matching keys (repeatable),
                                        e.g. tmp/ or 'glob:**/*.tmp'
          --file-list FILE              migrate only the files named in FILE (one path per line)
          --bandwidth BYTES_PER_S       limit the bytes read per second, e.g. 50MiB
          --max-attempts N              attempts per object for retryable errors (default 5)
          --max-memory BYTES            memory for transfer buffers (default 256MiB)
          --report FILE                 write the final report as JSON
          --failures FILE               write one JSON line per failed object (default: next to the ledger)
          --finished FILE               append one line per migrated object
          --progress-interval SECONDS   progress line interval (default 5)
          --quiet                       no progress lines

        Exit status: 0 every file migrated or skipped; 1 some failed (reason on stderr) or the walk stopped
        early; 2 usage or configuration error; 3 the run stopped.
        """;
  }

  /** Parses and checks the arguments of {@code local}. */
  public static Settings parse(List<String> args, Map<String, String> env) throws UsageException {
    Set<String> values = new HashSet<>(VALUE_OPTIONS);
    values.addAll(CosTarget.VALUE_OPTIONS);
    Set<String> switches = new HashSet<>(SWITCHES);
    switches.addAll(CosTarget.SWITCHES);
    CliArgs a = CliArgs.parse(args, values, switches, Set.of("exclude"));
    if (!a.positional().isEmpty()) {
      throw new UsageException("unexpected argument '" + a.positional().get(0) + "' (see cos-migrate local --help)");
    }
    String src = a.require("source", "the directory to migrate");
    Path source = Path.of(src).toAbsolutePath().normalize();
    if (!Files.exists(source)) {
      throw new UsageException("--source " + src + ": no such directory");
    }
    if (!Files.isDirectory(source)) {
      throw new UsageException("--source " + src + ": not a directory");
    }
    if (!Files.isReadable(source) || !Files.isExecutable(source)) {
      throw new UsageException("--source " + src + ": directory is not readable (check its permissions)");
    }
    try {
      source = source.toRealPath();
    } catch (IOException e) {
      throw new UsageException("--source " + src + ": cannot resolve the path (" + e.getMessage() + ")");
    }
    CosTarget target = CosTarget.from(a, env);
    SinkLimits limits = target.s3Limits() ? SinkLimits.s3() : SinkLimits.cos();

    MigrationOptions.Builder o = MigrationOptions.builder();
    MigrationOptions defaults = o.build();
    o.destinationPrefix(a.get("prefix").orElse(""));
    int concurrency = a.positiveInt("concurrency", defaults.concurrency());
    int partConcurrency = a.positiveInt("part-concurrency", defaults.partConcurrency());
    o.concurrency(concurrency);
    o.partConcurrency(partConcurrency);
    o.partsPerObject(Math.min(partConcurrency, a.positiveInt("parts-per-object", defaults.partsPerObject())));
    long partSize = a.size("part-size", Math.max(defaults.partSize(), limits.minPartSize()));
    if (partSize < limits.minPartSize()) {
      throw new UsageException("--part-size " + a.get("part-size").get() + " is below the destination's minimum"
          + " part size of " + Sizes.bytes(limits.minPartSize()));
    }
    if (partSize > limits.maxPartSize()) {
      throw new UsageException("--part-size " + a.get("part-size").get() + " is above the destination's maximum"
          + " part size of " + Sizes.bytes(limits.maxPartSize()));
    }
    o.partSize(partSize);
    long threshold = a.size("small-file-threshold", Math.max(defaults.multipartThreshold(), partSize));
    o.multipartThreshold(threshold);
    long maxHeap = Runtime.getRuntime().maxMemory();
    long defaultMemory = Math.max(defaults.maxBytesInFlight(), partSize * 2);
    if (maxHeap != Long.MAX_VALUE) {
      defaultMemory = Math.max(partSize, Math.min(defaultMemory, maxHeap / 2));
    }
    long memory = a.size("max-memory", defaultMemory);
    if (memory < partSize) {
      throw new UsageException("--max-memory " + a.get("max-memory").get() + " must hold at least one part"
          + " (--part-size " + Sizes.bytes(partSize) + ")");
    }
    o.maxBytesInFlight(memory);
    o.maxAttempts(a.positiveInt("max-attempts", defaults.maxAttempts()));
    o.skipMode(SkipMode.valueOf(a.choice("skip-mode", "ledger", "ledger", "destination", "none")
        .toUpperCase(Locale.ROOT)));
    int progressSeconds = a.positiveInt("progress-interval", 5);
    o.progressInterval(Duration.ofSeconds(progressSeconds));
    Path ledgerDir = Path.of(a.get("ledger").orElse(DEFAULT_LEDGER)).toAbsolutePath().normalize();
    if (Files.exists(ledgerDir) && !Files.isDirectory(ledgerDir)) {
      throw new UsageException("--ledger " + ledgerDir + ": exists and is not a directory");
    }
    if (ledgerDir.startsWith(source)) {
      throw new UsageException("--ledger " + ledgerDir + " is inside --source " + source
          + "; the ledger would migrate itself (put it elsewhere)");
    }
    a.get("failures").ifPresent(f -> o.failuresFile(Path.of(f).toAbsolutePath()));
    a.get("finished").ifPresent(f -> o.finishedObjectsFile(Path.of(f).toAbsolutePath()));
    Optional<Long> bandwidth = a.has("bandwidth") ? Optional.of(a.size("bandwidth", 1)) : Optional.empty();
    boolean follow = a.choice("symlinks", "follow", "follow", "skip").equals("follow");
    Optional<Path> fileList = a.get("file-list").map(f -> Path.of(f).toAbsolutePath());
    if (fileList.isPresent() && !Files.isReadable(fileList.get())) {
      throw new UsageException("--file-list " + fileList.get() + ": no such readable file");
    }
    MigrationOptions options;
    try {
      options = o.build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    return new Settings(source, target, options, ledgerDir, a.get("report").map(Path::of), follow,
        a.all("exclude"), fileList, bandwidth, Duration.ofSeconds(progressSeconds), a.has("quiet"));
  }

  /** Runs {@code local}; returns the exit status. */
  public static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env)
      throws UsageException {
    Settings s = parse(args, env);
    boolean tty = System.console() != null;
    MigrationRun.Outcome outcome = MigrationRun.run(s, err, tty ? Duration.ofSeconds(1) : s.progressInterval(),
        tty, s.quiet());
    return outcome.printAndStatus(out, err);
  }
}
