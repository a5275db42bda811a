package io.github.cosmigrate.examples;

import io.github.cosmigrate.api.FailedObject;
import io.github.cosmigrate.api.MigrationListener;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.Migrator;
import io.github.cosmigrate.api.ProgressSnapshot;
import io.github.cosmigrate.error.ErrorKind;
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
import java.time.Duration;

/**
 * Example 2: a walk that meets a symlink loop and a dangling link does not stop, and does not pretend. Each bad
 * entry ends failed with a reason; every other file is migrated. A listener sees every event; the failures file
 * lists the failed keys for a later run.
 *
 * <pre>
 * HOW TO RUN (from the repository root):
 *   mvn -B -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -pl examples -am
 *   java -cp examples/target/classes:$(cat examples/target/classpath.txt) \
 *       io.github.cosmigrate.examples.Example02_FailuresAreData
 * </pre>
 */
public final class Example02_FailuresAreData {
  private Example02_FailuresAreData() {}

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("cos-migrate-example02");
    Path data = Files.createDirectories(work.resolve("data"));
    Files.writeString(data.resolve("good.txt"), "fine\n");
    Files.createDirectories(data.resolve("nested"));
    Files.writeString(data.resolve("nested/also-good.txt"), "fine too\n");
    Files.createSymbolicLink(data.resolve("nested/loop"), Path.of(".."));          // a cycle when followed
    Files.createSymbolicLink(data.resolve("dangling"), Path.of("does-not-exist")); // points nowhere

    try (ObjectStoreServer server = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none());
         DialectProxy cosEndpoint = DialectProxy.start(Dialect.COS, server.endpoint())) {
      String bucket = "examples-1250000000";
      server.createBucket(bucket);
      CosSinkConfig cos = CosSinkConfig.builder().region("ap-guangzhou").bucket(bucket)
          .credentials("AKIDexample", "example-secret").endpoint(cosEndpoint.endpoint()).pathStyle(true)
          .limits(SinkLimits.s3()).build();
      JobIdentity job = new JobIdentity("local:" + data, "cos:ap-guangzhou/" + bucket + "/");

      // A listener must not block or throw; it may be called from several engine threads at once.
      MigrationListener printer = new MigrationListener() {
        @Override public void objectFailed(String key, ErrorKind kind, String reason) {
          System.out.println("  failed  " + key + " [" + kind + "] " + reason);
        }
        @Override public void objectCompleted(String key, long size, io.github.cosmigrate.model.PutResult r) {
          System.out.println("  stored  " + key + " (" + size + " bytes, " + r.verification() + ")");
        }
        @Override public void progress(ProgressSnapshot p) {
          System.out.println("  progress: " + p.done() + "/" + p.listed() + " objects");
        }
      };

      Path failures = work.resolve("failures.jsonl");
      try (Source source = LocalSource.open(LocalSourceConfig.builder(data).build());   // follows links by default
           Sink sink = CosSink.create(cos);
           Ledger ledger = RocksDbLedger.open(work.resolve("ledger"), job)) {
        MigrationReport report = Migrator.builder().source(source).sink(sink).ledger(ledger).listener(printer)
            .options(o -> o.failuresFile(failures).progressInterval(Duration.ofSeconds(1)))
            .build().start().completion().join();

        // success() is true only when the listing completed and nothing failed: here it is false, on purpose.
        System.out.println("success=" + report.success() + " migrated=" + report.migrated() + " failed="
            + report.failed() + " by reason " + report.failedByReason());
        for (FailedObject f : report.failures()) {
          System.out.println("  " + f.key() + ": " + f.kind() + " - " + f.reason());
        }
        System.out.println("failures file " + failures + ":\n" + Files.readString(failures));
      }
    }
  }
}
