package io.github.cosmigrate.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Crc64Test {

  @Test
  void checkValues() {
    assertThat(Crc64.toUnsignedString(Crc64.of("123456789".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo("11051210869376104954");
    assertThat(Crc64.toUnsignedString(Crc64.of("hello world!".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo("9548687815775124833");
    assertThat(Crc64.of(new byte[0])).isZero();
  }

  @Test
  void ofAStreamReadsItToTheEndInChunksAndEqualsTheArrayCrc() throws java.io.IOException {
    byte[] data = new byte[200_003]; // more than three 64 KiB chunks, not a multiple of one
    new Random(7).nextBytes(data);
    java.io.InputStream trickle = new java.io.ByteArrayInputStream(data) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1000)); // short reads, as sockets give
      }
    };
    assertThat(Crc64.of(trickle)).isEqualTo(Crc64.of(data));
    assertThat(trickle.read()).isEqualTo(-1);
    assertThat(Crc64.of(new java.io.ByteArrayInputStream(new byte[0]))).isEqualTo(Crc64.of(new byte[0]));
  }

  @Test
  void slicedEqualsBytewise() {
    Random r = new Random(42);
    for (int len = 0; len < 100; len++) {
      byte[] data = new byte[len];
      r.nextBytes(data);
      Crc64 bytewise = new Crc64();
      for (byte b : data) {
        bytewise.update(b);
      }
      assertThat(Crc64.of(data)).as("len %d", len).isEqualTo(bytewise.getValue());
      Crc64 direct = new Crc64();
      direct.update(ByteBuffer.allocateDirect(len).put(data).flip());
      assertThat(direct.getValue()).isEqualTo(bytewise.getValue());
    }
  }

  @Test
  void laneInterleavingEqualsBytewiseForLongInputsAndOddOffsets() {
    Random r = new Random(1234);
    byte[] data = new byte[70_000];
    r.nextBytes(data);
    int[] lengths = {1023, 1024, 1025, 2047, 2048, 2049, 3000, 4096, 4103, 65_536, 69_993};
    for (int len : lengths) {
      for (int off : new int[] {0, 1, 3, 7}) {
        long expected = -1L;
        for (int i = off; i < off + len; i++) { // the definition: one bit at a time
          expected ^= data[i] & 0xff;
          for (int k = 0; k < 8; k++) {
            expected = (expected & 1) != 0 ? (expected >>> 1) ^ Crc64.POLY : expected >>> 1;
          }
        }
        assertThat(Crc64.of(data, off, len)).as("len %d off %d", len, off).isEqualTo(~expected);
        Crc64 streamed = new Crc64(); // uneven pieces through the streaming API
        int pos = off;
        int piece = 1;
        while (pos < off + len) {
          int n = Math.min(piece, off + len - pos);
          streamed.update(data, pos, n);
          pos += n;
          piece = piece * 3 + 1;
        }
        assertThat(streamed.getValue()).as("streamed len %d off %d", len, off).isEqualTo(~expected);
      }
    }
  }

  @Test
  void combineJoinsPieces() {
    Random r = new Random(7);
    byte[] data = new byte[100_003];
    r.nextBytes(data);
    long whole = Crc64.of(data);
    for (int split : new int[] {0, 1, 7, 8, 4096, 50_000, 100_002, 100_003}) {
      long a = Crc64.of(data, 0, split);
      long b = Crc64.of(data, split, data.length - split);
      assertThat(Crc64.combine(a, b, data.length - split)).as("split %d", split).isEqualTo(whole);
    }
  }

  @Test
  void combineJoinsPartsOfMultipartSizes() {
    Random r = new Random(11);
    byte[] head = new byte[1000];
    r.nextBytes(head);
    for (int len : new int[] {(8 << 20) + 5, 5 << 20, 1 << 24}) {
      byte[] tail = new byte[len];
      r.nextBytes(tail);
      Crc64 whole = new Crc64();
      whole.update(head, 0, head.length);
      whole.update(tail, 0, tail.length);
      assertThat(Crc64.combine(Crc64.of(head), Crc64.of(tail), len)).as("length %d", len)
          .isEqualTo(whole.getValue());
    }
  }

  @Test
  void parsesHeader() {
    assertThat(Crc64.parseUnsigned(" 11051210869376104954 ")).isEqualTo(Crc64.of("123456789".getBytes()));
  }

  /** The definition, one bit at a time: the reference every table-driven path is checked against. */
  private static long bitwise(byte[] data, int off, int len) {
    long crc = -1L;
    for (int i = off; i < off + len; i++) {
      crc ^= data[i] & 0xff;
      for (int k = 0; k < 8; k++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ Crc64.POLY : crc >>> 1;
      }
    }
    return ~crc;
  }

  @Test
  void randomLengthsAndOffsetsUpTo4KiBEqualTheBitwiseDefinition() {
    Random r = new Random(20261206);
    byte[] data = new byte[4096 + 64];
    r.nextBytes(data);
    for (int n = 0; n < 3000; n++) {
      int len = r.nextInt(4097); // 0..4096
      int off = r.nextInt(data.length - len + 1); // any alignment, up to the array's last byte
      long expected = bitwise(data, off, len);
      assertThat(Crc64.of(data, off, len)).as("len %d off %d", len, off).isEqualTo(expected);
      // the streaming API in two random pieces, then through a heap buffer with an array offset
      int cut = r.nextInt(len + 1);
      Crc64 twoPieces = new Crc64();
      twoPieces.update(data, off, cut);
      twoPieces.update(data, off + cut, len - cut);
      assertThat(twoPieces.getValue()).as("split at %d, len %d off %d", cut, len, off).isEqualTo(expected);
      Crc64 sliced = new Crc64();
      sliced.update(ByteBuffer.wrap(data, 0, off + len).position(off).slice());
      assertThat(sliced.getValue()).as("buffer slice len %d off %d", len, off).isEqualTo(expected);
    }
  }

  @Test
  void everyLengthAroundTheLaneGroupEdgesAtEveryAlignmentEqualsTheBitwiseDefinition() {
    Random r = new Random(99);
    byte[] data = new byte[3 * 768 + 64];
    r.nextBytes(data);
    // three lanes of 256 bytes make a 768-byte group; the 8-byte steps and the byte tail follow it
    for (int group = 0; group <= 3; group++) {
      for (int delta = -9; delta <= 9; delta++) {
        int len = group * 768 + delta;
        if (len < 0) {
          continue;
        }
        for (int off = 0; off < 8; off++) {
          assertThat(Crc64.of(data, off, len)).as("len %d off %d", len, off).isEqualTo(bitwise(data, off, len));
        }
      }
    }
  }

  @Test
  void aSliceOutsideTheArrayIsRefused() {
    byte[] data = new byte[16];
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Crc64.of(data, 9, 8))
        .isInstanceOf(IndexOutOfBoundsException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Crc64().update(data, -1, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
