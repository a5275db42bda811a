package io.github.cosmigrate.testkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.Migrator;
import io.github.cosmigrate.api.SkipMode;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.spi.ForwardingSink;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.capability.TransformsContent;
import io.github.cosmigrate.testkit.fakes.InMemoryLedger;
import io.github.cosmigrate.testkit.fakes.InMemorySink;
import io.github.cosmigrate.testkit.fakes.InMemorySource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A sink that {@link TransformsContent} (client-side encryption, here a stand-in that XORs every byte): the engine
 * passes the object and part sizes to {@link Sink#initiateMultipart(String, ObjectMetadata, long, long)}, verifies by
 * the CRC-64 of what was sent ({@value MigrationReport#VERIFIED_SENT_CIPHERTEXT}) instead of failing every object
 * whose source gave a CRC-64 of the plaintext, and never takes a transformed object for "same at destination".
 */
class TransformingSinkPipelineTest {
  static final int MIB = 1 << 20;
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  final InMemorySource source = InMemorySource.create().reportCrc64(true);
  final InMemorySink memory = new InMemorySink();
  final InMemoryLedger ledger = new InMemoryLedger();

  /** XORs content with 0x5A; refuses a multipart upload started without its sizes, and remembers them. */
  static final class XorSink extends ForwardingSink implements TransformsContent {
    final Map<String, long[]> sizes = new ConcurrentHashMap<>();

    XorSink(Sink delegate) {
      super(delegate);
    }

    @Override
    public String transformation() {
      return "xor 0x5A";
    }

    @Override
    public PutResult put(String key, InputStream body, long length, ObjectMetadata metadata) throws IOException {
      return super.put(key, xor(body), length, metadata);
    }

    @Override
    public String initiateMultipart(String key, ObjectMetadata metadata) throws IOException {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "sizes needed");
    }

    @Override
    public String initiateMultipart(String key, ObjectMetadata metadata, long objectSize, long partSize)
        throws IOException {
      sizes.put(key, new long[] {objectSize, partSize});
      return super.initiateMultipart(key, metadata);
    }

    @Override
    public PartResult uploadPart(String key, String uploadId, int n, InputStream body, long length)
        throws IOException {
      return super.uploadPart(key, uploadId, n, xor(body), length);
    }

    private static InputStream xor(InputStream in) {
      return new FilterInputStream(in) {
        @Override
        public int read() throws IOException {
          int b = super.read();
          return b < 0 ? b : (b ^ 0x5A);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          for (int i = 0; i < n; i++) {
            b[off + i] ^= 0x5A;
          }
          return n;
        }
      };
    }
  }

  static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static byte[] xored(byte[] b) {
    byte[] x = b.clone();
    for (int i = 0; i < x.length; i++) {
      x[i] ^= 0x5A;
    }
    return x;
  }

  private MigrationReport run(Sink sink, SkipMode skip) throws Exception {
    MigrationOptions o = MigrationOptions.builder().concurrency(4).partConcurrency(4).partsPerObject(2).partSize(MIB)
        .multipartThreshold(2L * MIB).maxAttempts(2).initialBackoff(Duration.ofMillis(1))
        .maxBackoff(Duration.ofMillis(5)).skipMode(skip).build();
    return Migrator.builder().source(source).sink(sink).ledger(ledger).options(o).build().start().completion()
        .get(60, TimeUnit.SECONDS);
  }

  @Test
  void verifiedByTheBytesSentNotComparedWithTheSourcesCrcAndMultipartGetsItsSizes() throws Exception {
    Map<String, byte[]> content = Map.of("small", bytes(5000, 1), "big", bytes(3 * MIB + 17, 2),
        "streamed/small", bytes(300, 3), "streamed/big", bytes(2 * MIB + 5, 4));
    source.put("small", content.get("small"), T0);
    source.put("big", content.get("big"), T0);
    source.putUnknownSize("streamed/small", content.get("streamed/small"), T0);
    source.putUnknownSize("streamed/big", content.get("streamed/big"), T0);
    XorSink sink = new XorSink(memory);

    MigrationReport r = run(sink, SkipMode.LEDGER);

    assertThat(r.success()).as(r.failedByReason().toString()).isTrue();
    assertThat(r.migrated()).isEqualTo(4);
    assertThat(r.verifiedBy()).containsExactly(Map.entry(MigrationReport.VERIFIED_SENT_CIPHERTEXT, 4L));
    for (Map.Entry<String, byte[]> e : content.entrySet()) {
      assertThat(memory.content(e.getKey())).as(e.getKey()).hasValue(xored(e.getValue()));
    }
    assertThat(sink.sizes.get("big")).containsExactly(3L * MIB + 17, MIB);
    assertThat(sink.sizes.get("streamed/big")).containsExactly(ObjectInfo.UNKNOWN_SIZE, MIB);
    memory.checkNoOpenUploads();
  }

  @Test
  void aTransformedObjectIsNeverSameAtDestination() throws Exception {
    byte[] a = bytes(100, 5);
    source.put("a", a, T0);
    XorSink sink = new XorSink(memory);
    assertThat(run(sink, SkipMode.DESTINATION).migrated()).isEqualTo(1);
    // the stored bytes are the transformation: their CRC-64 cannot be compared with the source's; sent again
    MigrationReport again = run(sink, SkipMode.DESTINATION);
    assertThat(again.migrated()).isEqualTo(1);
    assertThat(again.skipped()).isZero();
    assertThat(memory.content("a")).hasValue(xored(a));
  }

  @Test
  void theServiceUploadIdIsThePartBeforeTheSinksState() {
    assertThat(Sink.serviceUploadId("abc#cse1:5:x:y")).isEqualTo("abc");
    assertThat(Sink.serviceUploadId("abc")).isEqualTo("abc");
    assertThat(Sink.serviceUploadId("#x")).isEmpty();
  }
}
