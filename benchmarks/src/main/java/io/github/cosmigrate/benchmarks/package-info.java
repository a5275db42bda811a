/**
 * JMH benchmarks, run from {@code benchmarks/target/benchmarks.jar} (see {@code benchmarks/README.md} and each
 * class's "HOW TO RUN" block): {@link io.github.cosmigrate.benchmarks.ChecksumBench} (CRC-64/XZ throughput
 * against the JDK's intrinsic CRC32C/CRC32) and {@link io.github.cosmigrate.benchmarks.RateLimiterBench} (the cost
 * of a limiter that never waits). Speed is measured here, never asserted in tests. Results on a shared machine are
 * noisy: compare variants within one run. Not API.
 */
package io.github.cosmigrate.benchmarks;
