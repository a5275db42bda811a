package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.api.Migration;
import io.github.cosmigrate.api.MigrationListener;
import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.RateLimiter;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import java.time.Clock;

/**
 * The migration engine. Not API: use {@link io.github.cosmigrate.api.Migrator}.
 *
 * <h2>Threads (all daemon, named {@code cosmigrate-N-*}, all ended when the run ends)</h2>
 * <ul>
 *   <li>{@code lister} (1): lists pages, looks up the page's keys in the ledger in one {@code getAll}, settles
 *       skips and listing failures itself, admits the rest, and at the end waits for the last object, aborts
 *       stale checkpoints and completes the future. The only thread that may block on admission.</li>
 *   <li>{@code object} ({@code concurrency}): whole-object steps: a small object's put + re-stat + ledger
 *       record; a large object's initiate (or resume), complete and abort. A step never waits for another.</li>
 *   <li>{@code part} ({@code partConcurrency}): one part upload each, streamed from {@code openRange} (or from a
 *       buffer read sequentially from one stream when the source has no ranges).</li>
 *   <li>{@code timer} (1): retry delays and progress ticks. Nothing sleeps.</li>
 * </ul>
 * A large object's coordinator is a state machine driven by part completions: no thread waits on its parts.
 *
 * <h2>Bounds</h2>
 * <ul>
 *   <li>objects admitted and not yet terminal: {@code concurrency + maxQueuedObjects} (a semaphore the lister
 *       acquires); this is the only per-object memory, so the heap does not grow with the listing;</li>
 *   <li>bytes in flight: {@code maxBytesInFlight}, reserved before a small object or a part is read;</li>
 *   <li>parts in flight: {@code partConcurrency} overall, {@code partsPerObject} per object, oldest upload
 *       first; open multipart uploads: {@code ceil(partConcurrency / partsPerObject) + 1};</li>
 *   <li>sink requests in flight: an AIMD limit between 1 and {@code concurrency + partConcurrency}, halved on
 *       THROTTLED, raised by one per {@value RequestLimits#AIMD_INCREASE_EVERY} successes, and shared between object
 *       steps and parts in proportion to {@code concurrency : partConcurrency} (each gets at least 1), so neither
 *       kind of work queues behind the other.</li>
 * </ul>
 * Waiting work sits in FIFO {@link Gate}s that start it on the release of a running task; large objects wait
 * for an upload slot without holding up the small objects listed after them.
 *
 * <h2>Ledger writes</h2>
 * One {@code getAll} per listing page (not in {@code NONE} mode); one {@code record} per migrated or failed object
 * (entry + checkpoint removal, atomic); for a multipart upload one {@code putCheckpoint} right after initiate and
 * one {@code putPart} per stored part (none for an object of unknown size, which never resumes). Filter skips from the source and "unchanged" skips write nothing. The
 * listing position is saved up to the low watermark ({@link ListingWatermark}): in the batch of the object that
 * completes the lowest listed page, or alone (at most once per page) when pages complete otherwise.
 *
 * <h2>Listing passes</h2>
 * A pass lists the source from the start to the end. The ledger keeps, per job scope (source and destination
 * identity), the position before which every listed object of the current pass is recorded as terminal and none
 * failed. A run whose previous pass did not finish (it was killed, cancelled, or its listing stopped) continues
 * from that position; a run after a finished pass starts a new one from the start, so keys added anywhere, changed
 * objects and failures are seen again. Failures hold the position back: a rerun lists again from the first page
 * that held one and retries it. A position the source refuses (its mode changed) is dropped and the listing starts
 * from the start; a source whose cursors cannot be resumed ({@code Source.resumableCursors()}) is always listed from
 * the start. What a resumed run reports (listed, skipped, migrated) covers what it listed itself.
 *
 * <h2>Resume</h2>
 * Checkpoints are loaded once at the start. A listed large object with a checkpoint of the same fingerprint, size,
 * destination key and part size resumes: the parts the sink still lists with the same number, size and ETag are
 * kept, the rest are sent. Any other checkpoint of a listed object is aborted and the object sent afresh.
 * Checkpoints of keys the (complete) listing did not offer for transfer are aborted and cleared at the end of a
 * pass (keys before a resumed pass's saved position are all terminal, so they own no upload); those of keys the
 * source listed as failed are kept for the next run.
 *
 * <h2>Objects of unknown size</h2>
 * An object listed with {@link io.github.cosmigrate.model.ObjectInfo#UNKNOWN_SIZE} (an HTTP body sent chunked) takes
 * an upload slot like a large object and is read once, in order, from one stream ({@link StreamedTransfer}): each
 * part's bytes are reserved, read into a buffer and uploaded while the next part is read; when the stream ends
 * within the first part, the object is put whole instead. The CRC-64 of the bytes read is compared with the sink's
 * for the whole object ({@code crc64 end to end}). Its fingerprint is its mtime and ETag (size
 * {@code UNKNOWN_SIZE}), so an unchanged version is skipped by a rerun. It is never resumed mid-way: a failed read
 * aborts the upload and sends the object again from its start (attempts allowing), and a run after a crash aborts
 * the upload its checkpoint names and does the same. Its parts are those of the planned part size, so it may hold
 * at most {@code partSize × maxParts} bytes (then {@code INVALID_INPUT}).
 *
 * <h2>Source changes</h2>
 * After a put (and before completing a multipart upload) the source is stat-ed again; a fingerprint different from
 * the one listed is {@code SOURCE_CHANGED}: the object is retried with the new version (a multipart upload is
 * aborted and restarted) and, after {@code maxAttempts}, failed with the sizes and times that differed.
 *
 * <h2>Probes before the first transfer</h2>
 * After the ledger is read and before the first listing, the engine runs the sink's (and the source's)
 * {@link io.github.cosmigrate.spi.capability.Probe}, found through {@code capability()}: a
 * {@code ConfigurationException} (an endpoint that cannot be reached, a failed TLS handshake, rejected credentials, a
 * missing bucket) fails the completion with it, before any object is admitted; any other failure of the probe is
 * logged at WARN and the run goes on. A source without a probe is probed by its first listing page, whose fatal
 * failures stop the run the same way.
 *
 * <h2>An unreachable sink</h2>
 * Until the sink has answered a request once, {@code max(16, 2 × concurrency)} consecutive sink requests failing
 * with a TRANSIENT connection failure or timeout stop the run: the completion fails with a
 * {@code FATAL_CONFIGURATION} "cannot reach the sink" error instead of every object being retried and failed.
 * Once the sink has answered, a later outage is ordinary retries and failures ({@link ReachabilityGuard}).
 */
public final class Pipeline {
  private Pipeline() {}

  public static Migration start(Source source, Sink sink, Ledger ledger, MigrationOptions options,
      MigrationListener listener, RateLimiter bandwidth, RateLimiter requests, RateLimiter sourceRequests,
      Clock clock) {
    Engine e = new Engine(source, sink, ledger, options, listener, bandwidth, requests, sourceRequests, clock);
    e.start();
    return e;
  }
}
