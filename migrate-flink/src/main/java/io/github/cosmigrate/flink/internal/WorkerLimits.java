package io.github.cosmigrate.flink.internal;

import io.github.cosmigrate.internal.retry.AimdLimiter;
import io.github.cosmigrate.spi.RateLimiter;

/**
 * One transfer worker's share of the job's limits, and how it backs off when COS throttles: objects in flight are
 * held to the core's AIMD limit ({@link AimdLimiter}: halved on every THROTTLED answer the worker's sink gets, one
 * more after every {@value #INCREASE_EVERY} successful sink requests, never above the worker's share of the job's
 * concurrency), and the worker's share of the job's request rate, when there is one, follows the same proportion.
 * So each worker slows down on its own, from what its own requests meet, without any coordination between workers.
 * Thread-safe.
 */
public final class WorkerLimits {
  /** Successful sink requests per +1 of the limit (the core engine's own pace). */
  static final int INCREASE_EVERY = 8;

  private final AimdLimiter objects;
  private final RateLimiter requests;
  private final double requestShare;
  private int running;

  /**
   * @param concurrency this worker's share of the job's objects in flight (the AIMD ceiling)
   * @param requests this worker's request-rate limiter (one permit per sink request), or an unlimited one
   * @param requestShare this worker's share of the job's requests per second, or 0 for none
   */
  public WorkerLimits(int concurrency, RateLimiter requests, double requestShare) {
    this.objects = new AimdLimiter(concurrency, INCREASE_EVERY);
    this.requests = requests;
    this.requestShare = requestShare;
  }

  /** Waits until one more object may be in flight, and counts it. */
  public void acquire() throws InterruptedException {
    synchronized (this) {
      while (running >= objects.limit()) {
        wait();
      }
      running++;
    }
  }

  /** An object left flight. */
  public synchronized void release() {
    running--;
    notifyAll();
  }

  /** The worker's sink got a THROTTLED answer (SlowDown, 503): halve the share. */
  public void throttled() {
    adjustRate(objects.onThrottled());
  }

  /** A sink request succeeded: the share may grow back. */
  public void succeeded() {
    if (objects.onSuccess()) {
      adjustRate(objects.limit());
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /** The objects in flight allowed now. */
  public int limit() {
    return objects.limit();
  }

  /** The fewest objects in flight this worker has backed off to so far (its ceiling when never throttled). */
  public int lowest() {
    return objects.lowest();
  }

  private void adjustRate(int limit) {
    if (requestShare > 0) {
      requests.setRate(requestShare * limit / objects.ceiling());
    }
  }
}
