package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.cli.internal.config.Translated;
import io.github.cosmigrate.api.SkipMode;
import io.github.cosmigrate.api.VerifyMode;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.sink.cos.internal.StorageClasses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The flags every migration command shares: the destination ({@code --bucket}, {@code --region},
 * {@code --endpoint}, {@code --path-style}, {@code --sink-limits}, {@code --prefix}), the ledger, the reports and
 * the tuning flags. A source command adds only its own source flags (see {@link SourceCommand}). Stateless.
 */
public final class MigrationFlags {
  private MigrationFlags() {}

  /** The default ledger directory, relative to the working directory. */
  public static final String DEFAULT_LEDGER = "cos-migrate-ledger";

  /** The library's defaults, which the help shows (one place holds them: {@link MigrationOptions.Builder}). */
  private static final MigrationOptions DEFAULTS = MigrationOptions.builder().build();

  /** The flags of the job every migration command shares (after the destination's, {@link CosTarget#FLAGS}). */
  static final List<Flag> JOB_FLAGS = List.of(
      Flag.value("prefix", "P", "destination key prefix (default: bucket root)"),
      Flag.value("ledger", "DIR", "where the job's state is kept", "./" + DEFAULT_LEDGER),
      Flag.value("small-file-threshold", "BYTES", "files of at least this size go multipart",
          mib(DEFAULTS.multipartThreshold())),
      Flag.value("part-size", "BYTES", "multipart part size", mib(DEFAULTS.partSize())),
      Flag.value("concurrency", "N", "objects in flight", "" + DEFAULTS.concurrency()),
      Flag.value("part-concurrency", "N", "parts in flight across all large files", "" + DEFAULTS.partConcurrency()),
      Flag.value("parts-per-object", "N", "parts in flight for one file", "" + DEFAULTS.partsPerObject()),
      Flag.value("storage-class", "CLASS", "storage class of every object, e.g. STANDARD_IA, ARCHIVE (any case);"
          + " wins over the source's (default: the source's where COS has it, else the bucket's default)"),
      Flag.toggle("no-provenance", "do not record the source URI and ETag as user metadata"
          + " (x-cos-meta-migrate-source, -source-etag; s3 and oss sources)"),
      Flag.value("skip-mode", "ledger|destination|none", "how unchanged files are recognised", "ledger"),
      Flag.value("verify", "crc64|reread", "crc64: compare the CRC-64 of the bytes read from the source with the"
          + " x-cos-hash-crc64ecma COS returns for what it stored; an object the endpoint returns no CRC-64 for is"
          + " migrated and counted unverifiable. reread: also read such objects back (one GET each) and compare"
          + " their CRC-64. A CRC-64 that differs fails the object", "crc64"),
      Flag.value("bandwidth", "BYTES_PER_S", "limit the bytes read per second, e.g. 50MiB"),
      Flag.value("requests-per-second", "N", "limit the requests per second to COS (all kinds together)"),
      Flag.toggle("dry-run", "list and decide only: print what would be migrated and skipped (and why), with"
          + " counts, bytes and an estimate of requests and time; send nothing"),
      Flag.value("max-attempts", "N", "attempts per object for retryable errors", "5"),
      Flag.value("max-memory", "BYTES", "memory for transfer buffers", "256MiB"),
      Flag.value("report", "FILE", "write the final report as JSON"),
      Flag.value("failures", "FILE", "write one JSON line per failed object (default: next to the ledger)"),
      Flag.value("finished", "FILE", "append one line per migrated object"),
      Flag.value("finished-folder", "DIR", "append one line per migrated object to DIR/YYYY-MM-DD.out (today's"
          + " date), as the original tool's outputFinishedFileFolder"),
      Flag.toggle("daemon", "run pass after pass (an incremental rerun: only what is new or changed is sent),"
          + " pausing --daemon-interval between two; stop with Ctrl-C or SIGTERM"),
      Flag.value("daemon-interval", "SECONDS", "with --daemon: the pause between two passes", "60"),
      Flag.value("time-window", "WINDOWS", "run only inside these execution windows, e.g. 22:00,06:00 (may cross"
          + " midnight) or 'Fri 20:00,Mon 06:00'; at a window's end in-flight parts are checkpointed, nothing new"
          + " starts, and the run says when it resumes"),
      Flag.value("progress-interval", "SECONDS", "progress line interval", "5"),
      Flag.toggle("quiet", "no progress lines"));

  /** Every flag a migration command shares: the destination's, then the job's. */
  static final List<Flag> FLAGS = Flag.concat(CosTarget.FLAGS, JOB_FLAGS);

  /** The end of every migration command's help: credentials, verification, exit status. */
  static final String FOOTER = """
      Environment: COS_SECRET_ID, COS_SECRET_KEY (required), COS_TOKEN (temporary credentials) for the
      destination. Never printed or logged.

      Verification: an object is VERIFIED when the CRC-64/XZ of the bytes read from the source equals the
      x-cos-hash-crc64ecma COS returns for it (and the source's own CRC-64, when it gives one); UNVERIFIABLE,
      with the reason, when the endpoint returns no CRC-64 (migrated; one warning line at the end); a CRC-64
      that differs fails the object (INTEGRITY_MISMATCH), never recorded as migrated. With
      --client-encryption-key the CRC-64 compared is that of the ciphertext sent; the plaintext stored is not
      compared with the source (counted as "crc64 of the ciphertext sent").

      Exit status: 0 every file migrated or skipped; 1 some failed (reason on stderr) or the walk stopped
      early; 2 usage or configuration error; 3 the run stopped.
      """;

  /** Every flag a migration command shares (for the config file's {@code run}). */
  public static List<Flag> flags() {
    return FLAGS;
  }

  /** The end of every migration command's help (for the config file's {@code run}). */
  public static String footer() {
    return FOOTER;
  }

  /** A default size as the help shows it: whole MiB ({@code 16MiB}), else bytes. */
  static String mib(long bytes) {
    return bytes % (1L << 20) == 0 ? (bytes >> 20) + "MiB" : Long.toString(bytes);
  }

  /** Reads the shared flags into a job over {@code source}. */
  static MigrationJob parse(CliArgs a, Map<String, String> env, SourceSpec source) throws UsageException {
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
    Optional<String> storageClass = a.get("storage-class");
    if (storageClass.isPresent()) {
      String canonical = StorageClasses.canonical(storageClass.get()).orElseThrow(() -> new UsageException(
          "--storage-class " + storageClass.get() + ": not a COS storage class (one of "
              + String.join(", ", StorageClasses.VALID) + ")"));
      o.defaultMetadata(ObjectMetadata.builder().storageClass(canonical).build());
    }
    o.provenance(!a.has("no-provenance"));
    o.verify(VerifyMode.valueOf(a.choice("verify", "crc64", "crc64", "reread").toUpperCase(Locale.ROOT)));
    int progressSeconds = a.positiveInt("progress-interval", 5);
    o.progressInterval(Duration.ofSeconds(progressSeconds));
    Path ledgerDir = Path.of(a.get("ledger").orElse(DEFAULT_LEDGER)).toAbsolutePath().normalize();
    if (Files.exists(ledgerDir) && !Files.isDirectory(ledgerDir)) {
      throw new UsageException("--ledger " + ledgerDir + ": exists and is not a directory");
    }
    a.get("failures").ifPresent(f -> o.failuresFile(Path.of(f).toAbsolutePath()));
    a.get("finished").ifPresent(f -> o.finishedObjectsFile(Path.of(f).toAbsolutePath()));
    if (a.has("finished-folder")) {
      if (a.has("finished")) {
        throw new UsageException("--finished and --finished-folder: give one of them");
      }
      Path dir = Path.of(a.get("finished-folder").get()).toAbsolutePath().normalize();
      if (!Files.isDirectory(dir)) {
        throw new UsageException("--finished-folder " + a.get("finished-folder").get() + ": not an existing"
            + " directory");
      }
      o.finishedObjectsFile(finishedFile(dir, java.time.LocalDate.now()));
    }
    Translated.Schedule schedule = schedule(a);
    Optional<Long> bandwidth = a.has("bandwidth") ? Optional.of(a.size("bandwidth", 1)) : Optional.empty();
    MigrationOptions options;
    try {
      options = o.build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Optional<Double> rps = a.has("requests-per-second")
        ? Optional.of((double) a.positiveInt("requests-per-second", 1)) : Optional.empty();
    return new MigrationJob(source, target, options, ledgerDir, a.get("report").map(Path::of), bandwidth,
        Duration.ofSeconds(progressSeconds), a.has("quiet"), rps, a.has("dry-run"), schedule);
  }

  /** The file of the objects migrated on {@code day} in {@code folder}, named as the original tool named it. */
  public static Path finishedFile(Path folder, java.time.LocalDate day) {
    return folder.resolve(day + ".out");
  }

  private static Translated.Schedule schedule(CliArgs a) throws UsageException {
    Optional<Long> interval = Optional.empty();
    if (a.has("daemon-interval")) {
      if (!a.has("daemon")) {
        throw new UsageException("--daemon-interval needs --daemon");
      }
      long n = a.positiveInt("daemon-interval", 60);
      if (n > Translated.Schedule.MAX_INTERVAL_SECONDS) {
        throw new UsageException("--daemon-interval must be at most " + Translated.Schedule.MAX_INTERVAL_SECONDS
            + " seconds (a year), was " + a.get("daemon-interval").get());
      }
      interval = Optional.of(n);
    }
    try {
      return Translated.Schedule.of(a.has("daemon"), interval, a.get("time-window"));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--time-window " + a.get("time-window").orElse("") + ": " + e.getMessage());
    }
  }
}
