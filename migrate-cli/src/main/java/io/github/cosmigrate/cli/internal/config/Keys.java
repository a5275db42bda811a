package io.github.cosmigrate.cli.internal.config;

import io.github.cosmigrate.cli.internal.Sizes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Typed reads of config keys: each read checks its value and, when it is bad, records a problem naming the key and
 * returns empty (or the default), so that reading goes on and every problem is reported at once.
 */
public final class Keys {
  private final ConfigValues values;
  private final Problems problems;

  public Keys(ConfigValues values, Problems problems) {
    this.values = values;
    this.problems = problems;
  }

  public ConfigValues values() {
    return values;
  }

  public Problems problems() {
    return problems;
  }

  public Optional<String> get(String section, String key) {
    return values.get(section, key);
  }

  /** Records {@code what} as a problem of {@code section.key}. */
  public void bad(String section, String key, String what) {
    problems.add(values.where(section, key), what);
  }

  /** A required key; a problem when it is absent or blank. */
  public Optional<String> required(String section, String key, String what) {
    Optional<String> v = get(section, key);
    if (v.isEmpty()) {
      problems.add("[" + section + "] " + key, "missing (" + what + ")");
    }
    return v;
  }

  /** {@code on|off|true|false} (any case), or {@code dflt} when absent. */
  public boolean onOff(String section, String key, boolean dflt) {
    Optional<String> v = get(section, key);
    if (v.isEmpty()) {
      return dflt;
    }
    switch (v.get().toLowerCase(Locale.ROOT)) {
      case "on", "true", "yes", "1" -> {
        return true;
      }
      case "off", "false", "no", "0" -> {
        return false;
      }
      default -> {
        bad(section, key, "must be on or off (true or false), was '" + v.get() + "'");
        return dflt;
      }
    }
  }

  /** A whole number in {@code [lo, hi]}, if present and valid. */
  public Optional<Long> longIn(String section, String key, long lo, long hi, String unit) {
    Optional<String> v = get(section, key);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      long n = Long.parseLong(v.get());
      if (n < lo || n > hi) {
        bad(section, key, "must be from " + lo + " to " + hi + unit + ", was " + v.get());
        return Optional.empty();
      }
      return Optional.of(n);
    } catch (NumberFormatException e) {
      bad(section, key, "must be a whole number from " + lo + " to " + hi + unit + ", was '" + v.get() + "'");
      return Optional.empty();
    }
  }

  /** A byte count (plain bytes or with a unit such as 8MiB) in {@code [lo, hi]}, if present and valid. */
  public Optional<Long> sizeIn(String section, String key, long lo, long hi) {
    Optional<String> v = get(section, key);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    long n;
    try {
      n = Sizes.parse(v.get());
    } catch (IllegalArgumentException e) {
      bad(section, key, "not a size: " + e.getMessage());
      return Optional.empty();
    }
    if (n < lo || n > hi) {
      bad(section, key, "must be from " + Sizes.bytes(lo) + " (" + lo + ") to " + Sizes.bytes(hi) + " (" + hi
          + "), was " + v.get());
      return Optional.empty();
    }
    return Optional.of(n);
  }

  /** One of {@code allowed} (any case), returned as spelled in {@code allowed}. */
  public Optional<String> choice(String section, String key, String... allowed) {
    Optional<String> v = get(section, key);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    for (String a : allowed) {
      if (a.equalsIgnoreCase(v.get())) {
        return Optional.of(a);
      }
    }
    bad(section, key, "must be one of " + String.join(", ", allowed) + ", was '" + v.get() + "'");
    return Optional.empty();
  }

  /** A path that must exist (a directory when {@code directory}, else a regular file), absolute and normalized. */
  public Optional<Path> existing(String section, String key, Optional<String> value, boolean directory) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    Path p = Path.of(value.get()).toAbsolutePath().normalize();
    if (!Files.exists(p)) {
      bad(section, key, "'" + value.get() + "' does not exist");
      return Optional.empty();
    }
    if (directory && !Files.isDirectory(p)) {
      bad(section, key, "'" + value.get() + "' is not a directory");
      return Optional.empty();
    }
    if (!directory && !Files.isRegularFile(p)) {
      bad(section, key, "'" + value.get() + "' is not a regular file");
      return Optional.empty();
    }
    if (!Files.isReadable(p)) {
      bad(section, key, "'" + value.get() + "' is not readable (check its permissions)");
      return Optional.empty();
    }
    return Optional.of(p);
  }
}
