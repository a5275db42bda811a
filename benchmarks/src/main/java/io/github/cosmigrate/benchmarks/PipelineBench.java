package io.github.cosmigrate.benchmarks;

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
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.testkit.fakes.InMemorySource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole migration run, end to end and in process: source, engine, RocksDB ledger, {@link CosSink} speaking the
 * COS protocol over loopback HTTP to a {@link DialectProxy} in front of an on-disk S3Proxy
 * ({@link ObjectStoreServer#startOnDisk}), with CRC-64 verification of every object.
 *
 * <ul>
 *   <li>{@code shape=small4k}: 2,000 objects of 4 KiB from a synthetic {@link InMemorySource} (request-bound:
 *       look at objects per second = 2000 / score);
 *   <li>{@code shape=large256m}: one 256 MiB file from a {@link LocalSource} (multipart, byte-bound: MB/s =
 *       268.4 / score).
 * </ul>
 * Each invocation is one complete run with a fresh ledger into a fresh destination prefix, so nothing is skipped.
 * The score is seconds per run ({@link Mode#SingleShotTime}). The servers run in the same JVM and on the same
 * cores as the engine, so this measures the engine's overhead plus a local server, not a network: the figures
 * are a floor for what the engine costs, not what COS will deliver.
 *
 * <h2>HOW TO RUN</h2>
 * <pre>
 *   mvn -B -o -q -pl benchmarks -am package -DskipTests
 *   java -jar benchmarks/target/benchmarks.jar PipelineBench -f 1 -wi 1 -i 3
 *   java -jar benchmarks/target/benchmarks.jar PipelineBench -p shape=small4k -f 1 -wi 1 -i 3
 * </pre>
 * Keep iterations few: every large invocation writes 256 MiB to the temporary directory (deleted at the end).
 * Numbers are noisy on a shared machine.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class PipelineBench {
  static final int SMALL_COUNT = 2000;
  static final int SMALL_SIZE = 4096;
  static final long LARGE_SIZE = 256L << 20;

  @Param({"small4k", "large256m"})
  public String shape;

  private Path dir;
  private ObjectStoreServer store;
  private DialectProxy proxy;
  private CosSink sink;
  private Source source;
  private long expectedObjects;
  private int run;

  @Setup(Level.Trial)
  public void start() throws IOException {
    dir = Files.createTempDirectory("pipeline-bench-");
    store = ObjectStoreServer.startOnDisk(Files.createDirectories(dir.resolve("s3")), ObjectStoreServer.Auth.none());
    proxy = DialectProxy.start(Dialect.COS, store.endpoint());
    String bucket = "bench-1250000000";
    store.createBucket(bucket);
    sink = CosSink.create(CosSinkConfig.builder().region("ap-guangzhou").bucket(bucket)
        .credentials("AKIDbenchmark000", "benchmark-secret-not-real")
        .endpoint(URI.create("http://127.0.0.1:" + proxy.port())).pathStyle(true).limits(SinkLimits.s3())
        .maxConnections(64).sdkMaxRetries(0).build());
    if (shape.equals("small4k")) {
      source = InMemorySource.synthetic(SMALL_COUNT, SMALL_SIZE);
      expectedObjects = SMALL_COUNT;
    } else if (shape.equals("large256m")) {
      Path root = Files.createDirectories(dir.resolve("src"));
      byte[] chunk = new byte[1 << 20];
      SplittableRandom r = new SplittableRandom(7);
      try (OutputStream out = Files.newOutputStream(root.resolve("big.bin"))) {
        for (long written = 0; written < LARGE_SIZE; written += chunk.length) {
          for (int i = 0; i < chunk.length; i += 8) {
            long v = r.nextLong();
            for (int k = 0; k < 8; k++) {
              chunk[i + k] = (byte) (v >>> (8 * k));
            }
          }
          out.write(chunk);
        }
      }
      source = LocalSource.open(LocalSourceConfig.builder(root).build());
      expectedObjects = 1;
    } else {
      throw new IllegalArgumentException("unknown shape " + shape);
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    source.close();
    sink.close();
    proxy.close();
    store.close();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Benchmark
  public MigrationReport migrate() throws Exception {
    int n = run++;
    String prefix = "run-" + n + "/";
    JobIdentity job = new JobIdentity(source.describe(), "cos:bench-1250000000/" + prefix);
    try (RocksDbLedger ledger = RocksDbLedger.open(dir.resolve("ledger-" + n), job)) {
      MigrationReport report = Migrator.builder().source(source).sink(sink).ledger(ledger)
          .options(o -> o.destinationPrefix(prefix).progressInterval(Duration.ofSeconds(10)))
          .build().start().completion().get(30, TimeUnit.MINUTES);
      if (!report.success() || report.migrated() != expectedObjects || report.verified() != expectedObjects) {
        throw new IllegalStateException("the run did not migrate and verify everything: " + report);
      }
      return report;
    }
  }
}
