/**
 * The Tencent COS sink: {@link io.github.cosmigrate.sink.cos.CosSink}, created from a
 * {@link io.github.cosmigrate.sink.cos.CosSinkConfig} with {@link io.github.cosmigrate.sink.cos.CosSink#create}
 * ({@link io.github.cosmigrate.sink.cos.CosSink#open} for a sink with client-side encryption when configured).
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Threading: a {@code CosSink} is thread-safe; share one per bucket. Calls block; an interrupted thread gets
 *       {@link java.io.InterruptedIOException} with its interrupt flag set.</li>
 *   <li>Lifecycle: {@code create} does no I/O; {@code close()} releases the connection pools and is idempotent.</li>
 *   <li>Transport: every request is built and signed by cos_api; puts and parts are sent on the sink's own
 *       Apache HttpClient 4 ({@link io.github.cosmigrate.sink.cos.CosSinkConfig#directPuts()}), the rest by
 *       cos_api. Bodies are never retried below the engine.</li>
 *   <li>Credentials: the {@link io.github.cosmigrate.sink.cos.CosCredentialsProvider} is asked for every request,
 *       so temporary credentials can be refreshed without a new sink. No message, log line or
 *       {@code toString()} contains a SecretKey, token or signature.</li>
 *   <li>Verification: CRC-64/XZ of the bytes sent, compared with {@code x-cos-hash-crc64ecma} for puts, parts
 *       and completions; missing header means {@code UNVERIFIABLE}, a difference {@code INTEGRITY_MISMATCH}.</li>
 *   <li>Encryption: SSE-COS ({@code sseCos}) or SSE-KMS ({@code sseKms}) headers on every put and initiation
 *       whose metadata names none. Client-side encryption ({@link io.github.cosmigrate.sink.cos.CosSinkConfig#clientEncryption()},
 *       applied by {@link io.github.cosmigrate.sink.cos.CosSink#open}) writes what cos_api's
 *       {@code COSEncryptionClient} writes in {@code AesCtrEncryption} mode with metadata storage: a fresh AES-256
 *       data key and IV per object, wrapped with the {@link io.github.cosmigrate.sink.cos.ClientEncryptionKey}
 *       (AES key: {@code AESWrap}; RSA key pair: {@code RSA/ECB/OAEPWithSHA-256AndMGF1Padding}), the content
 *       AES/CTR; parts are encrypted alone from their offsets (parallel, resumable from the upload id, which carries
 *       the wrapped data key and encrypted IV, never the data key). Verification then covers the ciphertext sent
 *       ({@link io.github.cosmigrate.spi.capability.TransformsContent}); its
 *       {@link io.github.cosmigrate.spi.capability.ObjectReader} reads back decrypted. Key bytes never appear in a
 *       message, log, report, ledger or {@code toString()}.</li>
 *   <li>Edges: empty objects are legal; keys longer than {@code SinkLimits.maxKeyLength()} UTF-8 bytes fail
 *       with {@code INVALID_INPUT} before any request; storage class names are case-insensitive and an unknown
 *       one fails with {@code INVALID_INPUT} listing the valid names.</li>
 * </ul>
 *
 * <h2>Security: silence cos_api's request logger</h2>
 * <p><b>cos_api 5.6.265 logs secrets.</b> Its {@code com.qcloud.cos.http.DefaultCosHttpClient} logs a request that
 * failed with a network error (connection refused, timeout, reset) at {@code ERROR}, with all request headers,
 * including {@code Authorization} (the request signature: access key id and {@code q-signature}) and
 * {@code x-cos-security-token}. cos_api has no switch for this. An application that uses this sink must turn
 * that logger off, e.g. in logback: {@code <logger name="com.qcloud" level="OFF"/>} (the cos-migrate command line
 * does). This sink itself never logs or reports a secret, and it limits the damage a leaked line can do:
 * <ul>
 *   <li>the log of requests that failed with an HTTP error status is disabled
 *       ({@code ClientConfig.setErrorLogStatusCodeThresh}), so only network failures are logged by cos_api;
 *       with {@link io.github.cosmigrate.sink.cos.CosSinkConfig#directPuts()} (the default) puts and parts do not
 *       go through that client at all (they are sent by the sink, which logs nothing), only the body-less
 *       requests do;</li>
 *   <li>signatures are valid for {@code connectTimeout + socketTimeout + 15 minutes} (about 16 minutes with the
 *       defaults; cos_api's default is an hour) ({@code ClientConfig.setSignExpired}); the SecretKey itself is
 *       never sent. A signature covers one method, host and key only.</li>
 * </ul>
 * Use HTTPS (the default; plain HTTP only with an explicit {@code http://} endpoint, for test servers) so that
 * signatures and tokens are not readable on the network.
 */
package io.github.cosmigrate.sink.cos;
