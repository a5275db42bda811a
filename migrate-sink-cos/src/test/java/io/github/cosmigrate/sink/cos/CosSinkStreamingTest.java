package io.github.cosmigrate.sink.cos;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.Verification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A put streams: against a server that reads and discards the body (answering with its MD5 and CRC-64), the
 * sink never reads far ahead of what the server has received, so no object is buffered whole.
 */
class CosSinkStreamingTest {
  private static final long SIZE = 64L << 20;
  private static final long MAX_LEAD = 16L << 20;

  @Test
  void aLargePutIsStreamedNotBuffered() throws Exception {
    AtomicLong produced = new AtomicLong();
    AtomicLong maxLead = new AtomicLong();
    AtomicLong received = new AtomicLong();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> serve(server, produced, received, maxLead), "discard-server");
      t.setDaemon(true);
      t.start();
      CosSinkConfig config = CosSinkConfig.builder().region("ap-guangzhou").bucket("stream-1250000000")
          .credentials("AKIDstream", "stream-secret").endpoint(URI.create("http://127.0.0.1:" + server.getLocalPort()))
          .pathStyle(true).sdkMaxRetries(0).build();
      Generator body = new Generator(SIZE + 1000, produced);
      PutResult r;
      try (CosSink sink = CosSink.create(config)) {
        r = sink.put("big.bin", body, SIZE, ObjectMetadata.empty());
      }
      assertThat(received.get()).isEqualTo(SIZE);
      assertThat(r.verification()).isEqualTo(Verification.VERIFIED);
      assertThat(r.crc64()).isEqualTo(new Generator(SIZE, new AtomicLong()).crcOfAll());
      assertThat(produced.get()).as("bytes taken from the caller's stream").isEqualTo(SIZE);
      assertThat(maxLead.get()).as("how far the client read ahead of the server").isLessThan(MAX_LEAD);
    }
  }

  private static void serve(ServerSocket server, AtomicLong produced, AtomicLong received, AtomicLong maxLead) {
    try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          return;
        }
        head.write(b);
      }
      String headers = head.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
      long length = 0;
      for (String line : headers.split("\r\n")) {
        if (line.startsWith("content-length:")) {
          length = Long.parseLong(line.substring(15).trim());
        }
      }
      if (headers.contains("expect: 100-continue")) {
        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      }
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      Crc64 crc = new Crc64();
      byte[] buf = new byte[64 * 1024];
      long got = 0;
      while (got < length) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, length - got));
        if (n < 0) {
          break;
        }
        md5.update(buf, 0, n);
        crc.update(buf, 0, n);
        got += n;
        received.set(got);
        maxLead.accumulateAndGet(produced.get() - got, Math::max);
      }
      String response = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nETag: \"" + HexFormat.of().formatHex(md5.digest())
          + "\"\r\nx-cos-hash-crc64ecma: " + Crc64.toUnsignedString(crc.getValue())
          + "\r\nx-cos-request-id: stream-1\r\nConnection: close\r\n\r\n";
      out.write(response.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A deterministic, non-markable byte generator that counts what it hands out. */
  private static final class Generator extends InputStream {
    private final long size;
    private final AtomicLong produced;
    private long pos;

    Generator(long size, AtomicLong produced) {
      this.size = size;
      this.produced = produced;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - pos);
      for (int i = 0; i < n; i++) {
        long p = pos + i;
        b[off + i] = (byte) (p * 31 + (p >>> 11));
      }
      pos += n;
      produced.addAndGet(n);
      return n;
    }

    long crcOfAll() throws java.io.IOException {
      return Crc64.of(this);
    }
  }
}
