package io.github.cosmigrate.bench;

import io.github.cosmigrate.testkit.fakes.DiscardingLedger;
import io.github.cosmigrate.testkit.fakes.DiscardingSink;

import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.Migrator;
import io.github.cosmigrate.ledger.rocksdb.RocksDbLedger;
import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.testkit.fakes.InMemorySource;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Migrates a lazily generated listing of many objects (default 10,000,000 of 16 bytes) into a sink that reads and
 * checksums every byte and then forgets it, to show that the engine's heap does not grow with the number of
 * objects. Run with a small heap:
 *
 * <pre>
 * mvn -B -o -q -pl benchmarks -am package dependency:build-classpath -DskipTests \
 *   -Dmdep.outputFile=target/classpath.txt
 * java -Xmx128m -Dlogback.configurationFile=benchmarks/src/main/resources/bounded-heap-logback.xml \
 *   -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) \
 *   io.github.cosmigrate.bench.BoundedHeapRun [count=10000000] [objectSize=16] [discard | rocksdb:DIR]
 * </pre>
 *
 * (Built in one reactor run, the class path names this checkout's module jars, never older snapshots in
 * {@code ~/.m2}.)
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
        r.migrated(), r.skipped(), r.failed(), sink.bytes(), secs, r.total() / secs,
        Runtime.getRuntime().maxMemory() >> 20, peak >> 20, r.success());
    System.exit(r.success() && r.total() == count ? 0 : 1);
  }
}
