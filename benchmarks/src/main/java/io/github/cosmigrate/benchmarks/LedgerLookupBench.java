package io.github.cosmigrate.benchmarks;

import io.github.cosmigrate.ledger.rocksdb.RocksDbLedger;
import io.github.cosmigrate.ledger.rocksdb.RocksDbLedgerConfig;
import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ObjectState;
import io.github.cosmigrate.model.SourceFingerprint;
import io.github.cosmigrate.model.Verification;
import io.github.cosmigrate.spi.Ledger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Look-ups in a {@link RocksDbLedger} holding one million records: what a rerun pays to decide "unchanged, skip"
 * for every listed object. {@code get} looks up one random key; {@code getAll} looks up 1000 random keys at once
 * (the engine asks per listing page). Both report <b>look-ups per second</b> ({@code getAll} is annotated with
 * {@code @OperationsPerInvocation(1000)}). {@code getMissing} looks up keys that have no record (a first run).
 *
 * <p>The store is built once per trial in a temporary directory (1,000,000 records written in batches of
 * 10,000, then flushed by closing and reopening, which takes tens of seconds on a loaded machine) and deleted at
 * the end. Keys look like {@code photos/2024/d0123/img-0123456.jpg}; the random keys are drawn in setup, so the
 * measured loop does not build strings. With the default 32 MiB block cache the million records (about
 * 100 MB on disk) do not all fit in cache; the page cache of the OS holds them after the first pass, so this
 * measures a warm store.
 *
 * <h2>HOW TO RUN</h2>
 * <pre>
 *   mvn -B -o -q -pl benchmarks -am package -DskipTests
 *   java -jar benchmarks/target/benchmarks.jar LedgerLookupBench -f 1 -wi 2 -i 3 -w 2 -r 2
 *   # a smaller store, for a quick look:
 *   java -jar benchmarks/target/benchmarks.jar LedgerLookupBench -p records=100000 -f 1 -wi 1 -i 2
 * </pre>
 * Numbers are noisy on a shared machine.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class LedgerLookupBench {

  private static final int QUERY_KEYS = 1 << 16;
  private static final int BATCH = 1000;

  /** Records in the store. */
  @Param({"1000000"})
  public int records;

  private Path dir;
  private RocksDbLedger ledger;
  private String[] hitKeys;
  private String[] missKeys;
  private List<List<String>> batches;
  private int next;
  private int nextBatch;

  static String key(int i) {
    return "photos/" + (2000 + i % 25) + "/d" + (i / 1000) + "/img-" + i + ".jpg";
  }

  @Setup(Level.Trial)
  public void build() throws IOException {
    dir = Files.createTempDirectory("ledger-bench-");
    JobIdentity job = new JobIdentity("local:/bench/photos", "cos:ap-guangzhou/bench-1250000000/photos/");
    Instant now = Instant.parse("2026-11-25T00:00:00Z");
    try (RocksDbLedger l = RocksDbLedger.open(RocksDbLedgerConfig.of(dir, job))) {
      for (int start = 0; start < records; start += 10_000) {
        Ledger.Batch b = new Ledger.Batch();
        for (int i = start; i < Math.min(records, start + 10_000); i++) {
          String k = key(i);
          b.put(new LedgerEntry(k, "photos/" + k, new SourceFingerprint(4096L + i, 1_700_000_000_000L + i,
              "ino:" + i), ObjectState.MIGRATED, "", Optional.of("\"5d41402abc4b2a76b9719d911017c592\""),
              OptionalLong.of(i * 0x9E3779B97F4A7C15L), Optional.of(Verification.VERIFIED), 1, now));
        }
        l.write(b);
      }
    }
    ledger = RocksDbLedger.open(RocksDbLedgerConfig.of(dir, job));
    SplittableRandom r = new SplittableRandom(42);
    hitKeys = new String[QUERY_KEYS];
    missKeys = new String[QUERY_KEYS];
    for (int i = 0; i < QUERY_KEYS; i++) {
      hitKeys[i] = key(r.nextInt(records));
      missKeys[i] = key(records + r.nextInt(records));
    }
    batches = new ArrayList<>();
    for (int b = 0; b < 64; b++) {
      List<String> keys = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        keys.add(key(r.nextInt(records)));
      }
      batches.add(List.copyOf(keys));
    }
    if (ledger.get(hitKeys[0]).isEmpty() || ledger.getAll(batches.get(0)).size() != distinct(batches.get(0))) {
      throw new IllegalStateException("the ledger lost records");
    }
  }

  private static int distinct(List<String> keys) {
    return (int) keys.stream().distinct().count();
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    ledger.close();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Benchmark
  public Optional<LedgerEntry> get() throws IOException {
    return ledger.get(hitKeys[next++ & (QUERY_KEYS - 1)]);
  }

  @Benchmark
  public Optional<LedgerEntry> getMissing() throws IOException {
    return ledger.get(missKeys[next++ & (QUERY_KEYS - 1)]);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Map<String, LedgerEntry> getAll() throws IOException {
    return ledger.getAll(batches.get(nextBatch++ & 63));
  }
}
