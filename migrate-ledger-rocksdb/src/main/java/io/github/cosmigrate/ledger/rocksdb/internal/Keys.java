package io.github.cosmigrate.ledger.rocksdb.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The key layout of the store (one column family, one-byte prefixes):
 *
 * <pre>
 *   's'                                                  schema version record
 *   'e' key                                              entry (LedgerEntry)
 *   'c' key                                              checkpoint header (UploadCheckpoint without parts)
 *   'p' esc(key) 0x00 esc(uploadId) 0x00 partNumber(4B BE) one completed part
 *   'k' scope                                            listing cursor
 * </pre>
 *
 * Keys and scopes are UTF-8, so entries iterate in code point order. In part keys, {@code esc} replaces 0x00 by
 * 0x01 0x01 and 0x01 by 0x01 0x02, so the 0x00 separators are unambiguous even for keys that contain NUL and
 * a key's part range never overlaps another key's.
 */
public final class Keys {
  private Keys() {}

  public static final byte SCHEMA = 's';
  public static final byte ENTRY = 'e';
  public static final byte CHECKPOINT = 'c';
  public static final byte PART = 'p';
  public static final byte CURSOR = 'k';

  public static final byte[] SCHEMA_KEY = {SCHEMA};

  /** Strict UTF-8: an unpaired surrogate cannot be stored faithfully, so it is rejected rather than replaced. */
  public static byte[] utf8(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          throw new IllegalArgumentException(
              "string contains an unpaired UTF-16 surrogate at index " + i + " and cannot be stored as UTF-8");
        }
      }
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] prefixed(byte prefix, String s) {
    byte[] b = utf8(s);
    byte[] out = new byte[b.length + 1];
    out[0] = prefix;
    System.arraycopy(b, 0, out, 1, b.length);
    return out;
  }

  public static byte[] entry(String key) {
    return prefixed(ENTRY, key);
  }

  public static byte[] checkpoint(String key) {
    return prefixed(CHECKPOINT, key);
  }

  public static byte[] cursor(String scope) {
    return prefixed(CURSOR, scope);
  }

  /** The string after the one-byte prefix. */
  public static String suffix(byte[] storeKey) {
    return new String(storeKey, 1, storeKey.length - 1, StandardCharsets.UTF_8);
  }

  /** {@code 'p' esc(key) 0x00}: every part of every upload of {@code key}. */
  public static byte[] partsOfKey(String key) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(key.length() + 8);
    out.write(PART);
    escape(utf8(key), out);
    out.write(0);
    return out.toByteArray();
  }

  /** {@code 'p' esc(key) 0x00 esc(uploadId) 0x00}: every part of one upload. */
  public static byte[] partsOfUpload(String key, String uploadId) {
    byte[] head = partsOfKey(key);
    ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + uploadId.length() + 8);
    out.writeBytes(head);
    escape(utf8(uploadId), out);
    out.write(0);
    return out.toByteArray();
  }

  public static byte[] part(String key, String uploadId, int partNumber) {
    byte[] head = partsOfUpload(key, uploadId);
    byte[] out = Arrays.copyOf(head, head.length + 4);
    out[head.length] = (byte) (partNumber >>> 24);
    out[head.length + 1] = (byte) (partNumber >>> 16);
    out[head.length + 2] = (byte) (partNumber >>> 8);
    out[head.length + 3] = (byte) partNumber;
    return out;
  }

  /** The part number at the end of a part key. */
  public static int partNumber(byte[] partKey) {
    int n = partKey.length;
    return ((partKey[n - 4] & 0xFF) << 24) | ((partKey[n - 3] & 0xFF) << 16) | ((partKey[n - 2] & 0xFF) << 8)
        | (partKey[n - 1] & 0xFF);
  }

  /** The exclusive end of the range of keys starting with {@code prefix} (which ends in 0x00 here). */
  public static byte[] endOfPrefix(byte[] prefix) {
    byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    throw new IllegalArgumentException("no end for an all-0xFF prefix");
  }

  public static boolean startsWith(byte[] key, byte[] prefix) {
    if (key.length < prefix.length) {
      return false;
    }
    return Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static void escape(byte[] b, ByteArrayOutputStream out) {
    for (byte x : b) {
      if (x == 0) {
        out.write(1);
        out.write(1);
      } else if (x == 1) {
        out.write(1);
        out.write(2);
      } else {
        out.write(x);
      }
    }
  }
}
