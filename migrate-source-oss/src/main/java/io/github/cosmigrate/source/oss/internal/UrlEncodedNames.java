package io.github.cosmigrate.source.oss.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The names in a listing answered with {@code EncodingType=url}: OSS then percent-encodes every {@code Key},
 * {@code Prefix}, {@code Marker}, {@code NextMarker} and {@code Delimiter} (UTF-8), so that keys with characters
 * XML 1.0 cannot carry survive, and aliyun-sdk-oss 3.18.5 hands them over still encoded. Decoding is the form
 * decoding that S3-style stores use: {@code %XX} is a UTF-8 byte and {@code +} a space (a literal {@code +} is
 * always sent as {@code %2B}), so both {@code %20} and {@code +} read back as a space.
 */
final class UrlEncodedNames {
  private UrlEncodedNames() {}

  /** True when the listing says its names are URL-encoded. */
  static boolean encoded(String encodingType) {
    return encodingType != null && encodingType.trim().toLowerCase(Locale.ROOT).equals("url");
  }

  /**
   * {@code name} decoded when {@code encoded}, else as given; null stays null.
   *
   * @throws IllegalArgumentException for a malformed escape ({@code %} not followed by two hex digits)
   */
  static String decode(String name, boolean encoded) {
    if (name == null || !encoded || (name.indexOf('%') < 0 && name.indexOf('+') < 0)) {
      return name;
    }
    return URLDecoder.decode(name, StandardCharsets.UTF_8);
  }
}
