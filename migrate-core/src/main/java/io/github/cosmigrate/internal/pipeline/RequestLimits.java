package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.internal.retry.AimdLimiter;
import io.github.cosmigrate.spi.RateLimiter;

/**
 * The request limits of a run, one pair for each side:
 * <ul>
 *   <li>the sink's: the user's sink {@link RateLimiter} (one permit per sink request) and an AIMD concurrency limit
 *       halved by a THROTTLED the <em>sink</em> threw and raised by sink successes;</li>
 *   <li>the source's: the user's source {@link RateLimiter} (one permit per list, stat, open or range open) and an
 *       AIMD concurrency limit halved by a THROTTLED the <em>source</em> threw ({@link SourceGuard} tells them
 *       apart where they are thrown) and raised by source successes.</li>
 * </ul>
 * Every step and part makes requests to both sides, so the number of steps (and of parts) running at once is
 * bounded by the lower of the two limits, shared between object steps and parts in proportion to
 * {@code concurrency : partConcurrency}. A throttled source therefore runs fewer transfers without lowering the
 * sink's limit, and each limit recovers with its own side's successes. Thread-safe.
 */
final class RequestLimits {
  /** Successes per +1 of an AIMD limit. */
  static final int AIMD_INCREASE_EVERY = 8;

  private final RateLimiter sinkRate;
  private final RateLimiter sourceRate;
  private final AimdLimiter sink;
  private final AimdLimiter source;
  private final int objects;
  private final int parts;
  private volatile Runnable onRaise = () -> {};

  RequestLimits(int concurrency, int partConcurrency, RateLimiter sinkRate, RateLimiter sourceRate) {
    this.sinkRate = sinkRate;
    this.sourceRate = sourceRate;
    this.sink = new AimdLimiter(concurrency + partConcurrency, AIMD_INCREASE_EVERY);
    this.source = new AimdLimiter(concurrency + partConcurrency, AIMD_INCREASE_EVERY);
    this.objects = concurrency;
    this.parts = partConcurrency;
  }

  /** Called when a limit rose (the gates then start what waits). */
  void onRaise(Runnable r) {
    onRaise = r;
  }

  /** {@code limit * part / whole}, rounded up, at least 1. */
  static int share(int limit, int part, int whole) {
    return Math.max(1, (int) (((long) limit * part + whole - 1) / whole));
  }

  private int limit() {
    return Math.min(sink.limit(), source.limit());
  }

  /** Object steps that may run at once. */
  int objectShare() {
    return share(limit(), objects, objects + parts);
  }

  /** Parts that may run at once. */
  int partShare() {
    return share(limit(), parts, objects + parts);
  }

  /** Pays for one sink request (blocks in the user's limiter, if any). */
  void sinkRequest() throws InterruptedException {
    sinkRate.acquire(1);
  }

  /** Pays for one source request. */
  void sourceRequest() throws InterruptedException {
    sourceRate.acquire(1);
  }

  void sinkSuccess() {
    if (sink.onSuccess()) {
      onRaise.run();
    }
  }

  void sourceSuccess() {
    if (source.onSuccess()) {
      onRaise.run();
    }
  }

  /** The source said THROTTLED (called by {@link SourceGuard} where it was thrown). */
  void sourceThrottled() {
    source.onThrottled();
  }

  /**
   * A step or part failed with {@code e}: a THROTTLED that did not come from the source lowers the sink's limit
   * (the source's throttles were counted where they were thrown).
   */
  void failed(Throwable e) {
    if (MigrateException.kindOf(e) == ErrorKind.THROTTLED && !SourceGuard.fromSource(e)) {
      sink.onThrottled();
    }
  }

  AimdLimiter sink() {
    return sink;
  }

  AimdLimiter source() {
    return source;
  }
}
