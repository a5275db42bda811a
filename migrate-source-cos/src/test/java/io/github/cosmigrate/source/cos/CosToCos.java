package io.github.cosmigrate.source.cos;

import static org.assertj.core.api.Assertions.assertThat;

import com.qcloud.cos.model.COSObject;
import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.Migrator;
import io.github.cosmigrate.ledger.rocksdb.RocksDbLedger;
import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.sink.cos.CosSink;
import io.github.cosmigrate.spi.Ledger;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** COS to COS runs through the engine on the shared fixture, and what the proxy saw of them. */
final class CosToCos {
  static final long MIB = 1L << 20;

  private CosToCos() {}

  /** Options for small tests: quick retries, parts of S3Proxy's minimum size. */
  static MigrationOptions.Builder options() {
    return MigrationOptions.builder().concurrency(4).partConcurrency(4).partsPerObject(3).partSize(5 * MIB)
        .multipartThreshold(5 * MIB).maxBytesInFlight(64 * MIB).initialBackoff(Duration.ofMillis(5))
        .maxBackoff(Duration.ofMillis(50)).maxAttempts(3);
  }

  /** One run from {@code src} (below {@code prefix}) into {@code dst}, with its own RocksDB ledger under {@code dir}. */
  static MigrationReport run(String src, String dst, Path dir, MigrationOptions options, SinkLimits limits,
      UnaryOperator<CosSourceConfig.Builder> source) throws Exception {
    JobIdentity job = new JobIdentity("cos://" + src + "/", "cos:" + CosFixture.REGION + "/" + dst + "/");
    try (CosSource s = CosSource.open(source.apply(CosFixture.source(src)).build());
        CosSink sink = CosSink.create(CosFixture.sink(dst).limits(limits).build());
        Ledger ledger = RocksDbLedger.open(dir.resolve("ledger"), job)) {
      return Migrator.builder().source(s).sink(sink).ledger(ledger).options(options).build().start().completion()
          .get(240, TimeUnit.SECONDS);
    }
  }

  /** The requests the proxy answered for {@code bucket} since the mark. */
  static List<RecordedRequest> requests(String bucket) {
    return CosFixture.proxy().requests().stream().filter(r -> r.bucket().equals(bucket)).toList();
  }

  static long count(List<RecordedRequest> requests, Operation op) {
    return requests.stream().filter(r -> r.operation() == op).count();
  }

  /** Reads each destination object back and checks its bytes and the CRC-64 COS reports. */
  static void assertArrived(String dst, Map<String, byte[]> expected) throws Exception {
    for (Map.Entry<String, byte[]> e : expected.entrySet()) {
      try (COSObject o = CosFixture.writer().getObject(dst, e.getKey()); InputStream in = o.getObjectContent()) {
        assertThat(in.readAllBytes()).as("bytes of %s", e.getKey()).isEqualTo(e.getValue());
        assertThat(o.getObjectMetadata().getCrc64Ecma()).as("CRC-64 of %s", e.getKey())
            .isEqualTo(Crc64.toUnsignedString(Crc64.of(e.getValue())));
      }
    }
  }

  static byte[] content(int size, long seed) {
    byte[] b = new byte[size];
    long x = seed * 0x9E3779B97F4A7C15L + 1;
    for (int i = 0; i < size; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      b[i] = (byte) x;
    }
    return b;
  }
}
