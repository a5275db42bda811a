package io.github.cosmigrate.source.url.internal;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The one place URLs are parsed and shown. {@link #display} is the only form of a URL that may appear in a message,
 * a log line, a key or a report: scheme, host, port and path, with the query (which often carries a signature) and
 * any user info removed. Parsing is lenient about what lists contain in practice (spaces and non-ASCII characters in
 * the path) and strict about what must not be there (user info, schemes other than http and https).
 */
public final class SafeUrl {
  /** Shown in place of a removed query string. */
  public static final String QUERY_REMOVED = "?…";
  private static final int MAX_SHOWN = 300;

  private SafeUrl() {}

  /**
   * Parses an absolute http or https URL, percent-encoding the characters a URI may not contain (spaces, non-ASCII,
   * a stray {@code %}) outside the host. The fragment is dropped.
   *
   * @throws IllegalArgumentException with a reason that never contains the query or user info
   */
  public static URI parse(String text) {
    String t = text.strip();
    int schemeEnd = t.indexOf("://");
    if (schemeEnd <= 0) {
      throw new IllegalArgumentException("is not an absolute http:// or https:// URL");
    }
    String scheme = t.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("has scheme '" + shorten(scheme) + "'; only http:// and https:// are read");
    }
    int authStart = schemeEnd + 3;
    int authEnd = authStart;
    while (authEnd < t.length() && "/?#".indexOf(t.charAt(authEnd)) < 0) {
      authEnd++;
    }
    String authority = t.substring(authStart, authEnd);
    if (authority.indexOf('@') >= 0) {
      throw new IllegalArgumentException("carries user info (user:password@host); credentials in URLs are not "
          + "supported");
    }
    if (authority.isEmpty()) {
      throw new IllegalArgumentException("has no host");
    }
    String rest = encodeLeniently(t.substring(authEnd));
    URI u;
    try {
      u = new URI(scheme + "://" + authority + rest);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("is not a valid URL (" + e.getReason() + ")");
    }
    if (u.getHost() == null) {
      throw new IllegalArgumentException("has no valid host name");
    }
    return withoutFragment(u);
  }

  /** {@code u} without its fragment (never sent in a request). */
  static URI withoutFragment(URI u) {
    if (u.getRawFragment() == null) {
      return u;
    }
    String s = u.toString();
    return URI.create(s.substring(0, s.indexOf('#')));
  }

  /**
   * A redirect's {@code Location} resolved against the URL that answered, parsed as leniently as a list line.
   *
   * @throws IllegalArgumentException when it is not an http(s) URL
   */
  public static URI resolve(URI base, String location) {
    String loc = location.strip();
    if (loc.contains("://")) {
      return parse(loc);
    }
    String encoded = encodeLeniently(loc);
    try {
      URI r = base.resolve(new URI(encoded));
      return parse(r.toString());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("is not a valid URL reference (" + e.getReason() + ")");
    }
  }

  /** {@code scheme://host[:port]/path}, with {@code ?…} when a query was removed; never user info or query. */
  public static String display(URI u) {
    return shorten(withoutQuery(u) + (u.getRawQuery() != null ? QUERY_REMOVED : ""));
  }

  /** {@code scheme://host[:port]/path}: the URL without its query, fragment or user info, for provenance. */
  public static String withoutQuery(URI u) {
    StringBuilder sb = new StringBuilder();
    sb.append(u.getScheme()).append("://").append(u.getHost());
    if (u.getPort() != -1) {
      sb.append(':').append(u.getPort());
    }
    sb.append(u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath());
    return sb.toString();
  }

  /**
   * The text of a list line's URL that could not be parsed, as it may be shown: cut at the first {@code ?} or
   * {@code #}, without anything before an {@code @} in the authority, and shortened.
   */
  public static String displayUnparsed(String text) {
    String t = text.strip();
    boolean cut = t.indexOf('?') >= 0;
    int q = indexOfAny(t, "?#");
    if (q >= 0) {
      t = t.substring(0, q);
    }
    int s = t.indexOf("://");
    int authStart = s < 0 ? 0 : s + 3;
    int slash = t.indexOf('/', authStart);
    int authEnd = slash < 0 ? t.length() : slash;
    int at = t.lastIndexOf('@', authEnd - 1);
    if (at >= authStart) {
      t = t.substring(0, authStart) + "…@" + t.substring(at + 1);
    }
    return shorten(t) + (cut ? QUERY_REMOVED : "");
  }

  /** The host of {@code u} with a non-default port ({@code example.com}, {@code example.com:8080}), lower case. */
  public static String hostAndPort(URI u) {
    String host = u.getHost().toLowerCase(Locale.ROOT);
    int port = u.getPort();
    boolean defaultPort = port == -1 || (port == 80 && "http".equals(u.getScheme()))
        || (port == 443 && "https".equals(u.getScheme()));
    return defaultPort ? host : host + ":" + port;
  }

  /**
   * The percent-decoded path of {@code u} as UTF-8, or empty when it is not valid UTF-8 after decoding.
   */
  public static Optional<String> decodedPath(URI u) {
    String raw = u.getRawPath() == null ? "" : u.getRawPath();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length() && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2))) {
        bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
      }
    }
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /** Percent-encodes what a URI may not contain; keeps valid escapes, reserved and unreserved characters. */
  static String encodeLeniently(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    boolean inFragment = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
        sb.append(c);
      } else if (c == '#' && !inFragment) {
        inFragment = true;
        sb.append(c);
      } else if (c < 0x80 && c != '%' && c != '#' && (isUnreserved(c) || "!$&'()*+,;=:@/?".indexOf(c) >= 0)) {
        sb.append(c);
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
        for (byte b : s.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
          sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 15, 16)))
              .append(Character.toUpperCase(Character.forDigit(b & 15, 16)));
        }
        i = end - 1;
      }
    }
    return sb.toString();
  }

  private static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0;
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0 && c < 0x80;
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static String shorten(String s) {
    return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "…";
  }
}
