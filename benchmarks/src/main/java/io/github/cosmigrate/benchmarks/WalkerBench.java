package io.github.cosmigrate.benchmarks;

import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.source.local.LocalSource;
import io.github.cosmigrate.source.local.LocalSourceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Listing speed of {@link LocalSource}: one invocation lists a generated tree of 100,000 small files
 * (10 top directories x 10 subdirectories x 1,000 files of 16 bytes) from the start to the end, page by page, as
 * the engine does. The result is <b>entries per second</b> (the method is annotated with
 * {@code @OperationsPerInvocation(100_000)}). Each entry carries size, modification time and the file's
 * identity, so this includes one {@code stat} per file. After the first pass the tree is in the OS page cache:
 * this is a warm-cache figure; a cold walk on a spinning disk or NFS is far slower.
 *
 * <p>The tree is generated once per trial in a temporary directory and deleted afterwards.
 *
 * <h2>HOW TO RUN</h2>
 * <pre>
 *   mvn -B -o -q -pl benchmarks -am package -DskipTests
 *   java -jar benchmarks/target/benchmarks.jar WalkerBench -f 1 -wi 1 -i 3
 * </pre>
 * Each iteration lasts at least one full listing. Numbers are noisy on a shared machine.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
public class WalkerBench {
  static final int FILES = 100_000;

  private Path root;
  private LocalSourceConfig config;

  @Setup(Level.Trial)
  public void generate() throws IOException {
    root = Files.createTempDirectory("walker-bench-");
    byte[] content = "sixteen bytes!!\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    int n = 0;
    for (int a = 0; a < 10; a++) {
      for (int b = 0; b < 10; b++) {
        Path dir = Files.createDirectories(root.resolve("top-" + a).resolve("sub-" + b));
        for (int f = 0; f < FILES / 100; f++) {
          Files.write(dir.resolve("file-" + f + ".dat"), content);
          n++;
        }
      }
    }
    config = LocalSourceConfig.builder(root).build();
    if (listAll() != n) {
      throw new IllegalStateException("the walker did not list " + n + " files");
    }
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(FILES)
  public long listEverything() throws IOException {
    return listAll();
  }

  private long listAll() throws IOException {
    long count = 0;
    try (LocalSource source = LocalSource.open(config)) {
      Optional<ListCursor> cursor = Optional.empty();
      while (true) {
        ListBatch page = source.list(cursor);
        count += page.entries().size();
        if (page.isLast()) {
          return count;
        }
        cursor = page.next();
      }
    }
  }
}
