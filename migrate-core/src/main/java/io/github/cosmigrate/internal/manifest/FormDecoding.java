package io.github.cosmigrate.internal.manifest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes an inventory key: URL form encoding, as S3 Inventory and OSS inventory write keys ({@code +} is a space,
 * {@code %2B} a plus, {@code %XX} a byte), then strict UTF-8. Unlike {@link java.net.URLDecoder}, a bad escape or
 * bytes that are not UTF-8 are an error, never a replacement character.
 */
public final class FormDecoding {
  private FormDecoding() {}

  /**
   * The decoded key.
   *
   * @throws IllegalArgumentException with a reason when {@code s} has a bad {@code %} escape or is not UTF-8
   */
  public static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    ByteBuffer bytes = ByteBuffer.allocate(s.length() * 4);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        bytes.put((byte) ' ');
      } else if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new IllegalArgumentException("the key '" + s + "' ends in an incomplete escape '"
              + s.substring(i) + "'");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("the key '" + s + "' has a bad escape '" + s.substring(i, i + 3)
              + "' at character " + (i + 1));
        }
        bytes.put((byte) (hi << 4 | lo));
        i += 2;
      } else if (c < 0x80) {
        bytes.put((byte) c);
      } else {
        // not URL-encoded as inventories write keys, but unambiguous: keep the character
        int cp = s.codePointAt(i);
        bytes.put(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp) - 1;
      }
    }
    bytes.flip();
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the key '" + s + "' does not decode to UTF-8 text");
    }
  }
}
