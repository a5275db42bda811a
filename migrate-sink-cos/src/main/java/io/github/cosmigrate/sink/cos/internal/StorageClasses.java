package io.github.cosmigrate.sink.cos.internal;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** COS storage class names: case-insensitive input, the upper-case COS header value as output. */
public final class StorageClasses {
  /** The values COS accepts in {@code x-cos-storage-class}. */
  public static final List<String> VALID = List.of("STANDARD", "STANDARD_IA", "ARCHIVE", "DEEP_ARCHIVE",
      "INTELLIGENT_TIERING", "MAZ_STANDARD", "MAZ_STANDARD_IA", "MAZ_ARCHIVE", "MAZ_DEEP_ARCHIVE",
      "MAZ_INTELLIGENT_TIERING");

  private StorageClasses() {}

  /** The canonical name, or empty when {@code name} is not a COS storage class. Accepts '-' for '_'. */
  public static Optional<String> canonical(String name) {
    String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    return VALID.contains(n) ? Optional.of(n) : Optional.empty();
  }

  /** For settings: the canonical name, or IllegalArgumentException listing the valid names. */
  public static String canonicalOrThrowIllegal(String name) {
    return canonical(name).orElseThrow(() -> new IllegalArgumentException(unknown(name)));
  }

  /** For object metadata: the canonical name, or INVALID_INPUT naming the key and listing the valid names. */
  public static String canonicalFor(String key, String name) throws MigrateException {
    Optional<String> c = canonical(name);
    if (c.isEmpty()) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "object '" + key + "': " + unknown(name));
    }
    return c.get();
  }

  private static String unknown(String name) {
    return "unknown COS storage class '" + name + "'; valid (case-insensitive): " + String.join(", ", VALID);
  }
}
