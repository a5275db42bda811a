/**
 * JMH benchmarks, run from {@code benchmarks/target/benchmarks.jar} (see {@code benchmarks/README.md} and each
 * class's "HOW TO RUN" block): {@link io.github.cosmigrate.benchmarks.ChecksumBench} (CRC-64/XZ throughput
 * against the JDK's intrinsic CRC32C/CRC32), {@link io.github.cosmigrate.benchmarks.RateLimiterBench} (the cost
 * of a limiter that never waits), {@link io.github.cosmigrate.benchmarks.SignerBench} (one COS request signature,
 * cos_api's signer against the sink's) and the whole-run benchmarks named in the README. Speed is measured here, never asserted in tests. Results on a shared machine are
 * noisy: compare variants within one run. Not API.
 */
package io.github.cosmigrate.benchmarks;
