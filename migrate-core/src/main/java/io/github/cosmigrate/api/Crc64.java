package io.github.cosmigrate.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.Checksum;

/**
 * Streaming CRC-64/XZ (ECMA-182, reflected; poly {@code 0xC96C5795D7870F42}, init and xorout all ones): the
 * checksum Tencent COS returns in {@code x-cos-hash-crc64ecma} and Aliyun OSS in {@code x-oss-hash-crc64ecma}.
 * Check value: {@code CRC64("123456789") = 11051210869376104954} (as unsigned decimal).
 *
 * <p>Table-driven, slicing by eight bytes. {@link #combine} joins the CRCs of two adjacent pieces without
 * reading them again, so parts uploaded in parallel yield the whole object's CRC.
 *
 * <p>An instance is not thread-safe; the static methods are.
 */
public final class Crc64 implements Checksum {
  /** The reflected polynomial. */
  public static final long POLY = 0xC96C5795D7870F42L;

  private static final long[][] T = new long[8][256];

  static {
    for (int i = 0; i < 256; i++) {
      long c = i;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? (c >>> 1) ^ POLY : c >>> 1;
      }
      T[0][i] = c;
    }
    for (int i = 0; i < 256; i++) {
      for (int k = 1; k < 8; k++) {
        long prev = T[k - 1][i];
        T[k][i] = (prev >>> 8) ^ T[0][(int) (prev & 0xff)];
      }
    }
  }

  private long crc; // the register, un-inverted state is ~value

  public Crc64() {
    reset();
  }

  @Override
  public void update(int b) {
    crc = T[0][(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
  }

  @Override
  public void update(byte[] b, int off, int len) {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    crc = updateRaw(crc, b, off, len);
  }

  @Override
  public void update(ByteBuffer buffer) {
    if (buffer.hasArray()) {
      int pos = buffer.position();
      int len = buffer.remaining();
      crc = updateRaw(crc, buffer.array(), buffer.arrayOffset() + pos, len);
      buffer.position(pos + len);
    } else {
      byte[] tmp = new byte[Math.min(buffer.remaining(), 64 * 1024)];
      while (buffer.hasRemaining()) {
        int n = Math.min(tmp.length, buffer.remaining());
        buffer.get(tmp, 0, n);
        crc = updateRaw(crc, tmp, 0, n);
      }
    }
  }

  /** The CRC of the bytes so far, as an unsigned 64-bit value held in a {@code long}. */
  @Override
  public long getValue() {
    return ~crc;
  }

  @Override
  public void reset() {
    crc = -1L;
  }

  private static final java.lang.invoke.VarHandle LONG_LE =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static long updateRaw(long crc, byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    long[] t0 = T[0], t1 = T[1], t2 = T[2], t3 = T[3], t4 = T[4], t5 = T[5], t6 = T[6], t7 = T[7];
    while (end - i >= 8) {
      long x = crc ^ (long) LONG_LE.get(b, i);
      crc = t7[(int) (x & 0xff)] ^ t6[(int) ((x >>> 8) & 0xff)] ^ t5[(int) ((x >>> 16) & 0xff)]
          ^ t4[(int) ((x >>> 24) & 0xff)] ^ t3[(int) ((x >>> 32) & 0xff)] ^ t2[(int) ((x >>> 40) & 0xff)]
          ^ t1[(int) ((x >>> 48) & 0xff)] ^ t0[(int) (x >>> 56)];
      i += 8;
    }
    while (i < end) {
      crc = t0[(int) ((crc ^ b[i++]) & 0xff)] ^ (crc >>> 8);
    }
    return crc;
  }

  /** The CRC-64/XZ of a whole array. */
  public static long of(byte[] data) {
    return of(data, 0, data.length);
  }

  /** The CRC-64/XZ of a slice of an array. */
  public static long of(byte[] data, int off, int len) {
    java.util.Objects.checkFromIndexSize(off, len, data.length);
    return ~updateRaw(-1L, data, off, len);
  }

  /**
   * The CRC of {@code A || B} from {@code crc(A)}, {@code crc(B)} and the length of {@code B}: O(log len2) 64x64
   * bit-matrix steps, no data read.
   */
  public static long combine(long crc1, long crc2, long len2) {
    if (len2 < 0) {
      throw new IllegalArgumentException("length must be >= 0, was " + len2);
    }
    if (len2 == 0) {
      return crc1;
    }
    long[] even = new long[64];
    long[] odd = new long[64];
    odd[0] = POLY; // operator for one zero bit
    long row = 1;
    for (int n = 1; n < 64; n++) {
      odd[n] = row;
      row <<= 1;
    }
    square(even, odd); // two zero bits
    square(odd, even); // four zero bits
    do {
      square(even, odd);
      if ((len2 & 1) != 0) {
        crc1 = times(even, crc1);
      }
      len2 >>>= 1;
      if (len2 == 0) {
        break;
      }
      square(odd, even);
      if ((len2 & 1) != 0) {
        crc1 = times(odd, crc1);
      }
      len2 >>>= 1;
    } while (len2 != 0);
    return crc1 ^ crc2;
  }

  /** Formats a CRC as COS and OSS print it: unsigned decimal. */
  public static String toUnsignedString(long crc) {
    return Long.toUnsignedString(crc);
  }

  /** Parses a header value such as {@code x-cos-hash-crc64ecma} (unsigned decimal). */
  public static long parseUnsigned(String headerValue) {
    return Long.parseUnsignedLong(headerValue.trim());
  }

  private static long times(long[] mat, long vec) {
    long sum = 0;
    int i = 0;
    while (vec != 0) {
      if ((vec & 1) != 0) {
        sum ^= mat[i];
      }
      vec >>>= 1;
      i++;
    }
    return sum;
  }

  private static void square(long[] square, long[] mat) {
    for (int n = 0; n < 64; n++) {
      square[n] = times(mat, mat[n]);
    }
  }
}
