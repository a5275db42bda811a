package io.github.cosmigrate.internal.pipeline;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * Runs one object's steps on the caller's thread, one at a time, in the order they were scheduled; a retry delay
 * is slept by the caller (the only waiting, and it is the caller's own thread). Used by a direct transfer
 * ({@link DirectTransfer}); not thread-safe: one instance per transfer, confined to the calling thread.
 */
final class InlineScheduler implements Scheduler {
  private record Timed(long dueNanos, long seq, Runnable task) {}

  private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
  private final PriorityQueue<Timed> timed = new PriorityQueue<>((a, b) -> a.dueNanos != b.dueNanos
      ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.seq, b.seq));
  private long seq;
  private Throwable fatal;
  private boolean stopping;

  @Override
  public void step(Runnable step) {
    ready.add(step);
  }

  @Override
  public void part(Runnable part) {
    ready.add(part);
  }

  @Override
  public void later(Duration delay, Runnable r) {
    timed.add(new Timed(System.nanoTime() + delay.toNanos(), seq++, r));
  }

  @Override
  public boolean stopping() {
    return stopping;
  }

  @Override
  public void stop(Throwable cause) {
    if (!stopping) {
      stopping = true;
      fatal = cause;
    }
  }

  /** The error that stopped the transfer, or null. */
  Throwable fatal() {
    return fatal;
  }

  /**
   * Runs scheduled work until {@code done} holds, the transfer stops, or nothing is left to run.
   *
   * @throws InterruptedException when the calling thread is interrupted (the transfer then stops)
   */
  void runUntil(BooleanSupplier done) throws InterruptedException {
    while (!done.getAsBoolean() && !stopping) {
      if (Thread.currentThread().isInterrupted()) {
        stopping = true;
        throw new InterruptedException("the transfer was interrupted");
      }
      Runnable next = ready.poll();
      if (next == null) {
        Timed t = timed.poll();
        if (t == null) {
          return;
        }
        long wait = t.dueNanos - System.nanoTime();
        if (wait > 0) {
          try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          } catch (InterruptedException e) {
            stopping = true;
            throw e;
          }
        }
        next = t.task;
      }
      next.run();
    }
  }
}
