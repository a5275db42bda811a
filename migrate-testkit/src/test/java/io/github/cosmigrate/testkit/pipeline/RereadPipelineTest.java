package io.github.cosmigrate.testkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.Migrator;
import io.github.cosmigrate.api.VerifyMode;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.ObjectState;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.Verification;
import io.github.cosmigrate.spi.ForwardingSink;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.capability.ObjectReader;
import io.github.cosmigrate.testkit.fakes.InMemoryLedger;
import io.github.cosmigrate.testkit.fakes.InMemorySink;
import io.github.cosmigrate.testkit.fakes.InMemorySource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link VerifyMode}: a sink that returns no checksum gives unverifiable objects with a reason; with
 * {@link VerifyMode#REREAD} each is read back, verified by "content re-read" when equal, and an object whose stored
 * bytes differ (small or multipart) fails with {@code INTEGRITY_MISMATCH}, is never recorded as migrated, and is
 * deleted from the destination.
 */
class RereadPipelineTest {
  static final int MIB = 1 << 20;
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  final InMemorySource source = InMemorySource.create();
  final InMemorySink memory = new InMemorySink();
  final InMemoryLedger ledger = new InMemoryLedger();

  /** Stores like {@code memory} but answers without a checksum (as an endpoint that returns none). */
  static class NoChecksumSink extends ForwardingSink {
    NoChecksumSink(Sink delegate) {
      super(delegate);
    }

    @Override
    public PutResult put(String key, InputStream body, long length, ObjectMetadata metadata) throws IOException {
      return unverifiable(super.put(key, body, length, metadata));
    }

    @Override
    public PartResult uploadPart(String key, String uploadId, int n, InputStream body, long length)
        throws IOException {
      PartResult p = super.uploadPart(key, uploadId, n, body, length);
      return new PartResult(p.partNumber(), p.size(), p.etag(), p.crc64(), Verification.UNVERIFIABLE);
    }

    @Override
    public PutResult completeMultipart(String key, String uploadId, List<PartResult> parts) throws IOException {
      return unverifiable(super.completeMultipart(key, uploadId, parts));
    }

    private static PutResult unverifiable(PutResult r) {
      return new PutResult(r.etag(), r.crc64(), Verification.UNVERIFIABLE, r.versionId());
    }
  }

  /** A no-checksum sink that can be read back, and returns one flipped byte for the keys in {@code corrupt}. */
  static final class ReadableSink extends NoChecksumSink implements ObjectReader {
    private final InMemorySink memory;
    private final Set<String> corrupt;

    ReadableSink(InMemorySink memory, Set<String> corrupt) {
      super(memory);
      this.memory = memory;
      this.corrupt = corrupt;
    }

    @Override
    public InputStream read(String key) {
      byte[] b = memory.content(key).orElseThrow().clone();
      if (corrupt.contains(key) && b.length > 0) {
        b[b.length / 2] ^= 1;
      }
      return new ByteArrayInputStream(b);
    }
  }

  static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private void tree() {
    for (int i = 0; i < 5; i++) {
      source.put("small/" + i, bytes(1000 + i * 77, i), T0);
    }
    source.put("small/bad", bytes(4096, 50), T0);
    source.put("big/good", bytes(2 * MIB + 17, 60), T0);
    source.put("big/bad", bytes(2 * MIB + 99, 61), T0);
  }

  private MigrationReport run(Sink sink, VerifyMode mode) throws Exception {
    MigrationOptions o = MigrationOptions.builder().concurrency(4).partConcurrency(4).partsPerObject(2).partSize(MIB)
        .multipartThreshold(2L * MIB).maxAttempts(2).initialBackoff(Duration.ofMillis(1))
        .maxBackoff(Duration.ofMillis(5)).verify(mode).build();
    return Migrator.builder().source(source).sink(sink).ledger(ledger).options(o).build().start().completion()
        .get(60, TimeUnit.SECONDS);
  }

  @Test
  void withoutRereadObjectsWithoutChecksumAreMigratedAndCountedUnverifiableWithTheReason() throws Exception {
    tree();
    MigrationReport r = run(new ReadableSink(memory, Set.of("small/bad", "big/bad")), VerifyMode.CRC64);

    assertThat(r.success()).isTrue();
    assertThat(r.migrated()).isEqualTo(8);
    assertThat(r.verified()).isZero();
    assertThat(r.unverifiable()).isEqualTo(8);
    assertThat(r.unverifiableByReason()).containsExactly(Map.entry(MigrationReport.UNVERIFIABLE_NO_SINK_CRC, 8L));
    assertThat(ledger.get("small/0").orElseThrow().verification()).contains(Verification.UNVERIFIABLE);
  }

  @Test
  void rereadVerifiesEqualContentAndFailsEveryMismatchWithoutRecordingIt() throws Exception {
    tree();
    MigrationReport r = run(new ReadableSink(memory, Set.of("small/bad", "big/bad")), VerifyMode.REREAD);

    assertThat(r.migrated()).isEqualTo(6);
    assertThat(r.verifiedBy()).containsExactly(Map.entry(MigrationReport.VERIFIED_CONTENT_REREAD, 6L));
    assertThat(r.unverifiable()).isZero();
    assertThat(r.failed()).isEqualTo(2);
    assertThat(r.failedByReason()).containsExactly(Map.entry(ErrorKind.INTEGRITY_MISMATCH.name(), 2L));
    for (String bad : List.of("small/bad", "big/bad")) {
      assertThat(ledger.get(bad).orElseThrow().state()).as(bad).isEqualTo(ObjectState.FAILED);
      assertThat(ledger.get(bad).orElseThrow().reason()).as(bad).startsWith("INTEGRITY_MISMATCH: '" + bad
          + "' read back from the destination").contains("the stored object was deleted");
      assertThat(memory.content(bad)).as(bad + " is not left at the destination").isEmpty();
    }
    assertThat(ledger.get("big/good").orElseThrow().verification()).contains(Verification.VERIFIED);
    assertThat(memory.content("big/good")).isPresent();
    memory.checkNoOpenUploads();
  }

  @Test
  void rereadOnASinkThatCannotBeReadLeavesObjectsUnverifiableAndSaysSo() throws Exception {
    source.put("a", bytes(10, 1), T0);
    MigrationReport r = run(new NoChecksumSink(memory), VerifyMode.REREAD);

    assertThat(r.migrated()).isEqualTo(1);
    assertThat(r.unverifiableByReason()).containsExactly(Map.entry(MigrationReport.UNVERIFIABLE_NO_SINK_CRC
        + "; this destination cannot be read back", 1L));
    assertThat(r.success()).isTrue();
  }
}
