package io.github.cosmigrate.benchmarks.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The second {@code Crc64} implementation (three lanes of slicing-by-8, one {@code step8} call per eight bytes per
 * lane), kept as it was so that {@code ChecksumBench} compares it with the current one in the same run.
 */
public final class Crc64ThreeLaneCalls {
  private static final long POLY = 0xC96C5795D7870F42L;
  private static final int LANE = 256;
  private static final long[] T = new long[8 * 256];
  private static final long[] SHIFT = new long[8 * 256];
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  static {
    for (int i = 0; i < 256; i++) {
      long c = i;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? (c >>> 1) ^ POLY : c >>> 1;
      }
      T[i] = c;
    }
    for (int k = 1; k < 8; k++) {
      for (int i = 0; i < 256; i++) {
        long prev = T[256 * (k - 1) + i];
        T[256 * k + i] = (prev >>> 8) ^ T[(int) (prev & 0xff)];
      }
    }
    long[] bitImage = new long[64];
    for (int bit = 0; bit < 64; bit++) {
      long r = 1L << bit;
      for (int n = 0; n < LANE; n++) {
        r = T[(int) (r & 0xff)] ^ (r >>> 8);
      }
      bitImage[bit] = r;
    }
    for (int k = 0; k < 8; k++) {
      for (int v = 0; v < 256; v++) {
        long r = 0;
        for (int bit = 0; bit < 8; bit++) {
          if (((v >>> bit) & 1) != 0) {
            r ^= bitImage[8 * k + bit];
          }
        }
        SHIFT[256 * k + v] = r;
      }
    }
  }

  private Crc64ThreeLaneCalls() {}

  /** The CRC-64/XZ of a whole array. */
  public static long of(byte[] b) {
    long crc = -1L;
    int i = 0;
    int end = b.length;
    while (end - i >= 3 * LANE) {
      long r0 = crc;
      long r1 = 0;
      long r2 = 0;
      for (int stop = i + LANE; i < stop; i += 8) {
        r0 = step8(r0, (long) LONG_LE.get(b, i));
        r1 = step8(r1, (long) LONG_LE.get(b, i + LANE));
        r2 = step8(r2, (long) LONG_LE.get(b, i + 2 * LANE));
      }
      crc = shift(shift(r0) ^ r1) ^ r2;
      i += 2 * LANE;
    }
    while (end - i >= 8) {
      crc = step8(crc, (long) LONG_LE.get(b, i));
      i += 8;
    }
    while (i < end) {
      crc = T[(int) ((crc ^ b[i++]) & 0xff)] ^ (crc >>> 8);
    }
    return ~crc;
  }

  private static long step8(long crc, long bytes) {
    long x = crc ^ bytes;
    return T[7 * 256 + (int) (x & 0xff)] ^ T[6 * 256 + (int) ((x >>> 8) & 0xff)]
        ^ T[5 * 256 + (int) ((x >>> 16) & 0xff)] ^ T[4 * 256 + (int) ((x >>> 24) & 0xff)]
        ^ T[3 * 256 + (int) ((x >>> 32) & 0xff)] ^ T[2 * 256 + (int) ((x >>> 40) & 0xff)]
        ^ T[256 + (int) ((x >>> 48) & 0xff)] ^ T[(int) ((x >>> 56) & 0xff)];
  }

  private static long shift(long r) {
    return SHIFT[(int) (r & 0xff)] ^ SHIFT[256 + (int) ((r >>> 8) & 0xff)]
        ^ SHIFT[2 * 256 + (int) ((r >>> 16) & 0xff)] ^ SHIFT[3 * 256 + (int) ((r >>> 24) & 0xff)]
        ^ SHIFT[4 * 256 + (int) ((r >>> 32) & 0xff)] ^ SHIFT[5 * 256 + (int) ((r >>> 40) & 0xff)]
        ^ SHIFT[6 * 256 + (int) ((r >>> 48) & 0xff)] ^ SHIFT[7 * 256 + (int) ((r >>> 56) & 0xff)];
  }
}
