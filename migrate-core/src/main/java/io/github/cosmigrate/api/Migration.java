package io.github.cosmigrate.api;

import java.util.concurrent.CompletableFuture;

/**
 * A running migration. Obtained from {@link Migrator#start()}.
 *
 * <p>The future completes normally with a report whenever the run could be attempted as a whole, even when
 * objects failed (partial failure is data: {@link MigrationReport#failed()}). It completes exceptionally only
 * when the run could not go on at all (a fatal configuration error such as a missing bucket or bad
 * credentials, a ledger that cannot be opened, a sink that no request has reached: when the first
 * {@code max(16, 2 × concurrency)} sink requests all fail to connect or time out), or with {@link java.util.concurrent.CancellationException}
 * after {@link #cancel()}.
 */
public interface Migration {

  /** Completes when every listed object has reached a terminal state, or the run stopped. */
  CompletableFuture<MigrationReport> completion();

  /**
   * Stops the run: no new object or part is started, transfers in flight are interrupted, multipart uploads
   * stay resumable (their checkpoints are kept). Idempotent; returns at once.
   */
  void cancel();

  /**
   * The counts so far, as a report: once the run completed, the same as its final report; after {@link #cancel()}
   * or a fatal error (once {@link #completion()} has completed), what was settled before the stop, with the listing
   * marked incomplete ("the run was stopped before the end"). Objects in flight at the stop are in none of the
   * counts. Safe from any thread; it copies the counters, so call it once at the end rather than per tick.
   */
  MigrationReport reportSoFar();

  /** An immutable snapshot of the counters now. Cheap; safe from any thread. */
  ProgressSnapshot progress();
}
