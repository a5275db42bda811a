package io.github.cosmigrate.internal.manifest;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.internal.manifest.ManifestSchema.Column;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.SourceEntry;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turns the lines of one manifest into listing entries, for a source on {@code bucket} below {@code prefix}: an
 * inventory CSV row (fields per the {@link ManifestSchema}, the key URL-decoded) or a plain line (one full key, as
 * it is). Keys are full bucket keys: a key outside the prefix is not part of the job, a key inside is made relative
 * to it. Rows of an old version ({@code IsLatest} false) or of a delete marker are not part of the job either.
 * A row of another bucket, or one that cannot be read, becomes a {@link SourceEntry.Failed} of kind
 * {@code INVALID_INPUT} whose reason names the manifest file and the line; its key is the relative key when the
 * row named one in this job, else {@link #lineKey}. Immutable.
 */
public final class InventoryRows {
  /** What one line gives. */
  public sealed interface Row permits Listed, Lookup {}

  /** An entry as it is listed. */
  public record Listed(SourceEntry entry) implements Row {}

  /** A key whose size and version come from a stat of the source (a plain key list, a schema without Size). */
  public record Lookup(String key, Optional<String> versionId) implements Row {}

  private final ManifestSchema schema;
  private final String bucket;
  private final String prefix;
  private final String fileName;

  /**
   * @param schema the column order of CSV rows, or null for a plain key list
   * @param fileName the manifest's file name, for messages and {@link #lineKey}
   */
  public InventoryRows(ManifestSchema schema, String bucket, String prefix, String fileName) {
    this.schema = schema;
    this.bucket = bucket;
    this.prefix = prefix;
    this.fileName = fileName;
  }

  /** True when every row needs a stat: a plain key list, or a schema without {@code Size}. */
  public boolean looksUp() {
    return schema == null || !schema.has(Column.SIZE);
  }

  /** The key of a failure that names no key in this job: {@code <file name>:<line>}. */
  public String lineKey(long line) {
    return fileName + ":" + line;
  }

  /** {@code manifest <file name> line <n>: <why>}. */
  public String where(long line, String why) {
    return "manifest " + fileName + " line " + line + ": " + why;
  }

  /** A failure of line {@code line}. */
  public SourceEntry.Failed failed(String key, long line, String why) {
    return new SourceEntry.Failed(key == null ? lineKey(line) : key, ErrorKind.INVALID_INPUT, where(line, why));
  }

  /** What line {@code line} gives, or null when it is not part of the job (outside the prefix, an old version). */
  public Row row(long line, String text) {
    return schema == null ? plain(line, text) : csv(line, text);
  }

  private Row plain(long line, String full) {
    if (!full.startsWith(prefix)) {
      return null;
    }
    String rel = full.substring(prefix.length());
    if (rel.isEmpty()) {
      return new Listed(equalsPrefix(full));
    }
    return new Lookup(rel, Optional.empty());
  }

  private Row csv(long line, String text) {
    List<String> fields;
    try {
      fields = CsvFields.split(text);
    } catch (IllegalArgumentException e) {
      return new Listed(failed(null, line, "not a CSV row: " + e.getMessage()));
    }
    if (fields.size() != schema.columns()) {
      return new Listed(failed(null, line, "expected " + schema.columns() + " fields (" + schema + "), found "
          + fields.size()));
    }
    String rowBucket = schema.get(fields, Column.BUCKET);
    if (rowBucket != null && !rowBucket.equals(bucket)) {
      return new Listed(failed(null, line, "the row is for bucket '" + rowBucket + "', not '" + bucket
          + "': a manifest lists one bucket; use the inventory of '" + bucket + "'"));
    }
    String full;
    try {
      full = FormDecoding.decode(schema.get(fields, Column.KEY));
    } catch (IllegalArgumentException e) {
      return new Listed(failed(null, line, e.getMessage()));
    }
    if (!full.startsWith(prefix)) {
      return null;
    }
    String rel = full.substring(prefix.length());
    try {
      if (!flag(fields, Column.IS_LATEST, true) || flag(fields, Column.IS_DELETE_MARKER, false)) {
        return null;
      }
    } catch (IllegalArgumentException e) {
      return new Listed(failed(rel.isEmpty() ? null : rel, line, e.getMessage()));
    }
    if (rel.isEmpty()) {
      return new Listed(equalsPrefix(full));
    }
    Optional<String> versionId = optional(schema.get(fields, Column.VERSION_ID));
    if (!schema.has(Column.SIZE)) {
      return new Lookup(rel, versionId);
    }
    try {
      long size = size(schema.get(fields, Column.SIZE));
      if (full.endsWith("/") && size == 0) {
        return new Listed(directoryMarker(rel));
      }
      Optional<Instant> modified = time(schema.get(fields, Column.LAST_MODIFIED_DATE));
      Optional<String> etag = optional(schema.get(fields, Column.ETAG));
      Optional<String> storageClass = optional(schema.get(fields, Column.STORAGE_CLASS));
      ObjectMetadata md = storageClass.isEmpty() ? ObjectMetadata.empty()
          : ObjectMetadata.builder().storageClass(storageClass.get()).build();
      return new Listed(new SourceEntry.Found(new ObjectInfo(rel, size, modified, etag, OptionalLong.empty(), md,
          versionId)));
    } catch (IllegalArgumentException e) {
      return new Listed(failed(rel, line, e.getMessage()));
    }
  }

  /** The entry of a key equal to the prefix, as the S3 source lists it. */
  public SourceEntry equalsPrefix(String full) {
    return new SourceEntry.Skipped(full, "the key equals the prefix '" + prefix + "' (a directory marker)");
  }

  /** The entry of a zero-byte key ending in {@code /}, as the S3 source lists it. */
  public static SourceEntry directoryMarker(String rel) {
    return new SourceEntry.Skipped(rel, "directory marker (a zero-byte key ending in '/')");
  }

  private boolean flag(List<String> fields, Column c, boolean absent) {
    String v = schema.get(fields, c);
    if (v == null || v.isEmpty()) {
      return absent;
    }
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException(c.title + " is '" + v + "', not true or false");
  }

  private static long size(String v) {
    long size;
    try {
      size = Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Size is '" + v + "', not a number of bytes");
    }
    if (size < 0) {
      throw new IllegalArgumentException("Size is negative (" + v + ")");
    }
    return size;
  }

  /** An ISO-8601 time, cut to whole seconds as the S3 and OSS sources cut theirs. */
  private static Optional<Instant> time(String v) {
    if (v == null || v.isBlank()) {
      return Optional.empty();
    }
    Instant t;
    try {
      t = Instant.parse(v.strip());
    } catch (DateTimeParseException e) {
      try {
        t = OffsetDateTime.parse(v.strip()).toInstant();
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException("LastModifiedDate is '" + v + "', not an ISO-8601 time such as "
            + "2024-01-31T12:00:00.000Z");
      }
    }
    return Optional.of(t.truncatedTo(ChronoUnit.SECONDS));
  }

  private static Optional<String> optional(String v) {
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }
}
