package io.github.cosmigrate.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.api.Plugins;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.cli.Main;
import io.github.cosmigrate.cli.internal.LocalCommand;
import io.github.cosmigrate.cli.internal.MigrationJob;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.ObjectStoreServer;
import io.github.cosmigrate.spi.Sink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cos-migrate flink-local COMMAND ...}: the command line's flags, outputs and exit status, run on Flink. */
class FlinkCommandTest {
  static final Map<String, String> ENV = Map.of("COS_SECRET_ID", "test-id", "COS_SECRET_KEY", "test-key");

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    return FlinkCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), ENV,
        (p, stateDir) -> LocalCluster.environment(p, Duration.ofMillis(500), 1, stateDir.resolve("checkpoints")));
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void usageErrorsExitTwoWithOneLine(@TempDir Path dir) {
    assertThat(run()).isEqualTo(Main.CONFIG);
    assertThat(err()).contains("missing command");
    err.reset();
    assertThat(run("rsync", "--source", "x")).isEqualTo(Main.CONFIG);
    assertThat(err()).contains("unknown command 'rsync'");
    err.reset();
    assertThat(run("local", "--source", dir.toString(), "--region", "ap-guangzhou")).isEqualTo(Main.CONFIG);
    assertThat(err()).contains("--bucket");
    err.reset();
    assertThat(run("local", "--source", dir.toString(), "--bucket", "b-1250000000", "--region", "ap-guangzhou",
        "--parallelism", "0")).isEqualTo(Main.CONFIG);
    assertThat(err()).contains("--parallelism '0'");
    err.reset();
    assertThat(run("local", "--source", dir.toString(), "--bucket", "b-1250000000", "--region", "ap-guangzhou",
        "--dry-run")).isEqualTo(Main.CONFIG);
    assertThat(err()).contains("--dry-run: flink-local does not do dry runs");
  }

  @Test
  void jobWideLimitsComeFromTheCommandsFlags(@TempDir Path dir) throws Exception {
    MigrationJob job = LocalCommand.INSTANCE.parse(new java.util.ArrayList<>(java.util.List.of("--source",
        dir.toString(), "--bucket", "b-1250000000", "--region", "ap-guangzhou", "--requests-per-second", "300",
        "--bandwidth", "8M", "--concurrency", "10", "--skip-mode", "destination")), ENV);
    JobSpec spec = FlinkCommand.spec(job, 4);
    assertThat(spec.requestsPerSecond()).isEqualTo(300.0);
    assertThat(spec.bandwidth()).isEqualTo(8L << 20);
    assertThat(spec.concurrency()).isEqualTo(3);
    assertThat(spec.transfer().skipDestination()).isTrue();
  }

  @Test
  void progressLineShowsCountsBytesAndRates() {
    MigrationReport r = new MigrationReport(90, 8, 2, 90, 0, 3 << 20, false, java.util.Optional.empty(), Map.of(),
        Map.of(), java.util.List.of(), Duration.ofSeconds(2), Map.of(), Map.of());
    assertThat(FlinkCommand.progressLine(r))
        .isEqualTo("[2.0s] 100 objects (90 migrated, 8 skipped, 2 failed) | 3.00 MiB | 1.50 MiB/s, 50 objects/s");
  }

  @Test
  void localCommandRunsAsAFlinkJobWithTheCommandLinesOutputs(@TempDir Path dir) throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    for (int i = 0; i < 60; i++) {
      Files.writeString(Files.createDirectories(src.resolve("d" + (i % 3))).resolve("f" + i + ".txt"), "file " + i);
    }
    try (ObjectStoreServer server = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none());
        DialectProxy cos = DialectProxy.start(Dialect.COS, server.endpoint())) {
      server.createBucket("flink-cli-1250000000");
      Path report = dir.resolve("report.json");
      int status = run("local", "--source", src.toString(), "--bucket", "flink-cli-1250000000", "--region",
          "ap-guangzhou", "--endpoint", cos.endpoint().toString(), "--prefix", "p", "--ledger",
          dir.resolve("ledger").toString(), "--report", report.toString(), "--parallelism", "2");

      assertThat(status).as("stderr: %s", err()).isEqualTo(Main.OK);
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("migrated 60, skipped 0, failed 0 (of 60 objects)");
      assertThat(Files.readString(report)).contains("\"migrated\": 60");
      Map<String, String> settings = Map.of("region", "ap-guangzhou", "bucket", "flink-cli-1250000000", "endpoint",
          cos.endpoint().toString(), "path-style", "true", "secret-id", "test-id", "secret-key", "test-key");
      try (Sink check = Plugins.sink("cos", settings)) {
        for (int i = 0; i < 60; i++) {
          assertThat(check.stat("p/d" + (i % 3) + "/f" + i + ".txt").orElseThrow().crc64().getAsLong())
              .isEqualTo(Crc64.of(("file " + i).getBytes(StandardCharsets.UTF_8)));
        }

        // a rerun with --skip-mode destination sends only the changed file: the core's check (HEAD, size, CRC-64)
        Files.writeString(src.resolve("d0/f0.txt"), "file 0, changed");
        cos.clearRequests();
        out.reset();
        status = run("local", "--source", src.toString(), "--bucket", "flink-cli-1250000000", "--region",
            "ap-guangzhou", "--endpoint", cos.endpoint().toString(), "--prefix", "p", "--ledger",
            dir.resolve("ledger").toString(), "--skip-mode", "destination", "--parallelism", "2");
        assertThat(status).as("stderr: %s", err()).isEqualTo(Main.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("migrated 1, skipped 59, failed 0 (of 60 objects)");
        assertThat(cos.requests()).filteredOn(r -> r.operation() == Operation.PUT_OBJECT)
            .extracting(RecordedRequest::key).containsExactly("p/d0/f0.txt");
        assertThat(check.stat("p/d0/f0.txt").orElseThrow().crc64().getAsLong())
            .isEqualTo(Crc64.of("file 0, changed".getBytes(StandardCharsets.UTF_8)));
      }
    }
  }
}
