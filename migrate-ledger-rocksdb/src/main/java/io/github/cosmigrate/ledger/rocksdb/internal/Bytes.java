package io.github.cosmigrate.ledger.rocksdb.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Compact binary encoding helpers: unsigned LEB128 varints, zig-zag signed varints, fixed 64-bit, UTF-8 strings. */
public final class Bytes {
  private Bytes() {}

  /** A growable output buffer. Not thread-safe. */
  public static final class Writer {
    private byte[] buf;
    private int len;

    public Writer(int initialCapacity) {
      buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
      if (len + extra > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
      }
    }

    public Writer writeByte(int b) {
      ensure(1);
      buf[len++] = (byte) b;
      return this;
    }

    /** Unsigned LEB128 (1 to 10 bytes). */
    public Writer writeVarLong(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[len++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[len++] = (byte) v;
      return this;
    }

    /** Zig-zag then LEB128, so small negative numbers stay small. */
    public Writer writeZigZag(long v) {
      return writeVarLong((v << 1) ^ (v >> 63));
    }

    /** Eight bytes, big-endian (for hashes, where varints would not save space). */
    public Writer writeFixed64(long v) {
      ensure(8);
      for (int shift = 56; shift >= 0; shift -= 8) {
        buf[len++] = (byte) (v >>> shift);
      }
      return this;
    }

    /** Varint byte length, then UTF-8. */
    public Writer writeString(String s) {
      byte[] b = Keys.utf8(s);
      writeVarLong(b.length);
      ensure(b.length);
      System.arraycopy(b, 0, buf, len, b.length);
      len += b.length;
      return this;
    }

    public byte[] toByteArray() {
      return Arrays.copyOf(buf, len);
    }
  }

  /** A cursor over encoded bytes; every read checks bounds and throws {@link RecordFormatException}. */
  public static final class Reader {
    private final byte[] buf;
    private int pos;

    public Reader(byte[] buf) {
      this.buf = buf;
    }

    public int readByte() {
      if (pos >= buf.length) {
        throw new RecordFormatException("record truncated at byte " + pos);
      }
      return buf[pos++] & 0xFF;
    }

    public long readVarLong() {
      long v = 0;
      for (int shift = 0; shift < 70; shift += 7) {
        int b = readByte();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new RecordFormatException("varint longer than 10 bytes at byte " + pos);
    }

    public int readVarInt() {
      long v = readVarLong();
      if (v < 0 || v > Integer.MAX_VALUE) {
        throw new RecordFormatException("value " + v + " out of int range at byte " + pos);
      }
      return (int) v;
    }

    public long readZigZag() {
      long v = readVarLong();
      return (v >>> 1) ^ -(v & 1);
    }

    public long readFixed64() {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | readByte();
      }
      return v;
    }

    public String readString() {
      int n = readVarInt();
      if (n > buf.length - pos) {
        throw new RecordFormatException("string of " + n + " bytes overruns the record at byte " + pos);
      }
      String s = new String(buf, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }

    /** Fails when bytes are left over (damaged record, or fields this version does not know). */
    public void expectEnd() {
      if (pos != buf.length) {
        throw new RecordFormatException((buf.length - pos) + " unexpected trailing bytes in record");
      }
    }
  }
}
