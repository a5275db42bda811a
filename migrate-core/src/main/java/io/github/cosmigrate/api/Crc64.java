package io.github.cosmigrate.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.Checksum;

/**
 * Streaming CRC-64/XZ (ECMA-182, reflected; poly {@code 0xC96C5795D7870F42}, init and xorout all ones): the
 * checksum Tencent COS returns in {@code x-cos-hash-crc64ecma} and Aliyun OSS in {@code x-oss-hash-crc64ecma}.
 * Check value: {@code CRC64("123456789") = 11051210869376104954} (as unsigned decimal).
 *
 * <p>Table-driven: slicing by eight bytes, over three interleaved lanes for speed (see {@code updateRaw}). {@link #combine} joins the CRCs of two adjacent pieces without
 * reading them again, so parts uploaded in parallel yield the whole object's CRC.
 *
 * <p>An instance is not thread-safe; the static methods are.
 */
public final class Crc64 implements Checksum {
  /** The reflected polynomial. */
  public static final long POLY = 0xC96C5795D7870F42L;

  /** Bytes per lane in {@link #updateRaw}: three lanes of this size are checksummed side by side. */
  private static final int LANE = 256;

  /**
   * Slicing-by-8 tables, flattened: entry {@code 256 * k + b} is the CRC register after byte {@code b} followed by
   * {@code k} zero bytes. One flat {@code static final} array lets the JIT drop the bounds checks.
   */
  private static final long[] T = new long[8 * 256];

  /**
   * Shifts a register over {@link #LANE} zero bytes, one byte of the register at a time: entry {@code 256 * k + b}
   * is the image of byte {@code k} of the register having value {@code b}. The register update is linear, so the
   * image of a whole register is the XOR of its eight bytes' images.
   */
  private static final long[] SHIFT = new long[8 * 256];

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

  private long crc; // the register, un-inverted state is ~value

  public Crc64() {
    reset();
  }

  @Override
  public void update(int b) {
    crc = T[(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
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

  /**
   * Advances the register over {@code len} bytes.
   *
   * <p>Slicing-by-8 alone is bound by the latency of one chain of dependent table loads per eight bytes. To keep
   * the CPU busy, the data is cut into groups of three adjacent lanes of {@link #LANE} bytes, and the three
   * lanes are run side by side as independent chains (the first starts from the current register, the others
   * from zero). Because the register update is linear over GF(2), the register after the group is
   * {@code shift(shift(r0) ^ r1) ^ r2}, where {@code shift} advances over {@code LANE} zero bytes
   * using the precomputed {@link #SHIFT} table. Bytes left after the last whole group go through one lane.
   *
   * <p>The three lanes' table look-ups are written out in the loop body rather than called: C1 (which the
   * launcher picks for plain-http endpoints) inlines only methods of at most 35 bytecodes, so a call per eight
   * bytes per lane cost it about 15%; C2 gains a few percent too. Measured against slicing-by-16 (1 to 3 lanes),
   * four lanes and byte loads for the data half: three lanes of slicing-by-8 were fastest under C2 (about 2x one
   * lane, 2x slicing-by-16; its 32 KiB of tables no longer fit in L1 beside the data) and within 5% of the best
   * under C1. See {@code benchmarks/ChecksumBench} and the README's performance section.
   */
  private static long updateRaw(long crc, byte[] b, int off, int len) {
    final long[] t = T;
    int i = off;
    int end = off + len;
    while (end - i >= 3 * LANE) {
      long r0 = crc;
      long r1 = 0;
      long r2 = 0;
      for (int stop = i + LANE; i < stop; i += 8) {
        long x = r0 ^ (long) LONG_LE.get(b, i);
        long y = r1 ^ (long) LONG_LE.get(b, i + LANE);
        long z = r2 ^ (long) LONG_LE.get(b, i + 2 * LANE);
        r0 = t[7 * 256 + (int) (x & 0xff)] ^ t[6 * 256 + (int) ((x >>> 8) & 0xff)]
            ^ t[5 * 256 + (int) ((x >>> 16) & 0xff)] ^ t[4 * 256 + (int) ((x >>> 24) & 0xff)]
            ^ t[3 * 256 + (int) ((x >>> 32) & 0xff)] ^ t[2 * 256 + (int) ((x >>> 40) & 0xff)]
            ^ t[256 + (int) ((x >>> 48) & 0xff)] ^ t[(int) (x >>> 56)];
        r1 = t[7 * 256 + (int) (y & 0xff)] ^ t[6 * 256 + (int) ((y >>> 8) & 0xff)]
            ^ t[5 * 256 + (int) ((y >>> 16) & 0xff)] ^ t[4 * 256 + (int) ((y >>> 24) & 0xff)]
            ^ t[3 * 256 + (int) ((y >>> 32) & 0xff)] ^ t[2 * 256 + (int) ((y >>> 40) & 0xff)]
            ^ t[256 + (int) ((y >>> 48) & 0xff)] ^ t[(int) (y >>> 56)];
        r2 = t[7 * 256 + (int) (z & 0xff)] ^ t[6 * 256 + (int) ((z >>> 8) & 0xff)]
            ^ t[5 * 256 + (int) ((z >>> 16) & 0xff)] ^ t[4 * 256 + (int) ((z >>> 24) & 0xff)]
            ^ t[3 * 256 + (int) ((z >>> 32) & 0xff)] ^ t[2 * 256 + (int) ((z >>> 40) & 0xff)]
            ^ t[256 + (int) ((z >>> 48) & 0xff)] ^ t[(int) (z >>> 56)];
      }
      crc = shift(shift(r0) ^ r1) ^ r2;
      i += 2 * LANE;
    }
    while (end - i >= 8) {
      crc = step8(crc, (long) LONG_LE.get(b, i));
      i += 8;
    }
    while (i < end) {
      crc = t[(int) ((crc ^ b[i++]) & 0xff)] ^ (crc >>> 8);
    }
    return crc;
  }

  /** The register after eight bytes, given as a little-endian long. */
  private static long step8(long crc, long bytes) {
    long x = crc ^ bytes;
    return T[7 * 256 + (int) (x & 0xff)] ^ T[6 * 256 + (int) ((x >>> 8) & 0xff)]
        ^ T[5 * 256 + (int) ((x >>> 16) & 0xff)] ^ T[4 * 256 + (int) ((x >>> 24) & 0xff)]
        ^ T[3 * 256 + (int) ((x >>> 32) & 0xff)] ^ T[2 * 256 + (int) ((x >>> 40) & 0xff)]
        ^ T[256 + (int) ((x >>> 48) & 0xff)] ^ T[(int) (x >>> 56)];
  }

  /** The register after {@link #LANE} zero bytes. */
  private static long shift(long r) {
    return SHIFT[(int) (r & 0xff)] ^ SHIFT[256 + (int) ((r >>> 8) & 0xff)]
        ^ SHIFT[2 * 256 + (int) ((r >>> 16) & 0xff)] ^ SHIFT[3 * 256 + (int) ((r >>> 24) & 0xff)]
        ^ SHIFT[4 * 256 + (int) ((r >>> 32) & 0xff)] ^ SHIFT[5 * 256 + (int) ((r >>> 40) & 0xff)]
        ^ SHIFT[6 * 256 + (int) ((r >>> 48) & 0xff)] ^ SHIFT[7 * 256 + (int) (r >>> 56)];
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
   * The CRC-64/XZ of everything left in {@code in}, read to its end (the stream is not closed). Reads in 64 KiB
   * chunks, so memory does not grow with the stream.
   */
  public static long of(InputStream in) throws IOException {
    Crc64 crc = new Crc64();
    byte[] buf = new byte[64 * 1024];
    int n;
    while ((n = in.read(buf, 0, buf.length)) >= 0) {
      crc.update(buf, 0, n);
    }
    return crc.getValue();
  }

  /**
   * The CRC of {@code A || B} from {@code crc(A)}, {@code crc(B)} and the length of {@code B}: {@code crc(A)}
   * times x^(8 len2) modulo the polynomial, plus {@code crc(B)} (the init and xorout terms cancel, as in zlib's
   * {@code crc32_combine}); one 64-step multiplication per set bit of {@code len2}, with x^(2^k) from a table, and
   * no data read.
   */
  public static long combine(long crc1, long crc2, long len2) {
    if (len2 < 0) {
      throw new IllegalArgumentException("length must be >= 0, was " + len2);
    }
    if (len2 == 0) {
      return crc1;
    }
    return multModP(xPow8n(len2), crc1) ^ crc2;
  }

  /** Formats a CRC as COS and OSS print it: unsigned decimal. */
  public static String toUnsignedString(long crc) {
    return Long.toUnsignedString(crc);
  }

  /** Parses a header value such as {@code x-cos-hash-crc64ecma} (unsigned decimal). */
  public static long parseUnsigned(String headerValue) {
    return Long.parseUnsignedLong(headerValue.trim());
  }

  /** x^0 in the reflected representation (the most significant bit holds the lowest power). */
  private static final long X0 = 1L << 63;

  /** {@code X2N[k]} = x^(2^k) modulo the polynomial, reflected. */
  private static final long[] X2N = new long[64];

  static {
    long p = X0 >>> 1; // x^1
    X2N[0] = p;
    for (int k = 1; k < 64; k++) {
      p = multModP(p, p);
      X2N[k] = p;
    }
  }

  /** a(x) * b(x) modulo the polynomial, both reflected. */
  private static long multModP(long a, long b) {
    long m = X0;
    long p = 0;
    while (true) {
      if ((a & m) != 0) {
        p ^= b;
        if ((a & (m - 1)) == 0) {
          return p;
        }
      }
      m >>>= 1;
      b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1;
    }
  }

  /** x^(8 n) modulo the polynomial, reflected: the operator that advances a CRC over n zero bytes. */
  private static long xPow8n(long n) {
    long p = X0;
    int k = 3;
    while (n != 0) {
      if ((n & 1) != 0) {
        p = multModP(X2N[k & 63], p);
      }
      n >>>= 1;
      k++;
    }
    return p;
  }
}
