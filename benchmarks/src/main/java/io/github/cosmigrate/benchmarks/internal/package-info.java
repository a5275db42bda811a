/**
 * Baselines kept only for comparison inside the benchmarks: {@link
 * io.github.cosmigrate.benchmarks.internal.Crc64Slicing8} is the first CRC-64/XZ implementation, kept verbatim so a
 * change to {@code Crc64} is judged against it in the same run. Not used by the library. Not API.
 */
package io.github.cosmigrate.benchmarks.internal;
