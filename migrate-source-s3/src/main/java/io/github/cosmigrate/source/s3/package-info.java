/**
 * The S3 source: an AWS S3 bucket, or a bucket of an S3-compatible store through an endpoint override, read with
 * the AWS SDK for Java v2. Create it with {@link io.github.cosmigrate.source.s3.S3Source#open} from an
 * {@link io.github.cosmigrate.source.s3.S3SourceConfig}.
 *
 * <h2>Keys and listing</h2>
 * Keys are the bucket's keys with the configured prefix removed (the prefix is literal: {@code "a/"} lists
 * {@code a/b} as {@code b}). Listing is ListObjectsV2, one request of at most {@code pageSize} keys per
 * {@link io.github.cosmigrate.spi.Source#list} call, in S3's key order. The cursor is the last full key of a page,
 * sent back as {@code StartAfter}, so it stays valid after a process restart. Zero-byte keys ending in {@code /}
 * (directory markers) are skipped with a reason. Objects in GLACIER or DEEP_ARCHIVE are listed as failed
 * ({@code INVALID_INPUT}, not retried) with advice to restore them first, unless a HEAD shows a completed restore
 * ({@code x-amz-restore: ongoing-request="false"}); GLACIER_IR is readable. Listed objects carry size, ETag and
 * modification time (whole seconds) but no headers: {@code listsMetadata()} is false and
 * {@link io.github.cosmigrate.spi.Source#stat} does a HEAD, which also gives the version id of a versioned bucket.
 *
 * <h2>Pinned reads</h2>
 * {@code open} and {@code openRange} send {@code If-Match} with the given ETag and the given version id, when the
 * info has them: a replaced object fails with {@code SOURCE_CHANGED} (HTTP 412) instead of returning other bytes,
 * so {@code pinsReads()} is true. A range past the listed size is {@code SOURCE_CHANGED} too. {@code open}'s
 * {@link io.github.cosmigrate.model.SourceRead#observed()} carries the GET response's size, ETag, version id,
 * modification time and headers (Content-Type, Cache-Control, Content-Disposition, Content-Encoding,
 * Content-Language, Expires, user metadata, storage class, SSE, all with S3's names and values). Bodies stream from
 * the connection; nothing is buffered or written to disk. Closing a body before its end aborts its connection.
 * The fingerprint of an object is size, modification time and ETag; the version id (from HEAD or GET) is not in it,
 * because ListObjectsV2 does not return it: it pins reads instead, so a rerun recognises an unchanged version.
 *
 * <h2>Probe</h2>
 * The source is a {@link io.github.cosmigrate.spi.capability.Probe}: before the first transfer the engine sends a
 * HEAD Bucket, and when that is answered with 400, 401 or 403 (no error code in a HEAD answer) a ListObjectsV2 of at
 * most one key under the prefix (so a run from a manifest lists nothing when the HEAD succeeds). A connection refused, a host that does not resolve, a connect
 * timeout or a failed TLS handshake is a {@link io.github.cosmigrate.error.ConfigurationException} naming
 * {@code endpoint} ({@code region} without an endpoint override); a missing bucket names {@code bucket}; a redirect
 * or a signature for another region names {@code region}; rejected credentials name {@code access-key-id} and
 * {@code secret-access-key}. An access denied proves nothing (the listing decides), and a 5xx or throttling is
 * thrown with its usual kind.
 *
 * <h2>Errors</h2>
 * One mapping (see {@code internal.S3Errors}): an access error (401/403), a missing bucket or another 4xx on the
 * listing stops the run ({@code FATAL_CONFIGURATION}, naming the bucket and what to check); for one object 403 is
 * {@code ACCESS_DENIED}, 404 {@code NOT_FOUND}, 412/416 {@code SOURCE_CHANGED}, 503 SlowDown and 429
 * {@code THROTTLED} (with the Retry-After the store gave), other 5xx, timeouts and resets {@code TRANSIENT}; an
 * interrupt is an {@link java.io.InterruptedIOException}. The SDK retries each request at most
 * {@code sdkMaxAttempts} times in all (default 2), since the engine retries whole operations. Messages never carry
 * secrets, signatures or query strings.
 *
 * <h2>Threading and lifecycle</h2>
 * {@code list} has one caller at a time (it is also synchronised); {@code stat}, {@code open} and {@code openRange}
 * may be called from many threads, sharing one HTTP connection pool of {@code maxConnections}. {@code close()} is
 * idempotent; streams opened before it stay readable, and the client is released when the last of them closes.
 */
package io.github.cosmigrate.source.s3;
