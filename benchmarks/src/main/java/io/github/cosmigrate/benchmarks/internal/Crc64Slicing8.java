package io.github.cosmigrate.benchmarks.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The first {@code Crc64} implementation (plain slicing-by-8, one lane, two-dimensional tables), kept verbatim as a
 * baseline so that {@code ChecksumBench} compares old and new in the same run on the same (noisy) machine.
 */
public final class Crc64Slicing8 {
  private static final long POLY = 0xC96C5795D7870F42L;
  private static final long[][] T = new long[8][256];
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

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

  private Crc64Slicing8() {}

  /** The CRC-64/XZ of a whole array. */
  public static long of(byte[] b) {
    long crc = -1L;
    int i = 0;
    int end = b.length;
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
    return ~crc;
  }
}
