/**
 * Internals of the COS sink (client construction, endpoint handling, error mapping, CRC-computing body stream,
 * the CRC-64 checks of what was written, the paged listings of parts and uploads).
 * Not API: may change without notice.
 */
package io.github.cosmigrate.sink.cos.internal;
