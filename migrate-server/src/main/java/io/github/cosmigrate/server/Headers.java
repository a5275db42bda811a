package io.github.cosmigrate.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An ordered, case-insensitive, mutable HTTP header list. Not thread-safe. */
final class Headers {
  private final List<String[]> entries = new ArrayList<>();

  private static final Map<String, String> CANONICAL =
      Map.ofEntries(
          Map.entry("content-length", "Content-Length"),
          Map.entry("content-type", "Content-Type"),
          Map.entry("content-range", "Content-Range"),
          Map.entry("content-encoding", "Content-Encoding"),
          Map.entry("content-disposition", "Content-Disposition"),
          Map.entry("content-language", "Content-Language"),
          Map.entry("content-md5", "Content-MD5"),
          Map.entry("etag", "ETag"),
          Map.entry("last-modified", "Last-Modified"),
          Map.entry("accept-ranges", "Accept-Ranges"),
          Map.entry("cache-control", "Cache-Control"),
          Map.entry("expires", "Expires"),
          Map.entry("date", "Date"),
          Map.entry("server", "Server"),
          Map.entry("connection", "Connection"),
          Map.entry("location", "Location"),
          Map.entry("retry-after", "Retry-After"),
          Map.entry("transfer-encoding", "Transfer-Encoding"),
          Map.entry("host", "Host"),
          Map.entry("vary", "Vary"));

  /** The canonical spelling of a standard header name (cos_api reads some case-sensitively). */
  static String canonical(String name) {
    String c = CANONICAL.get(name.toLowerCase(Locale.ROOT));
    return c != null ? c : name;
  }

  void add(String name, String value) {
    entries.add(new String[] {name, value});
  }

  /** The first value of {@code name}, or null. */
  String get(String name) {
    for (String[] e : entries) {
      if (e[0].equalsIgnoreCase(name)) {
        return e[1];
      }
    }
    return null;
  }

  boolean has(String name) {
    return get(name) != null;
  }

  void remove(String name) {
    entries.removeIf(e -> e[0].equalsIgnoreCase(name));
  }

  void set(String name, String value) {
    remove(name);
    add(name, value);
  }

  List<String[]> entries() {
    return entries;
  }

  boolean anyStartsWith(String lowerPrefix) {
    for (String[] e : entries) {
      if (e[0].toLowerCase(Locale.ROOT).startsWith(lowerPrefix)) {
        return true;
      }
    }
    return false;
  }

  void writeTo(StringBuilder sb) {
    for (String[] e : entries) {
      sb.append(e[0]).append(": ").append(e[1]).append("\r\n");
    }
  }
}
