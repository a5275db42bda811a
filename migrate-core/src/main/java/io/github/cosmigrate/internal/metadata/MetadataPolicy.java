package io.github.cosmigrate.internal.metadata;

import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps a source object's metadata to what is sent to COS. Pure and thread-safe; never fails: what COS cannot
 * carry is mapped or dropped, each with a note.
 *
 * <ul>
 *   <li>Storage class and server-side encryption: the user's explicit settings
 *       ({@code MigrationOptions.defaultMetadata}) win, sent as given (the sink validates them). Otherwise the
 *       source's storage class is mapped by {@link StorageClassMap} (dropped when it has no COS meaning) and the
 *       source's SSE is kept only when it is {@code AES256} / {@code SSE-COS} (sent as {@code AES256}, SSE-COS);
 *       {@code aws:kms}, {@code KMS}, {@code SM4} and others are dropped. A dropped value lets the sink's default
 *       ({@code CosSinkConfig.defaultStorageClass}, {@code sseCos}) or the bucket's apply.
 *   <li>Content-Type, Cache-Control, Content-Disposition, Content-Encoding, Content-Language, Expires: the
 *       source's value, else the user's default.
 *   <li>User metadata: the user's keys win over the provenance keys, which win over the source's. A source key
 *       that is not an HTTP token, or whose value has a character outside printable ASCII, is dropped; so are
 *       source keys (in key order) past COS's limit of {@value #MAX_USER_METADATA_BYTES} bytes for all
 *       {@code x-cos-meta-} names and values (counted in UTF-8 with the prefix, a little under what COS allows).
 *   <li>Provenance (when on and the source names one): {@value #KEY_SOURCE} = the source URI,
 *       {@value #KEY_SOURCE_ETAG} = the source ETag and {@value #KEY_SOURCE_VERSION} = the source version id, when
 *       known. Characters outside printable ASCII, and {@code %}, are percent-encoded (UTF-8), so that the values
 *       can be sent as headers and decoded back. They replace keys of the same name from the source (an object
 *       migrated twice names its latest source).
 * </ul>
 *
 * <p>Notes are short texts without object keys (so that a run can count them in a bounded map); the details,
 * with the metadata names, are for a per-object debug log.
 */
public final class MetadataPolicy {
  /** User-metadata key of the source URI, e.g. {@code s3://bucket/key}. */
  public static final String KEY_SOURCE = "migrate-source";
  /** User-metadata key of the source object's ETag. */
  public static final String KEY_SOURCE_ETAG = "migrate-source-etag";
  /** User-metadata key of the source object's version id, in a versioned source bucket. */
  public static final String KEY_SOURCE_VERSION = "migrate-source-version-id";
  /** COS's limit on the user metadata of one object. */
  public static final int MAX_USER_METADATA_BYTES = 2048;

  static final String NOTE_BAD_NAME = "user metadata name is not an HTTP token: dropped";
  static final String NOTE_BAD_VALUE = "user metadata value outside printable ASCII: dropped";
  static final String NOTE_TOO_LARGE = "user metadata over COS's 2 KB: dropped";
  private static final String COS_META_PREFIX = "x-cos-meta-";
  private static final int MAX_VALUE_IN_NOTE = 40;

  /** What to send, with the notes to count and the details to log. */
  public record Mapped(ObjectMetadata metadata, List<String> notes, List<String> details) {
    public Mapped {
      Objects.requireNonNull(metadata, "metadata");
      notes = List.copyOf(notes);
      details = List.copyOf(details);
    }
  }

  private final ObjectMetadata explicit;
  private final boolean provenance;

  /**
   * @param explicit the user's settings ({@code MigrationOptions.defaultMetadata})
   * @param provenance whether to add the provenance keys ({@code MigrationOptions.provenance})
   */
  public MetadataPolicy(ObjectMetadata explicit, boolean provenance) {
    this.explicit = Objects.requireNonNull(explicit, "explicit");
    this.provenance = provenance;
  }

  /** The metadata to send for {@code info}, whose source names it {@code sourceUri} (or not). */
  public Mapped map(ObjectInfo info, Optional<String> sourceUri) {
    ObjectMetadata src = info.metadata();
    List<String> notes = new ArrayList<>();
    List<String> details = new ArrayList<>();
    ObjectMetadata.Builder b = ObjectMetadata.builder();
    src.contentType().or(explicit::contentType).ifPresent(b::contentType);
    src.cacheControl().or(explicit::cacheControl).ifPresent(b::cacheControl);
    src.contentDisposition().or(explicit::contentDisposition).ifPresent(b::contentDisposition);
    src.contentEncoding().or(explicit::contentEncoding).ifPresent(b::contentEncoding);
    src.contentLanguage().or(explicit::contentLanguage).ifPresent(b::contentLanguage);
    src.expires().or(explicit::expires).ifPresent(b::expires);
    if (explicit.storageClass().isPresent()) {
      b.storageClass(explicit.storageClass().get());
    } else {
      src.storageClass().filter(s -> !s.isBlank()).ifPresent(s -> storageClass(s.trim(), b, notes));
    }
    if (explicit.serverSideEncryption().isPresent()) {
      b.serverSideEncryption(explicit.serverSideEncryption().get());
    } else {
      src.serverSideEncryption().filter(s -> !s.isBlank()).ifPresent(s -> sse(s.trim(), b, notes));
    }
    b.userMetadata(userMetadata(info, sourceUri, notes, details));
    return new Mapped(b.build(), notes, details);
  }

  private static void storageClass(String s, ObjectMetadata.Builder b, List<String> notes) {
    Optional<String> cos = StorageClassMap.toCos(s);
    if (cos.isEmpty()) {
      notes.add("storage class " + shown(s) + " has no COS equivalent: dropped");
      return;
    }
    b.storageClass(cos.get());
    if (!StorageClassMap.sameName(s, cos.get())) {
      notes.add("storage class " + shown(s) + " mapped to " + cos.get());
    }
  }

  private static void sse(String s, ObjectMetadata.Builder b, List<String> notes) {
    if (s.equalsIgnoreCase("AES256") || s.equalsIgnoreCase("SSE-COS")) {
      b.serverSideEncryption("AES256");
    } else {
      notes.add("server-side encryption " + shown(s) + " dropped (COS takes AES256, SSE-COS, only)");
    }
  }

  private Map<String, String> userMetadata(ObjectInfo info, Optional<String> sourceUri, List<String> notes,
      List<String> details) {
    Map<String, String> out = new LinkedHashMap<>();
    int bytes = 0;
    for (var e : explicit.userMetadata().entrySet()) {
      out.put(e.getKey(), e.getValue());
      bytes += size(e.getKey(), e.getValue());
    }
    Map<String, String> candidates = new LinkedHashMap<>();
    if (provenance && sourceUri.isPresent()) {
      candidates.put(KEY_SOURCE, encode(sourceUri.get()));
      info.etag().ifPresent(v -> candidates.put(KEY_SOURCE_ETAG, encode(v)));
      info.versionId().ifPresent(v -> candidates.put(KEY_SOURCE_VERSION, encode(v)));
    }
    info.metadata().userMetadata().forEach(candidates::putIfAbsent);
    boolean overLimit = false;
    for (var e : candidates.entrySet()) {
      String k = e.getKey();
      String v = e.getValue();
      if (out.containsKey(k)) {
        continue;
      }
      if (!ObjectMetadata.isHeaderToken(k)) {
        addOnce(notes, NOTE_BAD_NAME);
        details.add("user metadata '" + shown(k) + "' dropped: not an HTTP token");
      } else if (ObjectMetadata.unsendableCharAt(v) >= 0) {
        addOnce(notes, NOTE_BAD_VALUE);
        details.add("user metadata '" + k + "' dropped: its value has a character outside printable ASCII at index "
            + ObjectMetadata.unsendableCharAt(v));
      } else if (bytes + size(k, v) > MAX_USER_METADATA_BYTES) {
        overLimit = true;
        details.add("user metadata '" + k + "' dropped: over " + MAX_USER_METADATA_BYTES + " bytes in all");
      } else {
        out.put(k, v);
        bytes += size(k, v);
      }
    }
    if (overLimit) {
      notes.add(NOTE_TOO_LARGE);
    }
    return out;
  }

  private static void addOnce(List<String> notes, String note) {
    if (!notes.contains(note)) {
      notes.add(note);
    }
  }

  private static int size(String k, String v) {
    return (COS_META_PREFIX + k + v).getBytes(StandardCharsets.UTF_8).length;
  }

  /** Percent-encodes (UTF-8) '%' and everything outside printable ASCII. */
  static String encode(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c < 0x20 || c > 0x7e || c == '%') {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      } else {
        out.append((char) c);
      }
    }
    return out.toString();
  }

  /** A source value as it may appear in a note: printable ASCII, short. */
  private static String shown(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && out.length() < MAX_VALUE_IN_NOTE; i++) {
      char c = s.charAt(i);
      out.append(c >= 0x20 && c <= 0x7e ? c : '?');
    }
    return s.length() > MAX_VALUE_IN_NOTE ? out + "..." : out.toString();
  }
}
