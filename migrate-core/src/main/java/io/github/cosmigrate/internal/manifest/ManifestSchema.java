package io.github.cosmigrate.internal.manifest;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The column order of an inventory CSV, given as the inventory's {@code manifest.json} writes it in
 * {@code fileSchema}: column names separated by commas, e.g. {@code "Bucket, Key, Size, LastModifiedDate, ETag"}.
 * Names are matched without regard to case or surrounding spaces; columns this library does not use
 * ({@code IsMultipartUploaded}, {@code EncryptionStatus}...) are allowed and ignored. {@code Key} is required; a
 * name may appear once.
 *
 * @param text the schema as given
 * @param columns how many columns a row has
 * @param positions the position (from 0) of each column this library reads that the schema names
 */
public record ManifestSchema(String text, int columns, Map<Column, Integer> positions) {
  /** The default: the fields every S3 or OSS inventory can carry that a copy needs. */
  public static final String DEFAULT = "Bucket, Key, Size, ETag";

  /** The columns this library reads. */
  public enum Column {
    BUCKET("Bucket"), KEY("Key"), VERSION_ID("VersionId"), IS_LATEST("IsLatest"),
    IS_DELETE_MARKER("IsDeleteMarker"), SIZE("Size"), LAST_MODIFIED_DATE("LastModifiedDate"), ETAG("ETag"),
    STORAGE_CLASS("StorageClass");

    final String title;

    Column(String title) {
      this.title = title;
    }

    static Column named(String name) {
      for (Column c : values()) {
        if (c.title.equalsIgnoreCase(name)) {
          return c;
        }
      }
      return null;
    }
  }

  public ManifestSchema {
    positions = Map.copyOf(positions);
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the schema when it is empty, has an empty name, lacks {@code Key} or
   *     names a column twice
   */
  public static ManifestSchema parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the manifest schema is empty; give the column names of the inventory's "
          + "manifest.json 'fileSchema', e.g. \"" + DEFAULT + "\"");
    }
    String[] names = text.split(",", -1);
    Map<Column, Integer> positions = new EnumMap<>(Column.class);
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      String name = names[i].strip();
      if (name.isEmpty()) {
        throw new IllegalArgumentException("the manifest schema '" + text + "' has an empty column name at "
            + "position " + (i + 1));
      }
      String lower = name.toLowerCase(Locale.ROOT);
      if (seen.contains(lower)) {
        throw new IllegalArgumentException("the manifest schema '" + text + "' names the column '" + name
            + "' twice");
      }
      seen.add(lower);
      Column c = Column.named(name);
      if (c != null) {
        positions.put(c, i);
      }
    }
    if (!positions.containsKey(Column.KEY)) {
      throw new IllegalArgumentException("the manifest schema '" + text + "' has no 'Key' column");
    }
    return new ManifestSchema(text, names.length, positions);
  }

  public boolean has(Column c) {
    return positions.containsKey(c);
  }

  /** The value of column {@code c} in {@code fields}, or null when the schema has no such column. */
  public String get(List<String> fields, Column c) {
    Integer i = positions.get(c);
    return i == null ? null : fields.get(i);
  }

  @Override
  public String toString() {
    return text;
  }
}
