/**
 * Implementation of the OSS source; not API. {@link io.github.cosmigrate.source.oss.internal.OssClients} builds
 * the SDK client (signature V1, pool, timeouts, small SDK retries, no client CRC) and turns off the SDK's failure
 * log per request; {@link io.github.cosmigrate.source.oss.internal.OssListing} lists one page;
 * {@link io.github.cosmigrate.source.oss.internal.OssReads} does HEAD, pinned GET and pinned ranged GET;
 * {@link io.github.cosmigrate.source.oss.internal.OssErrors} is the one mapping of SDK errors to
 * {@link io.github.cosmigrate.error.ErrorKind}s. All classes are thread-safe except the body stream, which
 * belongs to one reader.
 */
package io.github.cosmigrate.source.oss.internal;
