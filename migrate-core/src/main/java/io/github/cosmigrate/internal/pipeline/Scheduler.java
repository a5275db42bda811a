package io.github.cosmigrate.internal.pipeline;

import java.time.Duration;

/**
 * Where the steps of one object's transfer run. The engine's {@link PoolScheduler} runs them on its pools inside
 * its request gates; a direct transfer's {@link InlineScheduler} runs them on the caller's thread. The per-object
 * code ({@link SmallTransfer}, {@link MultipartTransfer}) is the same for both: it never waits, it schedules.
 */
interface Scheduler {
  /** Runs a whole-object step (a put, an initiate, a complete) inside an object request slot. */
  void step(Runnable step);

  /** Runs one part upload inside a part request slot. */
  void part(Runnable part);

  /** Runs {@code r} after {@code delay} (a retry); nothing waits meanwhile. */
  void later(Duration delay, Runnable r);

  /** True once the run is stopping: steps then return without doing anything. */
  boolean stopping();

  /** Stops the run with a fatal error ({@code null}: cancelled). Returns at once. */
  void stop(Throwable cause);
}
