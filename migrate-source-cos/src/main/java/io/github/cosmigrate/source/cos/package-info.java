/**
 * The Tencent COS source: {@link io.github.cosmigrate.source.cos.CosSource}, created from a
 * {@link io.github.cosmigrate.source.cos.CosSourceConfig} with {@link io.github.cosmigrate.source.cos.CosSource#open}
 * (or by type {@code cos} through {@link io.github.cosmigrate.source.cos.CosSourceProvider}), on cos_api 5.6.265.
 * With a {@code CosSink} on the same endpoint, the engine copies its objects server-side (see
 * {@link io.github.cosmigrate.spi.capability}); otherwise, or when COS refuses the copy, they are streamed.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Client: built by the COS sink's one client construction from {@link
 *       io.github.cosmigrate.source.cos.CosSourceConfig#connection()} (same endpoint handling, path style, timeouts,
 *       short-lived signatures, no cos_api error log); the same {@code CosCredentialsProvider}, asked per request.
 *       The security note of {@link io.github.cosmigrate.sink.cos} applies: turn the {@code com.qcloud} logger
 *       off.</li>
 *   <li>Threading: thread-safe; {@code list} has one caller at a time (it is also synchronised); stat, open and
 *       range reads run from many threads over one connection pool of {@code maxConnections}. An interrupted call
 *       ends with {@link java.io.InterruptedIOException}.</li>
 *   <li>Lifecycle: {@code open} does no I/O (a missing bucket or bad credentials show at the probe or on the first
 *       listing as {@code FATAL_CONFIGURATION} naming the source bucket); {@code close()} is idempotent, and
 *       streams opened before it stay readable (the client shuts down when the last closes).</li>
 *   <li>Probe: the source is a {@link io.github.cosmigrate.spi.capability.Probe}, with the COS sink's probe on its
 *       connection (a HEAD Bucket, and a GET Bucket location when COS answers 403). A connection refused, a host
 *       that does not resolve, a connect timeout or a failed TLS handshake is a
 *       {@link io.github.cosmigrate.error.ConfigurationException} of {@code source 'cos'} naming {@code endpoint}
 *       ({@code region} without an override); a missing bucket names {@code bucket} and {@code region}; another
 *       region names {@code region}; rejected credentials name {@code secret-id} and {@code secret-key}. An access
 *       denied to both requests proves nothing (the listing decides); a 5xx or throttling is thrown with its usual
 *       kind.</li>
 *   <li>Listing: ListObjects with {@code marker}, one page of at most {@code pageSize} keys per call, keys
 *       url-encoded on the wire and decoded here. The cursor is the last full key of the page, valid across
 *       restarts. Keys are relative to the prefix (literal). Zero-byte keys ending in {@code /} (directory markers)
 *       are skipped with a reason. Listed objects carry size, ETag, modification time (whole seconds) and storage
 *       class, but no headers, user metadata or CRC-64: {@code listsMetadata()} is false and {@code stat} (a HEAD)
 *       and {@code open} (the GET's headers) carry them.</li>
 *   <li>Storage-class filter: with {@code storageClasses} set, an object of another class is listed as
 *       {@link io.github.cosmigrate.model.SourceEntry.Skipped} with the reason {@code storage class X not in the
 *       storage-class filter A, B} (counted in the report by that reason, not written to the ledger), so the user
 *       sees how many were left out and why; a later run with another filter picks them up.</li>
 *   <li>Archive classes (ARCHIVE, DEEP_ARCHIVE, MAZ_ARCHIVE, MAZ_DEEP_ARCHIVE) need a restore before they can be
 *       read or copied: such an object (when the filter lets it through) is listed as failed ({@code INVALID_INPUT},
 *       not retried) with the advice to restore it first, unless a HEAD shows a finished restore
 *       ({@code x-cos-restore: ongoing-request="false"}). A read COS refuses with InvalidObjectState fails the same
 *       way.</li>
 *   <li>Pinned reads: {@code open} and {@code openRange} send {@code If-Match} with the listed ETag (and the version
 *       id when known); another version fails with {@code SOURCE_CHANGED}, as does a range past the listed end.
 *       {@code pinsReads()} is true. Bodies stream from the connection, nothing is buffered or written to disk; a
 *       body closed before its end drops its connection.</li>
 *   <li>CRC-64: the {@code x-cos-hash-crc64ecma} of a HEAD or GET is the {@code crc64()} of the stat'ed or observed
 *       object, so the engine checks the destination's CRC-64 against it (source CRC-64 equality).</li>
 *   <li>Server-side copy: {@link io.github.cosmigrate.spi.capability.ObjectLocator#locate} gives the bucket, region,
 *       full key, ETag and version id on this source's service ({@code cos}, or {@code cos@<endpoint>} with an
 *       override); a {@code CosSink} of the same service copies it.</li>
 *   <li>Metadata: storage class and SSE with COS's names (COS to COS keeps them); headers and user metadata as
 *       COS gives them; provenance {@code cos://bucket/<full key>}.</li>
 *   <li>Errors: the sink's mapping ({@code CosErrors}), plus 412/416 {@code SOURCE_CHANGED}; on the listing, any
 *       error a retry cannot heal (403, NoSuchBucket, 4xx) stops the run as {@code FATAL_CONFIGURATION} naming the
 *       source bucket. Messages never carry secrets, signatures or query strings.</li>
 * </ul>
 */
package io.github.cosmigrate.source.cos;
