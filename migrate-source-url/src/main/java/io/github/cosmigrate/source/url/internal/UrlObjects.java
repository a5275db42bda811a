package io.github.cosmigrate.source.url.internal;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps response headers to {@link ObjectInfo}s and checks that a response is the version that was listed. The
 * fingerprint of a URL is its size, its {@code Last-Modified} (when sent) and its {@code ETag} (when sent).
 */
public final class UrlObjects {
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)",
      Pattern.CASE_INSENSITIVE);

  private UrlObjects() {}

  /**
   * A {@code Content-Range} value: the first and last byte sent ({@code -1} for {@code bytes *}) and the total
   * size ({@code -1} when {@code *}).
   */
  public record ContentRange(long first, long last, long total) {
    public static Optional<ContentRange> parse(HttpHeaders h) {
      Optional<String> v = h.firstValue("content-range");
      if (v.isEmpty()) {
        return Optional.empty();
      }
      Matcher m = CONTENT_RANGE.matcher(v.get().trim());
      if (!m.matches()) {
        return Optional.empty();
      }
      try {
        long first = m.group(1) == null ? -1 : Long.parseLong(m.group(1));
        long last = m.group(2) == null ? -1 : Long.parseLong(m.group(2));
        long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
        return Optional.of(new ContentRange(first, last, total));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }

  /** {@code Content-Length}, when sent and valid. */
  public static OptionalLong contentLength(HttpHeaders h) {
    Optional<String> v = h.firstValue("content-length");
    if (v.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      long n = Long.parseLong(v.get().trim());
      return n >= 0 ? OptionalLong.of(n) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** The object {@code key} of {@code size} bytes as these headers describe it. */
  public static ObjectInfo info(String key, long size, HttpHeaders h) {
    ObjectMetadata.Builder m = ObjectMetadata.builder();
    h.firstValue("content-type").ifPresent(m::contentType);
    h.firstValue("cache-control").ifPresent(m::cacheControl);
    h.firstValue("content-disposition").ifPresent(m::contentDisposition);
    h.firstValue("content-encoding").filter(v -> !v.equalsIgnoreCase("identity")).ifPresent(m::contentEncoding);
    h.firstValue("content-language").ifPresent(m::contentLanguage);
    h.firstValue("expires").ifPresent(m::expires);
    return new ObjectInfo(key, size, lastModified(h), etag(h), OptionalLong.empty(), m.build());
  }

  static Optional<String> etag(HttpHeaders h) {
    return h.firstValue("etag").map(String::trim).filter(v -> !v.isEmpty());
  }

  static Optional<Instant> lastModified(HttpHeaders h) {
    Optional<String> v = h.firstValue("last-modified");
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ZonedDateTime.parse(v.get().trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Checks that a GET's headers describe the listed version: the same ETag and Last-Modified where both sides have
   * one, and the same total size where the response gives one (and the listing did: an object listed with an
   * unknown size has none to compare).
   *
   * @param size the total size the response gives, or -1
   * @throws MigrateException {@code SOURCE_CHANGED} naming what differs
   */
  public static void checkSameVersion(ObjectInfo listed, HttpHeaders h, long size, String what)
      throws MigrateException {
    if (size >= 0 && listed.sizeKnown() && size != listed.size()) {
      throw changed(what, "size " + listed.size() + " → " + size);
    }
    Optional<String> etag = etag(h).map(ObjectInfo::unquoteEtag);
    if (listed.etag().isPresent() && etag.isPresent() && !listed.etag().get().equals(etag.get())) {
      throw changed(what, "ETag " + listed.etag().get() + " → " + etag.get());
    }
    Optional<Instant> lm = lastModified(h);
    if (listed.lastModified().isPresent() && lm.isPresent() && !listed.lastModified().get().equals(lm.get())) {
      throw changed(what, "Last-Modified " + listed.lastModified().get() + " → " + lm.get());
    }
  }

  private static MigrateException changed(String what, String detail) {
    return new MigrateException(ErrorKind.SOURCE_CHANGED, what + ": changed since it was listed (" + detail + ")");
  }
}
