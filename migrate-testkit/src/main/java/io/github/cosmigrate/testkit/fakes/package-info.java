/**
 * Strict in-memory fakes of the SPIs, for engine and plugin tests. Fakes are thread-safe, validate their inputs
 * the way the real service would (limits, part sizes, unknown uploads) and offer checks for an
 * {@code @AfterEach} (for example {@link io.github.cosmigrate.testkit.fakes.InMemorySink#checkNoOpenUploads()}).
 * Fault injection makes the next matching calls throw a chosen exception.
 */
package io.github.cosmigrate.testkit.fakes;
