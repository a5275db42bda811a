package io.github.cosmigrate.bench;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.Migrator;
import io.github.cosmigrate.ledger.rocksdb.RocksDbLedger;
import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.MultipartUpload;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.model.UploadCheckpoint;
import io.github.cosmigrate.model.UploadedPart;
import io.github.cosmigrate.model.Verification;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.testkit.fakes.InMemorySource;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Migrates a lazily generated listing of many objects (default 10,000,000 of 16 bytes) into a sink that reads and
 * checksums every byte and then forgets it, to show that the engine's heap does not grow with the number of
 * objects. Run with a small heap:
 *
 * <pre>
 * mvn -B -o -q -pl benchmarks -am package -DskipTests
 * mvn -B -o -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -Xmx128m -Dlogback.configurationFile=benchmarks/src/main/resources/bounded-heap-logback.xml \
 *   -cp benchmarks/target/classes:migrate-core/target/classes:migrate-testkit/target/classes:\
 * migrate-ledger-rocksdb/target/classes:$(cat /tmp/cp.txt) \
 *   io.github.cosmigrate.bench.BoundedHeapRun [count=10000000] [objectSize=16] [discard | rocksdb:DIR]
 * </pre>
 *
 * (The module {@code target/classes} go first: {@code ~/.m2} may hold older snapshot jars of these modules.)
 *
 * With {@code rocksdb:DIR} a second run over the same directory measures a rerun where nothing changed (every
 * object skipped from one bulk ledger lookup per page). Exits 0 when every object was migrated or skipped, 1
 * otherwise. Prints the time, the rate and the peak heap used.
 */
public final class BoundedHeapRun {
  private BoundedHeapRun() {}

  public static void main(String[] args) throws Exception {
    long count = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 10_000_000L;
    long size = args.length > 1 ? Long.parseLong(args[1]) : 16;
    String ledgerSpec = args.length > 2 ? args[2] : "discard";

    InMemorySource source = InMemorySource.synthetic(count, size);
    DiscardingSink sink = new DiscardingSink();
    Ledger ledger = ledgerSpec.startsWith("rocksdb:")
        ? RocksDbLedger.open(Path.of(ledgerSpec.substring("rocksdb:".length())),
            new JobIdentity(source.describe(), sink.describe()))
        : new DiscardingLedger();
    MigrationOptions options = MigrationOptions.builder().concurrency(16).maxQueuedObjects(1024)
        .progressInterval(Duration.ofSeconds(10)).build();
    long t0 = System.nanoTime();
    MigrationReport r;
    try {
      r = Migrator.builder().source(source).sink(sink).ledger(ledger).options(options).build().start()
          .completion().join();
    } finally {
      ledger.close();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        peak += p.getPeakUsage().getUsed();
      }
    }
    System.out.printf("objects=%d size=%d ledger=%s migrated=%d skipped=%d failed=%d bytes=%d time=%.1fs "
            + "rate=%.0f obj/s maxHeap=%dMiB peakHeapUsed(sum of pools)=%dMiB success=%s%n", count, size, ledgerSpec,
        r.migrated(), r.skipped(), r.failed(), sink.bytes.get(), secs, r.total() / secs,
        Runtime.getRuntime().maxMemory() >> 20, peak >> 20, r.success());
    System.exit(r.success() && r.total() == count ? 0 : 1);
  }

  /** Reads and checksums every byte, then forgets it. */
  static final class DiscardingSink implements Sink {
    final AtomicLong bytes = new AtomicLong();

    @Override public String describe() { return "discard:"; }
    @Override public SinkLimits limits() { return SinkLimits.cos(); }
    @Override public Optional<ObjectInfo> stat(String key) { return Optional.empty(); }

    @Override
    public PutResult put(String key, InputStream body, long length, ObjectMetadata metadata) throws IOException {
      return new PutResult("d", drain(body, length), Verification.UNVERIFIABLE, Optional.empty());
    }

    private long drain(InputStream in, long length) throws IOException {
      Crc64 crc = new Crc64();
      byte[] buf = new byte[(int) Math.min(64 * 1024, Math.max(1, length))];
      long left = length;
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          throw new IOException("short body for " + length + " bytes");
        }
        crc.update(buf, 0, n);
        left -= n;
      }
      bytes.addAndGet(length);
      return crc.getValue();
    }

    @Override public String initiateMultipart(String key, ObjectMetadata metadata) { return "u"; }

    @Override
    public PartResult uploadPart(String key, String uploadId, int partNumber, InputStream body, long length)
        throws IOException {
      return new PartResult(partNumber, length, "p", drain(body, length), Verification.UNVERIFIABLE);
    }

    @Override public List<UploadedPart> listParts(String key, String uploadId) { return List.of(); }

    @Override
    public PutResult completeMultipart(String key, String uploadId, List<PartResult> parts) {
      return new PutResult("m", 0, Verification.UNVERIFIABLE, Optional.empty());
    }

    @Override public void abortMultipart(String key, String uploadId) {}
    @Override public List<MultipartUpload> listMultipartUploads(String prefix) { return List.of(); }
    @Override public void delete(String key) {}
    @Override public void close() {}
  }

  /** Remembers nothing. */
  static final class DiscardingLedger implements Ledger {
    @Override public Optional<LedgerEntry> get(String key) { return Optional.empty(); }
    @Override public Map<String, LedgerEntry> getAll(Collection<String> keys) { return Map.of(); }
    @Override public Optional<UploadCheckpoint> checkpoint(String key) { return Optional.empty(); }
    @Override public List<UploadCheckpoint> checkpoints() { return List.of(); }
    @Override public Optional<ListCursor> cursor(String scope) { return Optional.empty(); }
    @Override public void write(Batch batch) {}
    @Override public void forEachEntry(Consumer<LedgerEntry> visitor) {}
    @Override public void close() {}
  }
}
