package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.SkipMode;
import io.github.cosmigrate.api.VerifyMode;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.sink.cos.internal.StorageClasses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
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

  static final Set<String> VALUE_OPTIONS;
  static final Set<String> SWITCHES;

  static {
    Set<String> v = new HashSet<>(Set.of("prefix", "ledger", "small-file-threshold", "part-size", "concurrency",
        "part-concurrency", "parts-per-object", "report", "failures", "finished", "skip-mode", "bandwidth",
        "max-attempts", "max-memory", "progress-interval", "storage-class", "verify",
        "requests-per-second"));
    v.addAll(CosTarget.VALUE_OPTIONS);
    VALUE_OPTIONS = Set.copyOf(v);
    Set<String> s = new HashSet<>(Set.of("quiet", "no-provenance", "dry-run"));
    s.addAll(CosTarget.SWITCHES);
    SWITCHES = Set.copyOf(s);
  }

  /** The usage lines of the destination flags (after a command's required source flags). */
  static final String REQUIRED_USAGE = """
        --bucket NAME-APPID           destination bucket, e.g. photos-1250000000
        --region REGION               the bucket's region, e.g. ap-guangzhou
      Environment: COS_SECRET_ID, COS_SECRET_KEY (required), COS_TOKEN (temporary credentials). Never printed.
      """;

  /** The usage lines of the shared optional flags. */
  static final String OPTIONS_USAGE = """
        --prefix P                    destination key prefix (default: bucket root)
        --endpoint URL                endpoint override (private cloud, test server); a bare host name means
                                      https, plain http:// is warned about
        --path-style                  put the bucket in the URL path (with --endpoint; implied for an IP or localhost)
        --sink-limits cos|s3          part-size limits of the destination (s3: 5 MiB minimum part; default cos)
        --proxy HOST:PORT             send every request to COS through this HTTP proxy
        --traffic-limit BITS_PER_S    ask COS to limit each upload request (x-cos-traffic-limit), 819200 to
                                      838860800 bit/s
        --ledger DIR                  where the job's state is kept (default ./cos-migrate-ledger)
        --small-file-threshold BYTES  files of at least this size go multipart (default 16MiB)
        --part-size BYTES             multipart part size (default 8MiB)
        --concurrency N               objects in flight (default 32)
        --part-concurrency N          parts in flight across all large files (default 8)
        --parts-per-object N          parts in flight for one file (default 4)
        --storage-class CLASS         storage class of every object, e.g. STANDARD_IA, ARCHIVE (any case); wins
                                      over the source's (default: the source's where COS has it, else the
                                      bucket's default)
        --sse cos|kms                 server-side encryption of every object: cos = SSE-COS (AES256), kms = SSE-KMS
        --sse-kms-key-id ID           with --sse kms: the KMS key (default: the account's default COS key)
        --sse-kms-context JSON        with --sse kms: the encryption context, a JSON object
        --client-encryption-key FILE  encrypt every object here, as cos_api's COSEncryptionClient does (AES/CTR,
                                      a fresh data key and IV per object): FILE holds 32 raw bytes of an AES-256
                                      key, or a PEM PKCS#8 RSA private key; read it back with COSEncryptionClient
                                      and the same key. Verification then covers the ciphertext sent
        --no-provenance               do not record the source URI and ETag as user metadata
                                      (x-cos-meta-migrate-source, -source-etag; s3 and oss sources)
        --skip-mode ledger|destination|none
                                      how unchanged files are recognised (default ledger)
        --verify crc64|reread         crc64: compare the CRC-64 of the bytes read from the source with the
                                      x-cos-hash-crc64ecma COS returns for what it stored; an object the
                                      endpoint returns no CRC-64 for is migrated and counted unverifiable.
                                      reread: also read such objects back (one GET each) and compare their
                                      CRC-64 (default crc64). A CRC-64 that differs fails the object.
        --bandwidth BYTES_PER_S       limit the bytes read per second, e.g. 50MiB
        --requests-per-second N       limit the requests per second to COS (all kinds together)
        --dry-run                     list and decide only: print what would be migrated and skipped (and why),
                                      with counts, bytes and an estimate of requests and time; send nothing
        --max-attempts N              attempts per object for retryable errors (default 5)
        --max-memory BYTES            memory for transfer buffers (default 256MiB)
        --report FILE                 write the final report as JSON
        --failures FILE               write one JSON line per failed object (default: next to the ledger)
        --finished FILE               append one line per migrated object
        --progress-interval SECONDS   progress line interval (default 5)
        --quiet                       no progress lines

      Verification: an object is VERIFIED when the CRC-64/XZ of the bytes read from the source equals the
      x-cos-hash-crc64ecma COS returns for it (and the source's own CRC-64, when it gives one); UNVERIFIABLE,
      with the reason, when the endpoint returns no CRC-64 (migrated; one warning line at the end); a CRC-64
      that differs fails the object (INTEGRITY_MISMATCH), never recorded as migrated. With
      --client-encryption-key the CRC-64 compared is that of the ciphertext sent; the plaintext stored is not
      compared with the source (counted as "crc64 of the ciphertext sent").

      Exit status: 0 every file migrated or skipped; 1 some failed (reason on stderr) or the walk stopped
      early; 2 usage or configuration error; 3 the run stopped.
      """;

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
        Duration.ofSeconds(progressSeconds), a.has("quiet"), rps, a.has("dry-run"));
  }
}
