/**
 * The Tencent COS sink: {@link io.github.cosmigrate.sink.cos.CosSink}, created from a
 * {@link io.github.cosmigrate.sink.cos.CosSinkConfig} with {@link io.github.cosmigrate.sink.cos.CosSink#create}.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Threading: a {@code CosSink} is thread-safe; share one per bucket. Calls block; an interrupted thread gets
 *       {@link java.io.InterruptedIOException} with its interrupt flag set.</li>
 *   <li>Lifecycle: {@code create} does no I/O; {@code close()} releases the connection pool and is idempotent.</li>
 *   <li>Credentials: the {@link io.github.cosmigrate.sink.cos.CosCredentialsProvider} is asked for every request,
 *       so temporary credentials can be refreshed without a new sink. No message, log line or
 *       {@code toString()} contains a SecretKey, token or signature.</li>
 *   <li>Verification: CRC-64/XZ of the bytes sent, compared with {@code x-cos-hash-crc64ecma} for puts, parts
 *       and completions; missing header means {@code UNVERIFIABLE}, a difference {@code INTEGRITY_MISMATCH}.</li>
 *   <li>Edges: empty objects are legal; keys longer than {@code SinkLimits.maxKeyLength()} UTF-8 bytes fail
 *       with {@code INVALID_INPUT} before any request; storage class names are case-insensitive and an unknown
 *       one fails with {@code INVALID_INPUT} listing the valid names.</li>
 * </ul>
 */
package io.github.cosmigrate.sink.cos;
