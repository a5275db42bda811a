/**
 * Conformance kits: abstract JUnit 5 classes that every plugin passes by extending them in its own test sources.
 * The in-memory fakes ({@link io.github.cosmigrate.testkit.fakes}) pass the same kits, so fakes and real plugins
 * cannot drift apart; the in-process servers of {@code migrate-server} ({@link io.github.cosmigrate.server}, a
 * dependency of this module, so a kit's user has them too) give real protocol endpoints to run them against.
 *
 * <h2>How to use a kit</h2>
 * Extend the kit with a short class in the plugin's {@code src/test/java}, implement its abstract factory hooks
 * and override the capability hooks that differ from the defaults. JUnit runs every inherited {@code @Test}.
 * <ul>
 *   <li>{@link io.github.cosmigrate.testkit.AbstractSinkContractTest}: implement {@code createSink()} (a fresh
 *       sink per test) and {@code readBack(key)} (the stored bytes, read past the sink, e.g. with the backend's
 *       own client). Asserts: put then stat round-trips size, ETag, CRC-64 and metadata; empty objects, directory
 *       marker keys, overwrites; the body stream is read for exactly {@code length} bytes and left open; a key of
 *       the maximum length works and a longer one fails with {@code INVALID_INPUT} naming it; multipart with parts
 *       out of order and concurrent, idempotent per part number, a too-small non-last part rejected, abort
 *       (twice), upload listing by prefix; delete (also of a missing key); stable {@code describe()} and
 *       {@code limits()}. Every test works under a fresh random key prefix, so one backend may serve all tests,
 *       and the uploads a test started are aborted after it.</li>
 *   <li>{@link io.github.cosmigrate.testkit.AbstractSourceContractTest}: implement
 *       {@code createSource(objects)}, {@code reopenSource()} (a new instance over the same content) and
 *       {@code supportsRangeReads()}; configure a page size of at most 10. Asserts: complete, duplicate-free,
 *       stable listings across pages; an empty source; resuming from every cursor, also in a new instance; stat
 *       (size, modification time, agreement with the listing) and {@code NOT_FOUND}; exact bytes for open, empty
 *       objects and odd keys; concurrent opens; streams opened before {@code close()} stay readable; range reads
 *       (exact bytes, a range past the end is {@code SOURCE_CHANGED}, concurrent ranges).</li>
 *   <li>{@link io.github.cosmigrate.testkit.AbstractLedgerContractTest}: implement {@code openLedger(dir)}.
 *       Asserts: every field round-trips; get/getAll/delete; batches are atomic and later ops in a batch win;
 *       parts are assembled sorted, parts of a stale upload id are ignored, {@code putCheckpoint} replaces parts,
 *       {@code record} writes the entry and clears the checkpoint; cursors per scope; {@code forEachEntry} in
 *       Unicode code point order, a visitor's exception propagates; close is idempotent and later calls throw
 *       {@link java.lang.IllegalStateException}; everything survives close and reopen; concurrent writers.
 *       A store that cannot reopen returns false from {@code reopenSupported()} (fakes only).</li>
 *   <li>{@link io.github.cosmigrate.testkit.AbstractRateLimiterContractTest}: implement
 *       {@code createLimiter(rate, ticker)} on a {@link io.github.cosmigrate.testkit.fakes.FakeTicker}; every
 *       assertion is on virtual time (no sleeping, no timing flakiness): first acquire immediate, pay-later debt,
 *       at most one second of banked burst, {@code tryAcquire} takes nothing when it would wait too long,
 *       interrupts, {@code setRate}, permits beyond {@code Integer.MAX_VALUE}.</li>
 * </ul>
 *
 * <h2>Capability claims are checked both ways</h2>
 * The sink hooks {@code storesUserMetadata()}, {@code storesStandardHeaders()}, {@code storesStorageClass()},
 * {@code storesServerSideEncryption()}, {@code reportsCrc64()} and the source hook {@code supportsRangeReads()}
 * declare what the backend can do. A declared ability must really work (the round trip is asserted); an
 * undeclared one must really be absent (the value must not come back, the result must be {@code UNVERIFIABLE},
 * the {@code RangeReader} capability must not be implemented), so a declaration cannot silently go stale when the
 * backend changes: update the hook instead. There are no throwing stubs for absent capabilities. (The source
 * hook {@code reportsModificationTime()} is checked one way only: when declared, every stat has a time.)
 *
 * <h2>Threads and time</h2>
 * Kits create what they test per test method and close it afterwards ({@code afterEachTest}/{@code checkAfterTest}
 * hooks run extra checks such as a fake's {@code checkNoOpen*}). The sink kit has a 120 s per-test hang guard;
 * no kit asserts on wall-clock time.
 */
package io.github.cosmigrate.testkit;
