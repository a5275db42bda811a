package io.github.cosmigrate.examples;

import io.github.cosmigrate.api.Migration;
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
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Example 1: migrate a local directory into a COS bucket, then migrate again and see everything skipped.
 *
 * <p>No cloud account is needed: the example starts an in-process COS-compatible server (S3Proxy behind the COS
 * dialect proxy, on 127.0.0.1). Against real COS you would drop the server, the {@code endpoint}, {@code pathStyle}
 * and {@code limits} lines, and pass your region, bucket and credentials.
 *
 * <pre>
 * HOW TO RUN (from the repository root):
 *   mvn -B -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -pl examples -am
 *   java -cp examples/target/classes:$(cat examples/target/classpath.txt) \
 *       io.github.cosmigrate.examples.Example01_LocalDirToCos
 * </pre>
 */
public final class Example01_LocalDirToCos {
  private Example01_LocalDirToCos() {}

  public static void main(String[] args) throws Exception {
    // 1. Some data to migrate: a few files in nested folders.
    Path work = Files.createTempDirectory("cos-migrate-example01");
    Path data = Files.createDirectories(work.resolve("data/reports/2026"));
    for (int i = 1; i <= 20; i++) {
      Files.writeString(data.resolve("report-" + i + ".txt"), "quarterly numbers #" + i + "\n".repeat(i));
    }

    // 2. A COS-compatible server on loopback, with one bucket (bucket names are name-appid, as in COS).
    try (ObjectStoreServer server = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none());
         DialectProxy cosEndpoint = DialectProxy.start(Dialect.COS, server.endpoint())) {
      String bucket = "examples-1250000000";
      server.createBucket(bucket);

      // 3. The three plugins: where from, where to, and the durable record of the job.
      CosSinkConfig cos = CosSinkConfig.builder()
          .region("ap-guangzhou")
          .bucket(bucket)
          .credentials("AKIDexample", "example-secret")        // real code: read them from the environment
          .endpoint(cosEndpoint.endpoint()).pathStyle(true)      // only for the local test server
          .limits(SinkLimits.s3())                               // the test server wants S3's 5 MiB minimum parts
          .build();
      // The job identity names the ledger store: the same source and destination find the same records again.
      JobIdentity job = new JobIdentity("local:" + work.resolve("data"), "cos:ap-guangzhou/" + bucket + "/backup/");

      for (int run = 1; run <= 2; run++) {
        try (Source source = LocalSource.open(LocalSourceConfig.builder(work.resolve("data")).build());
             Sink sink = CosSink.create(cos);
             Ledger ledger = RocksDbLedger.open(work.resolve("ledger"), job)) {
          // 4. Start the migration. start() returns at once; the engine works on its own threads.
          Migration migration = Migrator.builder().source(source).sink(sink).ledger(ledger)
              .options(o -> o.destinationPrefix("backup/").concurrency(8))
              .build().start();
          // 5. Wait for the report. Partial failure is data, not an exception: see report.failures().
          MigrationReport report = migration.completion().join();
          System.out.printf("run %d: migrated %d, skipped %d (%s), failed %d, verified by CRC-64 %d, %d bytes sent%n",
              run, report.migrated(), report.skipped(), report.skippedByReason(), report.failed(), report.verified(),
              report.bytesTransferred());
        }
      }
      // Run 1 migrated 20 objects under backup/reports/2026/; run 2 skipped all 20 as unchanged.
    }
  }
}
