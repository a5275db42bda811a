package io.github.cosmigrate.cli.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A small GNU-style option parser: {@code --name value}, {@code --name=value} and boolean switches. Options may
 * repeat when declared repeatable. Everything that is not an option is a positional argument. Not thread-safe.
 */
public final class CliArgs {
  private final Map<String, List<String>> values = new LinkedHashMap<>();
  private final List<String> positional = new ArrayList<>();

  private CliArgs() {}

  /**
   * Parses {@code args}.
   *
   * @param withValue options that take a value
   * @param switches options that take none
   * @param repeatable options (among {@code withValue}) that may be given more than once
   * @throws UsageException on an unknown option, a missing value, or a repeated non-repeatable option
   */
  public static CliArgs parse(List<String> args, Set<String> withValue, Set<String> switches, Set<String> repeatable)
      throws UsageException {
    CliArgs a = new CliArgs();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        a.positional.addAll(args.subList(i + 1, args.size()));
        break;
      }
      if (!arg.startsWith("--") || arg.length() == 2) {
        if (arg.startsWith("-") && arg.length() > 1 && !arg.equals("-")) {
          throw new UsageException("unknown option " + arg + " (options are spelled --name; see --help)");
        }
        a.positional.add(arg);
        continue;
      }
      String name;
      String value = null;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(2, eq);
        value = arg.substring(eq + 1);
      } else {
        name = arg.substring(2);
      }
      if (switches.contains(name)) {
        if (value != null) {
          throw new UsageException("option --" + name + " takes no value");
        }
        value = "true";
      } else if (withValue.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.size()) {
            throw new UsageException("option --" + name + " needs a value");
          }
          value = args.get(++i);
        }
      } else {
        throw new UsageException("unknown option --" + name + " (see --help)");
      }
      if (seen.merge(name, 1, Integer::sum) > 1 && !repeatable.contains(name)) {
        throw new UsageException("option --" + name + " given more than once");
      }
      a.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return a;
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
