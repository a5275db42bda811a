package io.github.cosmigrate.api;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.internal.manifest.InventoryRows;
import io.github.cosmigrate.internal.manifest.ListedVersion;
import io.github.cosmigrate.internal.manifest.ManifestLines;
import io.github.cosmigrate.internal.manifest.ManifestListing;
import io.github.cosmigrate.internal.manifest.ManifestSchema;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceRead;
import io.github.cosmigrate.spi.ForwardingSource;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.capability.RangeReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A source whose listing comes from a manifest file instead of the store: for buckets too large to list. It wraps
 * the store's own source (S3, OSS, COS...), which still does every read; only {@link #list} is replaced, so a run
 * over a manifest sends no LIST request. Two formats:
 *
 * <ul>
 *   <li><b>Inventory CSV</b> (S3 Inventory, OSS inventory; plain or gzip, recognised by its magic bytes): one row
 *       per object, every field in double quotes, the columns in the order of the inventory's
 *       {@code manifest.json} {@code fileSchema} (default {@value ManifestSchema#DEFAULT}); keys URL-decoded
 *       ({@code +} a space, {@code %2B} a plus). Nothing is asked of the store until an object is read.
 *   <li><b>Plain key list</b>: one full key per line, as it is (not encoded). Each key costs one stat (a HEAD) of
 *       the store while listing, on the listing thread, which gives its size, ETag, version and metadata. A CSV
 *       schema without {@code Size} is listed the same way.
 * </ul>
 *
 * <p>The file is CSV when its first non-blank line starts with a double quote. Keys are full bucket keys: a key
 * outside {@code prefix} is not part of the job (not listed); a key inside is made relative to it, as the wrapped
 * source's keys are. Blank lines, rows of old versions ({@code IsLatest} false) and delete markers are not listed;
 * a key equal to the prefix and a zero-byte key ending in {@code /} are skipped as the S3 source skips them. A bad
 * line (wrong number of fields, a bad number or time, a key that does not decode, a row of another bucket, a key
 * the store does not have) is listed as a failed entry ({@code INVALID_INPUT}, or the stat's kind) whose reason
 * names the file and the line ({@code manifest inventory.csv.gz line 17: ...}); its key is the row's key, or
 * {@code <file name>:<line>} when the row names none in this job. The listing goes on.
 *
 * <p><b>The row's fields.</b> An entry carries the row's size, ETag, modification time (cut to whole seconds, as
 * the S3 and OSS sources cut theirs), version id and storage class (in its metadata, as the OSS listing does; it is
 * informational: an archived object fails at its read with the store's reason). With {@code Size}, {@code ETag}
 * and {@code LastModifiedDate} in the schema an object's fingerprint is the one a listing of the bucket gives, so a
 * manifest run and a listing run recognise each other's work in a shared ledger. A missing column means: no
 * {@code Size}, a stat per key (as for a key list); no {@code ETag}, reads pinned by version id only (or not at
 * all), and a fingerprint without ETag; no {@code LastModifiedDate}, a fingerprint without time. A fingerprint
 * that lacks a field differs from a listing run's, so a later listing run copies such objects once more. No
 * {@code Bucket}, rows are not checked against the bucket. No {@code VersionId}, the version id comes from the
 * stat the engine makes before a multipart upload, when its ETag matches.
 *
 * <p><b>A manifest is a snapshot.</b> An inventory row's object is read pinned to the row's version (the wrapped
 * source's {@code If-Match} on the ETag, the version id when the row has one). An object that no longer is that
 * version (a pinned read refused, a size or ETag that differs at the stat before a multipart upload or in a read's
 * response) fails with {@code INVALID_INPUT} "changed since the manifest was written", not retried, instead of
 * another version being copied under the manifest's fingerprint. With neither ETag nor version id in the schema,
 * reads are not pinned ({@link #pinsReads()} false) and the engine compares size and modification time after each
 * transfer. Entries of a key list are the stat's, and behave as those of a listing.
 *
 * <p>Memory is one line and one page, whatever the file's size: the file is streamed, never loaded. A page is at
 * most {@code pageSize} lines (so possibly empty, when none of them is part of the job). The cursor is the number
 * of the last line of a page with the file's name; a resumed listing reads the file again up to that line (a saved
 * position of another file, or one that the file no longer reaches, stops the run). {@code list} is called by one
 * thread at a time; everything else may be called from many. {@link #close()} closes the wrapped source too.
 */
public final class ManifestSource extends ForwardingSource implements RangeReader {
  /** Lines read per page. */
  public static final int DEFAULT_PAGE_SIZE = 1000;

  private final Path file;
  private final String name;
  private final String bucket;
  private final String prefix;
  private final InventoryRows rows;
  private final boolean snapshot;
  private final boolean pinned;

  private final ManifestListing listing; // guarded by this

  private ManifestSource(Builder b, ManifestSchema schema) {
    super(b.delegate);
    this.file = b.manifest;
    this.name = b.manifest.getFileName().toString();
    this.bucket = b.bucket;
    this.prefix = b.prefix;
    this.rows = new InventoryRows(schema, bucket, prefix, name);
    this.snapshot = !rows.looksUp();
    this.pinned = b.delegate.pinsReads() && (!snapshot || schema.has(ManifestSchema.Column.ETAG)
        || schema.has(ManifestSchema.Column.VERSION_ID));
    this.listing = new ManifestListing(file, rows, b.pageSize, b.delegate::stat, b.delegate.describe());
  }

  /** A manifest source over {@code delegate} (the store's source), listing from {@code manifest}. */
  public static Builder builder(Source delegate, Path manifest) {
    return new Builder(delegate, manifest);
  }

  /** Settings of a {@link ManifestSource}. */
  public static final class Builder {
    private final Source delegate;
    private final Path manifest;
    private String bucket;
    private String prefix = "";
    private String schema = ManifestSchema.DEFAULT;
    private int pageSize = DEFAULT_PAGE_SIZE;

    private Builder(Source delegate, Path manifest) {
      this.delegate = Objects.requireNonNull(delegate, "delegate");
      this.manifest = Objects.requireNonNull(manifest, "manifest");
    }

    /** The bucket the wrapped source reads (required): an inventory row of another bucket fails. */
    public Builder bucket(String b) {
      this.bucket = Objects.requireNonNull(b, "bucket");
      return this;
    }

    /** The wrapped source's key prefix (default none): manifest keys outside it are not listed. */
    public Builder prefix(String p) {
      this.prefix = Objects.requireNonNull(p, "prefix");
      return this;
    }

    /**
     * The column order of an inventory CSV, as in its {@code manifest.json} {@code fileSchema}, e.g.
     * {@code "Bucket, Key, Size, LastModifiedDate, ETag, StorageClass"} (default {@value ManifestSchema#DEFAULT}).
     * Ignored for a plain key list.
     */
    public Builder schema(String s) {
      this.schema = Objects.requireNonNull(s, "schema");
      return this;
    }

    /** Lines read per {@link #list} call (default {@value #DEFAULT_PAGE_SIZE}). */
    public Builder pageSize(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("manifest page size must be >= 1, was " + n);
      }
      this.pageSize = n;
      return this;
    }

    /**
     * Reads the manifest's first line to tell CSV from a key list.
     *
     * @throws IllegalArgumentException naming the setting when the bucket is missing, the schema is bad, or the
     *     manifest is not a readable file
     * @throws IOException when the manifest cannot be read (a corrupt gzip header)
     */
    public ManifestSource build() throws IOException {
      if (bucket == null || bucket.isEmpty()) {
        throw new IllegalArgumentException("the manifest source needs the bucket its manifest lists");
      }
      if (!Files.isRegularFile(manifest) || !Files.isReadable(manifest)) {
        throw new IllegalArgumentException("the manifest " + manifest + " is not a readable file");
      }
      ManifestSchema parsed = ManifestSchema.parse(schema);
      return new ManifestSource(this, isCsv(manifest) ? parsed : null);
    }
  }

  private static boolean isCsv(Path file) throws IOException {
    try (ManifestLines in = ManifestLines.open(file)) {
      for (ManifestLines.Line l = in.next(); l != null; l = in.next()) {
        if (l.text() == null || !l.text().isBlank()) {
          return l.text() != null && l.text().startsWith("\"");
        }
      }
      return false;
    } catch (IOException e) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "cannot read the manifest " + file + ": " + e, e);
    }
  }

  /** True for an inventory CSV with sizes (listed as it is), false for a key list (a stat per key). */
  public boolean isInventory() {
    return snapshot;
  }

  @Override
  public String describe() {
    return super.describe() + " listed from manifest " + name;
  }

  @Override
  public synchronized ListBatch list(Optional<ListCursor> after) throws IOException {
    return listing.page(after);
  }

  // ------------------------------------------------------------------------------------------------- reads

  @Override
  public ObjectInfo statListed(ObjectInfo listed) throws IOException {
    if (!snapshot) {
      return delegate().statListed(listed);
    }
    ObjectInfo now = delegate().stat(listed.key());
    String why = ListedVersion.difference(listed, now);
    if (why != null) {
      throw changed(listed.key(), why);
    }
    return ListedVersion.merged(listed, now);
  }

  @Override
  public SourceRead open(ObjectInfo object) throws IOException {
    if (!snapshot) {
      return delegate().open(object);
    }
    SourceRead r;
    try {
      r = delegate().open(object);
    } catch (MigrateException e) {
      throw e.kind() == ErrorKind.SOURCE_CHANGED ? changed(object.key(), e.getMessage()) : e;
    }
    String why = ListedVersion.difference(object, r.observed());
    if (why != null) {
      r.close();
      throw changed(object.key(), why);
    }
    return r;
  }

  @Override
  public InputStream openRange(ObjectInfo object, long offset, long length) throws IOException {
    RangeReader ranges = delegate().capability(RangeReader.class).orElseThrow(() -> new MigrateException(
        ErrorKind.UNSUPPORTED, super.describe() + " cannot read byte ranges"));
    if (!snapshot) {
      return ranges.openRange(object, offset, length);
    }
    try {
      return ranges.openRange(object, offset, length);
    } catch (MigrateException e) {
      throw e.kind() == ErrorKind.SOURCE_CHANGED ? changed(object.key(), e.getMessage()) : e;
    }
  }

  private MigrateException changed(String key, String detail) {
    return new MigrateException(ErrorKind.INVALID_INPUT, where(key) + " changed since the manifest " + name
        + " was written (" + detail + "); it is not copied: regenerate the manifest, or list the bucket instead");
  }

  private String where(String key) {
    return "object '" + prefix + key + "' of bucket '" + bucket + "'";
  }

  /** Pinned when the wrapped source pins reads and the manifest names a version (ETag or version id) to pin to. */
  @Override
  public boolean pinsReads() {
    return pinned;
  }

  /** An inventory row carries no metadata (false); a key list's stat gave it all (true). */
  @Override
  public boolean listsMetadata() {
    return !snapshot;
  }

  @Override
  public <T> Optional<T> capability(Class<T> type) {
    if (type == RangeReader.class) {
      return delegate().capability(RangeReader.class).isPresent() ? Optional.of(type.cast(this)) : Optional.empty();
    }
    return super.capability(type);
  }

  @Override
  public void close() throws IOException {
    synchronized (this) {
      listing.close();
    }
    super.close();
  }

  @Override
  public String toString() {
    return "ManifestSource[" + describe() + "]";
  }
}
