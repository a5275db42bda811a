package io.github.cosmigrate.source.local.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * File names that are not valid UTF-8. On Linux a name is a byte string; Java decodes it with replacement characters
 * (U+FFFD), so two different names can look alike and the decoded name cannot be used as a key. This class finds the
 * raw bytes (through the path's URI, which percent-escapes them) and renders undecodable bytes as {@code \xNN}.
 */
public final class Names {
  private Names() {}

  /**
   * The escaped form of {@code p}'s file name when it is not valid UTF-8 (each undecodable byte as {@code \xNN}), or
   * null when the name is valid (including names that really contain U+FFFD).
   */
  public static String invalidNameEscaped(Path p, String decodedName) {
    if (decodedName.indexOf('\uFFFD') < 0) {
      return null;
    }
    byte[] raw = rawLastSegment(p);
    if (raw == null) {
      return null;
    }
    String escaped = escapeIfInvalid(raw);
    if (escaped == null && !decodedName.equals(new String(raw, StandardCharsets.UTF_8))) {
      // valid UTF-8, but this JVM decodes file names with another charset (sun.jnu.encoding, from the locale):
      // the decoded name would not find the file again, so report it with its non-ASCII bytes escaped
      StringBuilder b = new StringBuilder();
      for (byte x : raw) {
        if (x >= 0x20 && x < 0x7f) {
          b.append((char) x);
        } else {
          b.append(String.format("\\x%02X", x & 0xff));
        }
      }
      return b.toString();
    }
    return escaped;
  }

  /** The charset this JVM decodes file names with. */
  public static String fileNameEncoding() {
    return System.getProperty("sun.jnu.encoding", "unknown");
  }

  /** The escaped form of {@code raw} when it is not valid UTF-8, else null. */
  public static String escapeIfInvalid(byte[] raw) {
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(raw);
    CharBuffer out = CharBuffer.allocate(raw.length * 4 + 4);
    boolean invalid = false;
    while (true) {
      CoderResult r = dec.decode(in, out, true);
      if (r.isError()) {
        invalid = true;
        for (int i = 0; i < r.length(); i++) {
          out.put(String.format("\\x%02X", in.get() & 0xff));
        }
        continue;
      }
      break;
    }
    dec.flush(out);
    out.flip();
    return invalid ? out.toString() : null;
  }

  private static byte[] rawLastSegment(Path p) {
    String raw;
    try {
      raw = p.toAbsolutePath().toUri().getRawPath();
    } catch (RuntimeException e) {
      return null;
    }
    if (raw == null) {
      return null;
    }
    int end = raw.endsWith("/") ? raw.length() - 1 : raw.length();
    int start = raw.lastIndexOf('/', end - 1) + 1;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = start; i < end; i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < end) {
        bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
      }
    }
    return bytes.toByteArray();
  }
}
