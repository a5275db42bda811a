package io.github.cosmigrate.cli.internal.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values of a config file with the command line's overrides on top: {@code -Dsection.key=value} wins over the
 * file, as in the original tool (where they were JVM system properties). A blank value counts as absent, as the
 * original's empty keys ({@code threadTrafficLimit=}) did.
 *
 * @param file the parsed file
 * @param overrides "section.key" to value, from {@code -D} arguments
 */
public record ConfigValues(IniFile file, Map<String, String> overrides) {

  public ConfigValues {
    overrides = Map.copyOf(overrides);
  }

  /**
   * Splits {@code -Dsection.key=value} arguments from the others; returns the overrides, adding a problem for a
   * malformed one.
   */
  public static Map<String, String> overrides(List<String> args, List<String> rest, Problems problems) {
    Map<String, String> o = new LinkedHashMap<>();
    for (String a : args) {
      if (!a.startsWith("-D")) {
        rest.add(a);
        continue;
      }
      String body = a.substring(2);
      int eq = body.indexOf('=');
      int dot = body.indexOf('.');
      if (eq < 0 || dot <= 0 || dot > eq) {
        problems.add(a, "an override is -Dsection.key=value, e.g. -Dcommon.bucketName=photos-1250000000");
        continue;
      }
      o.put(body.substring(0, eq), body.substring(eq + 1));
    }
    return o;
  }

  /** The value of {@code section.key} (override first), if present and not blank. */
  public Optional<String> get(String section, String key) {
    String o = overrides.get(section + "." + key);
    Optional<String> v = o != null ? Optional.of(o) : file.get(section, key);
    return v.map(String::strip).filter(s -> !s.isEmpty());
  }

  /** Where {@code section.key} was read from, for messages: {@code [common] bucketName (line 12)}. */
  public String where(String section, String key) {
    if (overrides.containsKey(section + "." + key)) {
      return "-D" + section + "." + key;
    }
    Integer line = file.lines().get(section + "." + key);
    return "[" + section + "] " + key + (line == null ? "" : " (line " + line + ")");
  }
}
