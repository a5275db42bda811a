package io.github.cosmigrate.cli.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The values of one command line, by flag name (without {@code --}): parsed by picocli against the command's
 * {@link Flag} table ({@link CliSpecs}), read here with the checks every command shares (required, sizes, counts,
 * choices), each error one line naming the flag. Not thread-safe.
 */
public final class CliArgs {
  private final Map<String, List<String>> values;
  private final List<String> positional;

  CliArgs(Map<String, List<String>> values, List<String> positional) {
    this.values = new LinkedHashMap<>(values);
    this.positional = new ArrayList<>(positional);
  }

  /**
   * Parses {@code args} against {@code flags} (plus {@code --help} and the logging flags).
   *
   * @param command the command word, named in error messages
   * @throws UsageException on an unknown option, a missing value, or a repeated non-repeatable option
   */
  public static CliArgs parse(String command, List<String> args, List<Flag> flags) throws UsageException {
    return CliSpecs.parse(CliSpecs.spec(command, new CliSpecs.Help("", "", "", ""), flags), args);
  }

  /**
   * Parses {@code args} against flags declared by name only (no help text).
   *
   * @param withValue options that take a value
   * @param switches options that take none
   * @param repeatable options (among {@code withValue}) that may be given more than once
   * @throws UsageException on an unknown option, a missing value, or a repeated non-repeatable option
   */
  public static CliArgs parse(List<String> args, Set<String> withValue, Set<String> switches, Set<String> repeatable)
      throws UsageException {
    List<Flag> flags = new ArrayList<>();
    new java.util.TreeSet<>(withValue).forEach(n -> flags.add(repeatable.contains(n) ? Flag.repeatable(n, "VALUE", "")
        : Flag.value(n, "VALUE", "")));
    new java.util.TreeSet<>(switches).forEach(n -> flags.add(Flag.toggle(n, "")));
    return parse(CliSpecs.TOP, args, flags);
  }

  public Optional<String> get(String name) {
    List<String> v = values.get(name);
    return v == null ? Optional.empty() : Optional.of(v.get(v.size() - 1));
  }

  public List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** The value of a required option. */
  public String require(String name, String what) throws UsageException {
    Optional<String> v = get(name);
    if (v.isEmpty() || v.get().isBlank()) {
      throw new UsageException("missing --" + name + " (" + what + ")");
    }
    return v.get();
  }

  public long size(String name, long dflt) throws UsageException {
    Optional<String> v = get(name);
    if (v.isEmpty()) {
      return dflt;
    }
    try {
      long n = Sizes.parse(v.get());
      if (n <= 0) {
        throw new UsageException("--" + name + " must be > 0, was " + v.get());
      }
      return n;
    } catch (IllegalArgumentException e) {
      throw new UsageException("--" + name + ": " + e.getMessage());
    }
  }

  public int positiveInt(String name, int dflt) throws UsageException {
    Optional<String> v = get(name);
    if (v.isEmpty()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.get().trim());
      if (n <= 0) {
        throw new UsageException("--" + name + " must be a whole number > 0, was " + v.get());
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a whole number > 0, was '" + v.get() + "'");
    }
  }

  /** One of {@code allowed} (case-insensitive), or {@code dflt}. */
  public String choice(String name, String dflt, String... allowed) throws UsageException {
    Optional<String> v = get(name);
    if (v.isEmpty()) {
      return dflt;
    }
    for (String a : allowed) {
      if (a.equalsIgnoreCase(v.get().trim())) {
        return a;
      }
    }
    throw new UsageException("--" + name + " must be one of " + String.join("|", allowed) + ", was '" + v.get() + "'");
  }

  public List<String> positional() {
    return List.copyOf(positional);
  }
}
