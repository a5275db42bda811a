package io.github.cosmigrate.cli.internal.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The text of an INI file in the original tool's dialect (ini4j): {@code [section]} headers, {@code key=value}
 * (or {@code key: value}) lines, whole-line comments starting with {@code #} or {@code ;}, a UTF-8 byte-order mark
 * ignored, {@code \\} read as one backslash (as in the original's Windows paths {@code E:\\a\\b}). Keys are
 * case-sensitive; a repeated key keeps its last value. Values and line numbers are kept for messages.
 *
 * @param sections section name to its keys, in file order
 * @param lines "section.key" to the line number it was read from
 * @param problems lines that are neither a section, a key nor a comment ("line 7: ...")
 */
public record IniFile(Map<String, Map<String, String>> sections, Map<String, Integer> lines, List<String> problems) {

  public IniFile {
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    sections.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    sections = Collections.unmodifiableMap(copy);
    lines = Map.copyOf(lines);
    problems = List.copyOf(problems);
  }

  /** Parses {@code text}. Never throws: bad lines are listed in {@link #problems()}. */
  public static IniFile parse(String text) {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    Map<String, Integer> lines = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    String section = null;
    String[] all = text.split("\r\n|\r|\n", -1);
    for (int i = 0; i < all.length; i++) {
      String line = all[i];
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      line = line.strip();
      int n = i + 1;
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[")) {
        int end = line.indexOf(']');
        if (end < 2) {
          problems.add("line " + n + ": '" + line + "' is not a [section] header");
          continue;
        }
        section = line.substring(1, end).strip();
        sections.computeIfAbsent(section, s -> new LinkedHashMap<>());
        continue;
      }
      int eq = separator(line);
      if (eq <= 0) {
        problems.add("line " + n + ": '" + line + "' is not key=value");
        continue;
      }
      if (section == null) {
        problems.add("line " + n + ": key '" + line.substring(0, eq).strip() + "' comes before any [section]");
        continue;
      }
      String key = line.substring(0, eq).strip();
      String value = unescape(line.substring(eq + 1).strip());
      sections.get(section).put(key, value);
      lines.put(section + "." + key, n);
    }
    return new IniFile(sections, lines, problems);
  }

  /** The first '=', else the first ':' (a key never contains either). */
  private static int separator(String line) {
    int eq = line.indexOf('=');
    return eq >= 0 ? eq : line.indexOf(':');
  }

  /** ini4j's escapes: {@code \\} is one backslash; other backslashes are kept. */
  static String unescape(String v) {
    if (v.indexOf('\\') < 0) {
      return v;
    }
    StringBuilder sb = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\\' && i + 1 < v.length() && v.charAt(i + 1) == '\\') {
        i++;
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /** The value of {@code section.key}, if the file has it. */
  public Optional<String> get(String section, String key) {
    Map<String, String> s = sections.get(section);
    return s == null ? Optional.empty() : Optional.ofNullable(s.get(key));
  }
}
