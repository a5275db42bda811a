package io.github.cosmigrate.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The parts of a request URI the servers here read: path-style bucket and key, the query, percent-decoding. */
final class UriParts {
  private UriParts() {}

  /** The path without its query. */
  static String stripQuery(String s) {
    if (s == null) {
      return "";
    }
    int q = s.indexOf('?');
    return q < 0 ? s : s.substring(0, q);
  }

  /** Bucket and key of a path-style path, decoded. */
  static String[] bucketAndKey(String rawPath) {
    String p = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
    if (p.isEmpty()) {
      return new String[] {"", ""};
    }
    int slash = p.indexOf('/');
    if (slash < 0) {
      return new String[] {percentDecode(p), ""};
    }
    return new String[] {percentDecode(p.substring(0, slash)), percentDecode(p.substring(slash + 1))};
  }

  /** The query's parameters, decoded; the first of repeated names wins. */
  static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> q = new HashMap<>();
    if (rawQuery.isEmpty()) {
      return q;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = percentDecode(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : percentDecode(pair.substring(eq + 1));
      q.putIfAbsent(k, v);
    }
    return q;
  }

  /** Percent-decodes UTF-8 (a {@code +} stays a {@code +}: paths, not forms). */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out.write(hi << 4 | lo);
          i += 2;
          continue;
        }
      }
      byte[] enc = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
      out.write(enc, 0, enc.length);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
