package io.github.cosmigrate.spi.provider;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of one plugin: an immutable map of strings plus the names of the secret ones, with typed getters
 * whose errors name the setting and the plugin. {@link #toString()} and {@link #redacted()} print secrets as
 * {@code ***}; no getter's message ever contains a secret value. {@link #values()} is the full map (secrets
 * included) for shipping the settings to where the plugin is built; never print it.
 *
 * @param plugin names the plugin in messages, e.g. {@code source 's3'}
 * @param values every setting given, defaults filled in by {@link #bind}
 * @param secrets the names of the secret settings
 */
public record PluginSettings(String plugin, Map<String, String> values, Set<String> secrets) {

  /** What secrets print as. */
  public static final String MASK = "***";

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

  public PluginSettings {
    Objects.requireNonNull(plugin, "plugin");
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(secrets, "secrets");
    TreeMap<String, String> copy = new TreeMap<>();
    values.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "setting name"),
        Objects.requireNonNull(v, () -> "value of setting '" + k + "'")));
    values = Collections.unmodifiableSortedMap(copy);
    secrets = Collections.unmodifiableSortedSet(new TreeSet<>(secrets));
  }

  /**
   * Checks {@code raw} against {@code specs}: rejects unknown names (listing the known ones) and missing required
   * settings (a blank value counts as missing), and fills in defaults.
   *
   * @param plugin e.g. {@code source 'local'}
   * @throws InvalidSettingsException naming the first unknown or missing setting
   */
  public static PluginSettings bind(String plugin, List<SettingSpec> specs, Map<String, String> raw) {
    Objects.requireNonNull(raw, "settings");
    Map<String, SettingSpec> known = new LinkedHashMap<>();
    Set<String> secretNames = new TreeSet<>();
    for (SettingSpec s : specs) {
      known.put(s.name(), s);
      if (s.secret()) {
        secretNames.add(s.name());
      }
    }
    for (String name : new TreeSet<>(raw.keySet())) {
      if (!known.containsKey(name)) {
        throw new InvalidSettingsException(plugin, name, "is unknown (known settings: "
            + String.join(", ", new TreeSet<>(known.keySet())) + ")");
      }
    }
    Map<String, String> values = new TreeMap<>();
    for (SettingSpec s : specs) {
      String v = raw.get(s.name());
      if (v != null && !v.isBlank()) {
        values.put(s.name(), v);
      } else if (s.defaultValue().isPresent()) {
        values.put(s.name(), s.defaultValue().get());
      } else if (s.required()) {
        throw new InvalidSettingsException(plugin, s.name(), "is required (" + s.description() + ")");
      }
    }
    return new PluginSettings(plugin, values, secretNames);
  }

  /** The value, trimmed unless secret; empty when not given or blank. */
  public Optional<String> get(String name) {
    String v = values.get(name);
    if (v == null || v.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(secrets.contains(name) ? v : v.trim());
  }

  /** The value of a setting that must be present. */
  public String require(String name) {
    return get(name).orElseThrow(() -> invalid(name, "is required"));
  }

  /** A whole number {@code >= 1}. */
  public int positiveInt(String name) {
    return intInRange(name, 1, Integer.MAX_VALUE);
  }

  /** A whole number in {@code [min, max]}. */
  public int intInRange(String name, int min, int max) {
    String v = require(name);
    String what = max == Integer.MAX_VALUE
        ? (min == 1 ? "a positive integer" : "an integer >= " + min)
        : "an integer from " + min + " to " + max;
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw invalid(name, "must be " + what + ", was " + shown(name, v));
      }
      return n;
    } catch (NumberFormatException e) {
      throw invalid(name, "must be " + what + ", was " + shown(name, v));
    }
  }

  /** A byte count {@code >= 1}, see {@link #parseSize}. */
  public long size(String name) {
    String v = require(name);
    try {
      long n = parseSize(v);
      if (n <= 0) {
        throw invalid(name, "must be a size > 0, was " + shown(name, v));
      }
      return n;
    } catch (IllegalArgumentException e) {
      if (e instanceof InvalidSettingsException ise) {
        throw ise;
      }
      throw invalid(name, "must be a size such as 8388608, 8MiB or 512K, was " + shown(name, v));
    }
  }

  /** {@code true} or {@code false} (any case); absent is {@code false}. */
  public boolean bool(String name) {
    Optional<String> v = get(name);
    if (v.isEmpty()) {
      return false;
    }
    return switch (v.get().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(name, "must be true or false, was " + shown(name, v.get()));
    };
  }

  /** A duration {@code >= 0}: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 2d}, a bare number of seconds, or ISO-8601. */
  public Duration duration(String name) {
    String v = require(name);
    Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
          case "ms" -> Duration.ofMillis(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          case "d" -> Duration.ofDays(n);
          default -> Duration.ofSeconds(n);
        };
      }
      Duration d = Duration.parse(v);
      if (!d.isNegative()) {
        return d;
      }
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      // fall through to the message
    }
    throw invalid(name, "must be a duration such as 500ms, 10s, 5m or PT1H, was " + shown(name, v));
  }

  /** One of {@code allowed} (case-insensitive), returned as spelled in {@code allowed}. */
  public String choice(String name, String... allowed) {
    String v = require(name);
    for (String a : allowed) {
      if (a.equalsIgnoreCase(v)) {
        return a;
      }
    }
    throw invalid(name, "must be one of " + String.join("|", allowed) + ", was " + shown(name, v));
  }

  /** The newline-separated entries, trimmed, empty ones dropped; empty when absent. */
  public List<String> list(String name) {
    List<String> out = new ArrayList<>();
    for (String line : values.getOrDefault(name, "").split("\r?\n")) {
      String t = line.trim();
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return List.copyOf(out);
  }

  /** A path of the default file system. */
  public Optional<Path> path(String name) {
    Optional<String> v = get(name);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(v.get()));
    } catch (InvalidPathException e) {
      throw invalid(name, "is not a valid path: " + e.getReason());
    }
  }

  /**
   * An absolute {@code http://} or {@code https://} URL with a host, without user info or query. A bare host name
   * (with an optional port or path, no {@code scheme://}) means HTTPS: {@code cos.example.com} is
   * {@code https://cos.example.com}; plain HTTP only when the value says {@code http://}.
   */
  public Optional<URI> httpUrl(String name) {
    Optional<String> v = get(name);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    URI u;
    try {
      u = new URI(withScheme(v.get()));
    } catch (URISyntaxException e) {
      throw invalid(name, "is not a URL (" + e.getReason() + "), was " + shown(name, v.get()));
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
      throw invalid(name, "must be an http:// or https:// URL with a host, was " + shown(name, v.get()));
    }
    if (u.getRawQuery() != null || u.getRawUserInfo() != null) {
      throw invalid(name, "must not carry user info or a query string");
    }
    return Optional.of(u);
  }

  /** {@code value} with {@code https://} in front when it names no scheme (a bare host name means HTTPS). */
  public static String withScheme(String value) {
    String v = value.strip();
    return v.contains("://") || v.isEmpty() ? v : "https://" + v;
  }

  /** An error about one setting of this plugin. */
  public InvalidSettingsException invalid(String name, String problem) {
    return new InvalidSettingsException(plugin, name, problem);
  }

  /** The values with secrets replaced by {@code ***}: safe to print. */
  public Map<String, String> redacted() {
    Map<String, String> m = new TreeMap<>(values);
    m.replaceAll((k, v) -> secrets.contains(k) ? MASK : v);
    return Collections.unmodifiableMap(m);
  }

  @Override
  public String toString() {
    return "PluginSettings[" + plugin + " " + redacted() + "]";
  }

  private String shown(String name, String value) {
    return secrets.contains(name) ? "'" + MASK + "'" : "'" + value + "'";
  }

  /**
   * Parses a byte count: a whole number with an optional binary unit, {@code K}/{@code KiB}/{@code KB} (1024),
   * {@code M}/{@code MiB}/{@code MB}, {@code G}/{@code GiB}/{@code GB}, {@code T}/{@code TiB}/{@code TB}. The one
   * size parser: the command line uses it too.
   *
   * @throws IllegalArgumentException naming the text when it is not a size
   */
  public static long parseSize(String text) {
    String s = text.trim().toUpperCase(Locale.ROOT);
    int i = 0;
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException("not a size: '" + text + "' (e.g. 8388608, 8MiB, 512K)");
    }
    long n;
    try {
      n = Long.parseLong(s.substring(0, i));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("size too large: '" + text + "'");
    }
    String unit = s.substring(i).trim();
    int shift = switch (unit) {
      case "", "B" -> 0;
      case "K", "KB", "KIB" -> 10;
      case "M", "MB", "MIB" -> 20;
      case "G", "GB", "GIB" -> 30;
      case "T", "TB", "TIB" -> 40;
      default -> throw new IllegalArgumentException("unknown size unit in '" + text + "' (use K, M, G or T)");
    };
    if (shift > 0 && n > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("size too large: '" + text + "'");
    }
    return n << shift;
  }
}
