package io.github.cosmigrate.benchmarks;

import io.github.cosmigrate.api.RateLimiters;
import io.github.cosmigrate.spi.RateLimiter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of asking a {@link RateLimiter} for permits when it never has to wait: what the engine pays per
 * 64 KiB chunk read (bandwidth limiter) and per request (request limiter) when a limit is configured but not
 * reached. The rate is set so high (10<sup>15</sup>/s) that no call sleeps; {@code unlimited} is the floor.
 * {@code acquireTwoThreads} shows the cost of the limiter's single lock under two-thread contention.
 *
 * <h2>HOW TO RUN</h2>
 * <pre>
 *   mvn -B -o -q -pl benchmarks -am package -DskipTests
 *   java -jar benchmarks/target/benchmarks.jar RateLimiterBench -f 1 -wi 3 -i 5 -w 1 -r 1
 * </pre>
 * Results are average nanoseconds per call (lower is better); noisy on a shared machine.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RateLimiterBench {

  private RateLimiter tokenBucket;
  private RateLimiter unlimited;

  @Setup
  public void setUp() {
    tokenBucket = RateLimiters.perSecond(1e15);
    unlimited = RateLimiters.unlimited();
  }

  @Benchmark
  public void acquire() throws InterruptedException {
    tokenBucket.acquire(64 * 1024);
  }

  @Benchmark
  public boolean tryAcquireZeroTimeout() throws InterruptedException {
    return tokenBucket.tryAcquire(64 * 1024, Duration.ZERO);
  }

  @Benchmark
  @Threads(2)
  public void acquireTwoThreads() throws InterruptedException {
    tokenBucket.acquire(64 * 1024);
  }

  @Benchmark
  public void unlimited() throws InterruptedException {
    unlimited.acquire(64 * 1024);
  }
}
