package io.github.cosmigrate.benchmarks;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.benchmarks.internal.Crc64Slicing8;
import io.github.cosmigrate.benchmarks.internal.Crc64ThreeLaneCalls;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Checksum throughput: the CRC-64/XZ that COS verifies ({@link Crc64}, pure Java, table driven) against the JDK's
 * {@link CRC32C} and {@link CRC32} (both HotSpot intrinsics using carry-less multiply) on the same random data.
 * Every byte the migrator moves is checksummed once, so CRC-64 must not be the bottleneck of a transfer.
 *
 * <p>Each invocation checksums the whole buffer from a fresh state. Results are in operations per second; the
 * secondary result {@code mbytes} is the same throughput in MB/s (10<sup>6</sup> bytes per second), which is the
 * number to compare across sizes. The secondary result {@code mbytesPerCpuSecond} divides the same bytes by the
 * CPU time of the benchmark thread instead of the wall time: on a shared machine, where the thread waits for a
 * core, it is the throughput per core. {@code crc64Slicing8Baseline} is the first, single-lane implementation and
 * {@code crc64ThreeLaneCallsBaseline} the second (three lanes, one call per eight bytes per lane), kept so that a
 * change to {@link Crc64} can be judged against them in the same run. Add
 * {@code -jvmArgsAppend -XX:TieredStopAtLevel=1} to measure under C1 alone, as the launcher runs for plain-http
 * endpoints.
 *
 * <h2>HOW TO RUN</h2>
 * <pre>
 *   mvn -B -o -q -pl benchmarks -am package -DskipTests
 *   java -jar benchmarks/target/benchmarks.jar ChecksumBench -f 1 -wi 3 -i 5 -w 1 -r 1
 *   # one size only:
 *   java -jar benchmarks/target/benchmarks.jar ChecksumBench -p size=65536 -f 1 -wi 3 -i 5 -w 1 -r 1
 * </pre>
 * Read the {@code ChecksumBench.xxx:mbytes} rows. On a shared machine the numbers are noisy: compare algorithms
 * within one run, not across runs.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ChecksumBench {

  /** Buffer size in bytes: 1 KiB, 64 KiB, 8 MiB. */
  @Param({"1024", "65536", "8388608"})
  public int size;

  private byte[] data;

  /** Counts megabytes checksummed; JMH divides by time, so it reads as MB/s. */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Bytes {
    public double mbytes;

    @Setup(Level.Iteration)
    public void clean() {
      mbytes = 0;
    }
  }

  /**
   * Megabytes per CPU-second of the benchmark thread. JMH divides an {@code OPERATIONS} counter by the iteration's
   * wall time, so the counter is set, when the iteration ends, to the megabytes scaled by wall time over the
   * thread's CPU time.
   */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class PerCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    public double mbytesPerCpuSecond;
    private double mbytes;
    private long cpuStart;
    private long wallStart;

    @Setup(Level.Iteration)
    public void start() {
      mbytes = 0;
      mbytesPerCpuSecond = 0;
      wallStart = System.nanoTime();
      cpuStart = THREADS.getCurrentThreadCpuTime();
    }

    void add(double mb) {
      mbytes += mb;
    }

    @TearDown(Level.Iteration)
    public void stop() {
      long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
      long wall = System.nanoTime() - wallStart;
      mbytesPerCpuSecond = cpu > 0 ? mbytes * ((double) wall / cpu) : 0;
    }
  }

  @Setup
  public void setUp() {
    data = new byte[size];
    new Random(42).nextBytes(data);
    if (Crc64.of(data) != Crc64Slicing8.of(data) || Crc64.of(data) != Crc64ThreeLaneCalls.of(data)) {
      throw new IllegalStateException("Crc64 and a baseline disagree");
    }
  }

  @Benchmark
  public long crc64(Bytes bytes, PerCpu cpu) {
    bytes.mbytes += size / 1e6;
    cpu.add(size / 1e6);
    return Crc64.of(data);
  }

  /** The first, single-lane slicing-by-8 CRC-64, for a before/after comparison in the same run. */
  @Benchmark
  public long crc64Slicing8Baseline(Bytes bytes, PerCpu cpu) {
    bytes.mbytes += size / 1e6;
    cpu.add(size / 1e6);
    return Crc64Slicing8.of(data);
  }

  /** The second CRC-64 (three lanes, a call per eight bytes per lane), for a before/after comparison. */
  @Benchmark
  public long crc64ThreeLaneCallsBaseline(Bytes bytes, PerCpu cpu) {
    bytes.mbytes += size / 1e6;
    cpu.add(size / 1e6);
    return Crc64ThreeLaneCalls.of(data);
  }

  @Benchmark
  public long crc32c(Bytes bytes, PerCpu cpu) {
    bytes.mbytes += size / 1e6;
    cpu.add(size / 1e6);
    CRC32C c = new CRC32C();
    c.update(data, 0, data.length);
    return c.getValue();
  }

  @Benchmark
  public long crc32(Bytes bytes, PerCpu cpu) {
    bytes.mbytes += size / 1e6;
    cpu.add(size / 1e6);
    CRC32 c = new CRC32();
    c.update(data, 0, data.length);
    return c.getValue();
  }
}
