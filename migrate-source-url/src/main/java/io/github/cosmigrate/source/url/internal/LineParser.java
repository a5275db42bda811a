package io.github.cosmigrate.source.url.internal;

import java.net.URI;
import java.util.Optional;

/**
 * Turns a list line into a {@link ListLine}, a reason it is bad, or nothing (blank lines and {@code #} comments).
 * A line is {@code URL} or {@code URL<TAB>KEY}. The derived key is the URL's percent-decoded path without its
 * leading {@code /}, prefixed with the host (and a non-default port) when {@code hostFirst}. Reasons never contain
 * the URL's query or user info. Stateless and thread-safe.
 */
public final class LineParser {
  /** The outcome for one line: exactly one of {@code line} and {@code problem} is set, or neither (ignored). */
  public record Parsed(ListLine line, String problem) {
    static final Parsed IGNORED = new Parsed(null, null);

    public boolean ignored() {
      return line == null && problem == null;
    }
  }

  private final boolean hostFirst;

  public LineParser(boolean hostFirst) {
    this.hostFirst = hostFirst;
  }

  public Parsed parse(String file, int fileIndex, LineReader.RawLine raw) {
    if (raw.problem() != null) {
      return new Parsed(null, "the line " + raw.problem());
    }
    String text = raw.text();
    String stripped = text.strip();
    if (stripped.isEmpty() || stripped.startsWith("#")) {
      return Parsed.IGNORED;
    }
    String[] parts = text.split("\t", -1);
    if (parts.length > 2) {
      return new Parsed(null, "has more than one TAB; a line is a URL, optionally followed by a TAB and a key");
    }
    String urlText = parts[0].strip();
    if (urlText.isEmpty()) {
      return new Parsed(null, "has no URL before the TAB");
    }
    URI url;
    try {
      url = SafeUrl.parse(urlText);
    } catch (IllegalArgumentException e) {
      return new Parsed(null, SafeUrl.displayUnparsed(urlText) + " " + e.getMessage());
    }
    String explicit = parts.length == 2 ? parts[1].strip() : "";
    String key;
    if (!explicit.isEmpty()) {
      String bad = explicitKeyProblem(explicit);
      if (bad != null) {
        return new Parsed(null, SafeUrl.display(url) + ": the key after the TAB " + bad);
      }
      key = explicit;
    } else {
      Optional<String> path = SafeUrl.decodedPath(url);
      if (path.isEmpty()) {
        return new Parsed(null, SafeUrl.display(url) + ": its path is not valid UTF-8 once percent-decoded; "
            + "give the key after a TAB");
      }
      String p = path.get().startsWith("/") ? path.get().substring(1) : path.get();
      String bad = derivedKeyProblem(p);
      if (bad != null) {
        return new Parsed(null, SafeUrl.display(url) + ": " + bad + "; give the key after a TAB");
      }
      key = hostFirst ? SafeUrl.hostAndPort(url) + "/" + p : p;
    }
    return new Parsed(new ListLine(file, fileIndex, raw.number(), url, key), null);
  }

  private static String explicitKeyProblem(String key) {
    if (key.startsWith("/")) {
      return "'" + key + "' starts with '/' (keys are relative, e.g. 'photos/a.jpg')";
    }
    if (hasControl(key)) {
      return "contains a control character";
    }
    return null;
  }

  private static String derivedKeyProblem(String p) {
    if (p.isEmpty()) {
      return "its path is empty, so it names no key";
    }
    if (p.startsWith("/")) {
      return "its path starts with '//'";
    }
    if (p.endsWith("/")) {
      return "its path ends with '/', which names a folder, not a file";
    }
    for (String seg : p.split("/", -1)) {
      if (seg.equals(".") || seg.equals("..")) {
        return "its path has a '" + seg + "' segment";
      }
    }
    if (hasControl(p)) {
      return "its decoded path contains a control character";
    }
    return null;
  }

  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < 0x20 || s.charAt(i) == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
