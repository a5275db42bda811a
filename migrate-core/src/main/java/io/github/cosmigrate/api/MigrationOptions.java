package io.github.cosmigrate.api;

import io.github.cosmigrate.model.ObjectMetadata;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a migration runs. Build with {@link #builder()}; every setting has a default that suits a 2-core machine.
 *
 * @param destinationPrefix prepended to every source key to form the destination key; a leading {@code /} is
 *     removed and a trailing {@code /} added when missing (empty means the bucket root). Nothing else in the key
 *     is changed: no {@code //} collapsing, no encoding
 * @param concurrency whole-object steps at once: small puts (with their re-stat and ledger write) and the
 *     initiate/complete/abort steps of large objects. A large object holds no such slot while its parts upload, so
 *     big files never starve small ones; multipart uploads open at once are bounded by
 *     {@code ceil(partConcurrency / partsPerObject) + 1}
 * @param partConcurrency part uploads in flight at once, across all large objects
 * @param partsPerObject part uploads in flight at once for one object, so one big file cannot take every slot
 * @param multipartThreshold objects of at least this size go multipart
 * @param partSize preferred part size; raised when the object would need more parts than the sink allows
 * @param maxBytesInFlight memory for part and object buffers; the engine reserves before reading
 * @param maxQueuedObjects listed objects waiting for a transfer slot (back-pressure on the listing): at most
 *     {@code concurrency + maxQueuedObjects} listed objects are admitted and not yet finished
 * @param skipMode how unchanged objects are recognised
 * @param maxAttempts attempts per object (and per part) for retryable errors, at least 1
 * @param initialBackoff first retry delay; doubled per attempt with full jitter
 * @param maxBackoff largest retry delay
 * @param progressInterval how often progress is reported to the listener and logged
 * @param finishedObjectsFile when set, one line per migrated object is appended:
 *     {@code <source key> TAB <size> TAB <mtime in epoch ms> LF} (the original tool wrote the absolute local path
 *     where we write the source key, relative to the source's root or prefix); buffered, flushed at every progress
 *     interval and at the end
 * @param failuresFile when set, rewritten by each run with one JSON object per line per failed object:
 *     {@code {"key":"...","kind":"ACCESS_DENIED","reason":"...","attempts":3}} ({@code attempts} in this run); a
 *     later run can take it as its input list. Use a different path from the run's own input list
 * @param defaultMetadata the user's metadata settings. Its storage class and server-side encryption win over the
 *     source's; its headers (Content-Type, ...) apply where the source has none; its user metadata is added to
 *     every object, winning over the source's keys. A source's storage class is mapped to COS's where COS has the
 *     same class (S3 GLACIER and OSS ColdArchive to ARCHIVE, OSS IA to STANDARD_IA, ...), a source's SSE is kept
 *     only when it is AES256 (SSE-COS), and user metadata COS cannot carry is dropped; each such change is
 *     counted in {@link MigrationReport#metadataNotes()}, never a failure
 * @param provenance when on (the default) and the source names where an object came from (S3, OSS, COS, URL
 *     sources; not the local one), these user-metadata keys are added: {@code migrate-source} (the source URI,
 *     e.g. {@code s3://bucket/key}), {@code migrate-source-etag} (the source ETag) and
 *     {@code migrate-source-version-id} (the source version id, in a versioned bucket), each when known; values
 *     are percent-encoded (UTF-8) outside printable ASCII and for {@code %}. They replace source keys of the same
 *     name, and keys in {@code defaultMetadata} replace them
 * @param verify how what was stored is proven equal to the source (default {@link VerifyMode#CRC64})
 */
public record MigrationOptions(
    String destinationPrefix,
    int concurrency,
    int partConcurrency,
    int partsPerObject,
    long multipartThreshold,
    long partSize,
    long maxBytesInFlight,
    int maxQueuedObjects,
    SkipMode skipMode,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration progressInterval,
    Optional<Path> finishedObjectsFile,
    Optional<Path> failuresFile,
    ObjectMetadata defaultMetadata,
    boolean provenance,
    VerifyMode verify) {

  public MigrationOptions {
    Objects.requireNonNull(destinationPrefix, "destinationPrefix");
    destinationPrefix = normalizePrefix(destinationPrefix);
    positive("concurrency", concurrency);
    positive("partConcurrency", partConcurrency);
    positive("partsPerObject", partsPerObject);
    positive("multipartThreshold", multipartThreshold);
    positive("partSize", partSize);
    positive("maxQueuedObjects", maxQueuedObjects);
    positive("maxAttempts", maxAttempts);
    if (maxBytesInFlight < partSize) {
      throw new IllegalArgumentException("maxBytesInFlight (" + maxBytesInFlight
          + ") must hold at least one part (partSize " + partSize + ")");
    }
    Objects.requireNonNull(skipMode, "skipMode");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(progressInterval, "progressInterval");
    Objects.requireNonNull(finishedObjectsFile, "finishedObjectsFile");
    Objects.requireNonNull(failuresFile, "failuresFile");
    Objects.requireNonNull(defaultMetadata, "defaultMetadata");
    Objects.requireNonNull(verify, "verify");
  }

  /**
   * Whether {@link SkipMode#LEDGER} skips {@code info} as unchanged, given the ledger's entry for its key: the
   * ledger says this very version was migrated to {@code destKey}, or was found there with the same CRC-64
   * ({@link MigrationReport#SKIPPED_SAME_AT_DESTINATION} with its CRC: an upload completed by a run killed before
   * it recorded it, or a {@link SkipMode#DESTINATION} run's match). A fingerprint that identifies no version (no
   * mtime, no version tag) never proves that: such an object is sent again. The engine's rule, also used to
   * preview a run ({@code --dry-run}).
   *
   * @param previous the ledger's entry for the source key, or null
   */
  public boolean unchangedSince(io.github.cosmigrate.model.LedgerEntry previous,
      io.github.cosmigrate.model.ObjectInfo info, String destKey) {
    io.github.cosmigrate.model.SourceFingerprint now = info.fingerprint();
    return skipMode == SkipMode.LEDGER && previous != null
        && (previous.state() == io.github.cosmigrate.model.ObjectState.MIGRATED
            || previous.state() == io.github.cosmigrate.model.ObjectState.SKIPPED
                && MigrationReport.SKIPPED_SAME_AT_DESTINATION.equals(previous.reason())
                && previous.crc64().isPresent())
        && now.identifiesVersion() && previous.fingerprint().equals(now) && previous.destinationKey().equals(destKey)
        && !(verify == VerifyMode.REREAD
            && previous.verification().orElse(null) == io.github.cosmigrate.model.Verification.UNVERIFIABLE);
  }

  /** The destination key of a source key. */
  public String destinationKey(String sourceKey) {
    return destinationPrefix + sourceKey;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  private static void positive(String name, long v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, was " + v);
    }
  }

  private static String normalizePrefix(String p) {
    String s = p;
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    if (!s.isEmpty() && !s.endsWith("/")) {
      s = s + "/";
    }
    return s;
  }

  /** Builder with defaults. */
  public static final class Builder {
    private String destinationPrefix = "";
    private int concurrency = 32;
    private int partConcurrency = 8;
    private int partsPerObject = 4;
    private long multipartThreshold = 16L << 20;
    private long partSize = 16L << 20;
    private long maxBytesInFlight = 256L << 20;
    private int maxQueuedObjects = 1024;
    private SkipMode skipMode = SkipMode.LEDGER;
    private int maxAttempts = 5;
    private Duration initialBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(20);
    private Duration progressInterval = Duration.ofSeconds(5);
    private Path finishedObjectsFile;
    private Path failuresFile;
    private ObjectMetadata defaultMetadata = ObjectMetadata.empty();
    private boolean provenance = true;
    private VerifyMode verify = VerifyMode.CRC64;

    private Builder() {}

    private Builder(MigrationOptions o) {
      destinationPrefix = o.destinationPrefix;
      concurrency = o.concurrency;
      partConcurrency = o.partConcurrency;
      partsPerObject = o.partsPerObject;
      multipartThreshold = o.multipartThreshold;
      partSize = o.partSize;
      maxBytesInFlight = o.maxBytesInFlight;
      maxQueuedObjects = o.maxQueuedObjects;
      skipMode = o.skipMode;
      maxAttempts = o.maxAttempts;
      initialBackoff = o.initialBackoff;
      maxBackoff = o.maxBackoff;
      progressInterval = o.progressInterval;
      finishedObjectsFile = o.finishedObjectsFile.orElse(null);
      failuresFile = o.failuresFile.orElse(null);
      defaultMetadata = o.defaultMetadata;
      provenance = o.provenance;
      verify = o.verify;
    }

    public Builder destinationPrefix(String v) { destinationPrefix = v; return this; }
    public Builder concurrency(int v) { concurrency = v; return this; }
    public Builder partConcurrency(int v) { partConcurrency = v; return this; }
    public Builder partsPerObject(int v) { partsPerObject = v; return this; }
    public Builder multipartThreshold(long v) { multipartThreshold = v; return this; }
    public Builder partSize(long v) { partSize = v; return this; }
    public Builder maxBytesInFlight(long v) { maxBytesInFlight = v; return this; }
    public Builder maxQueuedObjects(int v) { maxQueuedObjects = v; return this; }
    public Builder skipMode(SkipMode v) { skipMode = v; return this; }
    public Builder maxAttempts(int v) { maxAttempts = v; return this; }
    public Builder initialBackoff(Duration v) { initialBackoff = v; return this; }
    public Builder maxBackoff(Duration v) { maxBackoff = v; return this; }
    public Builder progressInterval(Duration v) { progressInterval = v; return this; }
    public Builder finishedObjectsFile(Path v) { finishedObjectsFile = v; return this; }
    public Builder failuresFile(Path v) { failuresFile = v; return this; }
    public Builder defaultMetadata(ObjectMetadata v) { defaultMetadata = v; return this; }
    public Builder provenance(boolean v) { provenance = v; return this; }
    public Builder verify(VerifyMode v) { verify = v; return this; }

    public MigrationOptions build() {
      return new MigrationOptions(destinationPrefix, concurrency, partConcurrency, partsPerObject,
          multipartThreshold, partSize, maxBytesInFlight, maxQueuedObjects, skipMode, maxAttempts, initialBackoff,
          maxBackoff, progressInterval, Optional.ofNullable(finishedObjectsFile), Optional.ofNullable(failuresFile),
          defaultMetadata, provenance, verify);
    }
  }
}
