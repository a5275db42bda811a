/**
 * Internals of the COS sink (client construction, endpoint handling, error mapping, CRC-computing body stream).
 * Not API: may change without notice.
 */
package io.github.cosmigrate.sink.cos.internal;
