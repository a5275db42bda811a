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
  void parsesHeader() {
    assertThat(Crc64.parseUnsigned(" 11051210869376104954 ")).isEqualTo(Crc64.of("123456789".getBytes()));
  }
}
