/**
 * Internals of the COS source (listing, reads, response bodies, error mapping). Not API: may change without
 * notice. The client itself, the credentials and the base error mapping are the COS sink's
 * ({@code io.github.cosmigrate.sink.cos.internal}), so both sides talk to COS the same way.
 */
package io.github.cosmigrate.source.cos.internal;
