/**
 * The Aliyun OSS source: {@link io.github.cosmigrate.source.oss.OssSource}, created from a
 * {@link io.github.cosmigrate.source.oss.OssSourceConfig} with {@link io.github.cosmigrate.source.oss.OssSource#open},
 * on {@code com.aliyun.oss:aliyun-sdk-oss} 3.18.5.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Threading: an {@code OssSource} is thread-safe; share one per bucket. {@code list} has at most one call
 *       outstanding (the engine's rule); stat, open and range reads run from many threads. Calls block; an
 *       interrupted thread gets {@link java.io.InterruptedIOException} with its interrupt flag set.</li>
 *   <li>Lifecycle: {@code open} does no I/O (a missing bucket or bad credentials show at the probe or on the first
 *       listing, as {@code FATAL_CONFIGURATION} naming the bucket); {@code close()} releases the connection pool
 *       and is idempotent.</li>
 *   <li>Probe: the source is a {@link io.github.cosmigrate.spi.capability.Probe}. Before the first transfer the
 *       engine sends one ListObjects of at most one key under the prefix: a connection refused, a host that does
 *       not resolve, a connect timeout or a failed TLS handshake is a
 *       {@link io.github.cosmigrate.error.ConfigurationException} naming {@code endpoint}; NoSuchBucket names
 *       {@code bucket} and {@code endpoint}; rejected credentials name {@code access-key-id} and
 *       {@code access-key-secret}. An access denied proves nothing (the listing decides); a 5xx or throttling is
 *       thrown with its usual kind.</li>
 *   <li>Listing: one page (at most {@code pageSize} keys) per {@code list} call, with ListObjects and a marker.
 *       The cursor is the last full key of the page, so a cursor from an earlier process resumes exactly after
 *       it. Keys are relative to the prefix. Zero-byte keys ending in {@code /} (directory markers) are skipped
 *       with a reason. A listing has no Content-Type, user metadata or CRC-64, so {@code listsMetadata()} is
 *       false: {@code stat} (a HEAD) and {@code open} (the GET's headers) carry them.</li>
 *   <li>Pinned reads: {@code open} and {@code openRange} send {@code If-Match} with the listed ETag; another
 *       version fails with {@code SOURCE_CHANGED} (HTTP 412), and so does a range past the end (checked against
 *       the listed size, and by OSS with {@code x-oss-range-behavior: standard}: 416). {@code pinsReads()} is
 *       true. Bodies are streamed from the HTTP connection, never buffered or written to temporary files; a
 *       stream closed before its end drops its connection instead of draining the rest.</li>
 *   <li>CRC-64: the {@code x-oss-hash-crc64ecma} of a HEAD or GET (CRC-64/XZ, the same as COS's) is the
 *       {@code crc64()} of the stat'ed or observed {@link io.github.cosmigrate.model.ObjectInfo}; listings have
 *       none. The SDK's own client-side CRC is off: in 3.18.5 it is checked only for uploads and downloads to a
 *       file, while a streamed GET only computes it byte by byte without ever checking it, so this source reads
 *       the HTTP entity directly and leaves the checksum to the engine.</li>
 *   <li>Archive storage classes (Archive, ColdArchive, DeepColdArchive) need a restore before they can be read.
 *       Such an object is listed as a failure ({@code INVALID_INPUT}, not retried) saying to restore it first,
 *       unless the listing's {@code RestoreInfo} or a HEAD's {@code x-oss-restore} shows a finished restore
 *       ({@code ongoing-request="false"}). A read that OSS refuses with {@code InvalidObjectState} fails the
 *       same way.</li>
 *   <li>Errors: on the listing, 403 (InvalidAccessKeyId, SignatureDoesNotMatch, AccessDenied...) and NoSuchBucket
 *       are {@code FATAL_CONFIGURATION} naming the source bucket and what to check; for an object read, 403 (also
 *       a rejected signature) is {@code ACCESS_DENIED}, as in the S3 source, and NoSuchBucket stays fatal; 404 {@code NOT_FOUND}; 503 and 429 {@code THROTTLED}; 412 and 416 {@code SOURCE_CHANGED};
 *       other 5xx, resets and timeouts {@code TRANSIENT}. The SDK retries a request at most
 *       {@code sdkMaxRetries} times (1 by default); the engine retries whole operations.</li>
 *   <li>Storage class and SSE are reported with OSS's names ({@code Standard}, {@code IA}, {@code Archive},
 *       {@code AES256}, {@code KMS}); mapping them to the destination's vocabulary is the engine's job.</li>
 * </ul>
 *
 * <h2>Signatures</h2>
 * Requests are signed with OSS signature V1 ({@code Authorization: OSS <AccessKeyId>:<signature>}, HMAC-SHA1
 * over the method, Content-MD5, Content-Type, Date, the {@code x-oss-*} headers and the resource), the 3.18.5
 * default. The secret itself is never sent; a signature is valid for one request only (OSS allows 15 minutes of
 * clock skew).
 *
 * <h2>Security: keep the OSS SDK's logger at WARN or quieter</h2>
 * <p>The SDK's {@code com.aliyun.oss.common.comm.ServiceClient} logs every failed request at {@code WARN} under
 * the logger {@code com.aliyun.oss}, with the exception's message, and an {@code OSSException}'s message contains
 * the raw error response. For {@code SignatureDoesNotMatch} OSS puts the signature the client sent and the
 * string it signed (with the {@code x-oss-security-token} of temporary credentials) into that response. This
 * source turns that log off for each of its requests ({@code WebServiceRequest.setLogEnabled(false)}), and never
 * puts an SDK message into its own messages or keeps an {@code OSSException} as a cause. But the SDK also logs a
 * retried request's exception at {@code DEBUG} regardless of that switch, so an application that embeds this
 * source must not run {@code com.aliyun.oss} at {@code DEBUG}; set it to {@code WARN} (or {@code OFF}), e.g. in
 * logback: {@code <logger name="com.aliyun.oss" level="WARN"/>}. Its slow-request warning names the endpoint,
 * key and request id only. Use HTTPS (the default; plain HTTP only with an explicit {@code http://} endpoint,
 * for test servers) so that signatures and tokens are not readable on the network.
 */
package io.github.cosmigrate.source.oss;
