/**
 * Strict in-memory fakes of the SPIs, for engine and plugin tests: {@link
 * io.github.cosmigrate.testkit.fakes.InMemorySource} (with range reads), {@link
 * io.github.cosmigrate.testkit.fakes.InMemorySink}, {@link io.github.cosmigrate.testkit.fakes.InMemoryLedger}, plus
 * {@link io.github.cosmigrate.testkit.fakes.FakeTicker} (virtual time for rate limiters) and {@link
 * io.github.cosmigrate.testkit.fakes.FaultyFileSystem} (permission and missing-file errors where {@code chmod}
 * cannot make them, e.g. as root). {@link io.github.cosmigrate.testkit.fakes.DiscardingSink} and {@link
 * io.github.cosmigrate.testkit.fakes.DiscardingLedger} are the opposite of strict: they keep nothing, for runs that
 * measure the engine alone (bounded-heap and throughput runs).
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Strict.</b> A fake rejects what the real service would: the sink enforces {@link
 *       io.github.cosmigrate.model.SinkLimits} (key length, put size, part size and count, minimum non-last part),
 *       checks ETags and CRC-64 on completion, reads exactly {@code length} bytes (a short body is
 *       {@code SOURCE_CHANGED} and stores nothing) and never closes the caller's stream; unknown uploads and keys
 *       are {@code NOT_FOUND}; null arguments fail at once. Each fake passes the kit of its SPI
 *       ({@link io.github.cosmigrate.testkit}), so code tested against a fake meets the same contract as against
 *       the real plugin.</li>
 *   <li><b>Thread-safe.</b> Every method may be called from any thread, concurrently; faults may be added while
 *       other threads use the fake.</li>
 *   <li><b>Fault plans.</b> {@code InMemorySink.failNext(times, op[, keyMatches], error)} makes the next
 *       {@code times} matching calls throw {@code error} before doing anything (use {@code Integer.MAX_VALUE} for
 *       "always"); {@code InMemorySource.failOpen/failStat/failList(key, times, kind)} do the same with a
 *       {@code MigrateException} of a kind; {@code InMemoryLedger.failNextWrite(error)} fails the next batch
 *       without applying any of it; {@code FaultyFileSystem.denyAccess/makeMissing(path, ops)} fault chosen
 *       operations on a path. After the planned count, calls succeed again.</li>
 *   <li><b>Leak checks for an {@code @AfterEach}.</b> {@code InMemorySource.checkNoOpenStreams()} fails when a
 *       stream was opened and never closed; {@code InMemorySink.checkNoOpenUploads()} fails when a multipart upload
 *       was neither completed nor aborted. {@code InMemorySink.calls(op)} counts calls, failed ones included.</li>
 *   <li><b>Lifecycle.</b> After {@code close()} new calls fail (the ledger with {@link IllegalStateException});
 *       streams opened before a source's close stay readable, as the SPI requires. {@code InMemoryLedger.reopen()}
 *       gives a new ledger over the same contents, as if the process had restarted with a durable store.</li>
 * </ul>
 */
package io.github.cosmigrate.testkit.fakes;
