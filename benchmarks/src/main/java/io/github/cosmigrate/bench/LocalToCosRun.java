package io.github.cosmigrate.bench;

import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.Migrator;
import io.github.cosmigrate.ledger.rocksdb.RocksDbLedger;
import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.ObjectStoreServer;
import io.github.cosmigrate.sink.cos.CosSink;
import io.github.cosmigrate.sink.cos.CosSinkConfig;
import io.github.cosmigrate.source.local.LocalSource;
import io.github.cosmigrate.source.local.LocalSourceConfig;
import io.github.cosmigrate.spi.Ledger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A smoke run of the whole engine with real parts: a local directory of {@code smallCount} small files and
 * {@code bigCount} big files into a COS-dialect proxy over an in-memory S3Proxy on loopback, with a RocksDB ledger;
 * then a rerun where nothing changed. Prints both reports.
 *
 * <pre>java -cp ... io.github.cosmigrate.bench.LocalToCosRun [smallCount] [smallSize] [bigCount] [bigSizeMiB]</pre>
 */
public final class LocalToCosRun {
  private LocalToCosRun() {}

  public static void main(String[] args) throws Exception {
    int smallCount = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int smallSize = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
    int bigCount = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int bigMiB = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    Path work = Files.createTempDirectory("cosmigrate-bench");
    Path data = Files.createDirectories(work.resolve("data"));
    Random rnd = new Random(1);
    byte[] small = new byte[smallSize];
    for (int i = 0; i < smallCount; i++) {
      rnd.nextBytes(small);
      Path p = data.resolve("small/" + (i % 100) + "/f" + i + ".bin");
      Files.createDirectories(p.getParent());
      Files.write(p, small);
    }
    byte[] big = new byte[bigMiB << 20];
    for (int i = 0; i < bigCount; i++) {
      rnd.nextBytes(big);
      Files.write(data.resolve("big" + i + ".bin"), big);
    }
    try (ObjectStoreServer store = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none());
        DialectProxy proxy = DialectProxy.start(Dialect.COS, store.endpoint())) {
      String bucket = "bench-1250000000";
      store.createBucket(bucket);
      CosSinkConfig cfg = CosSinkConfig.builder().region("ap-guangzhou").bucket(bucket)
          .credentials("AKIDbenchId123", "bench-secret-key-0123456789")
          .endpoint(URI.create("http://127.0.0.1:" + proxy.port())).pathStyle(true).limits(SinkLimits.s3())
          .build();
      for (int run = 1; run <= 2; run++) {
        try (LocalSource source = LocalSource.open(LocalSourceConfig.builder(data).build());
            CosSink sink = CosSink.create(cfg);
            Ledger ledger = RocksDbLedger.open(work.resolve("ledger"),
                new JobIdentity(source.describe(), sink.describe()))) {
          long t0 = System.nanoTime();
          MigrationReport r = Migrator.builder().source(source).sink(sink).ledger(ledger)
              .options(o -> o.destinationPrefix("dst").concurrency(16).partSize(8L << 20)).build().start()
              .completion().join();
          double secs = (System.nanoTime() - t0) / 1e9;
          System.out.printf("run %d: %.2fs migrated=%d skipped=%d failed=%d verified=%d bytes=%d listing=%s %s%n",
              run, secs, r.migrated(), r.skipped(), r.failed(), r.verified(), r.bytesTransferred(),
              r.listingComplete(), r.failures().isEmpty() ? "" : r.failures().subList(0,
                  Math.min(3, r.failures().size())));
        }
      }
    }
  }
}
