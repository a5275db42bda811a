package io.github.cosmigrate.internal.pipeline;

import java.util.ArrayDeque;
import java.util.function.IntSupplier;

/**
 * Admits at most {@code limit} tasks at once, without blocking anybody: a task submitted while the gate is full
 * waits in a FIFO and is started by the {@link #release} of a running one. The limit may change at run time
 * (call {@link #drain} after raising it). Every admitted task must call {@link #release} exactly once.
 *
 * <p>Starting a task means running its {@code Runnable} in the caller's thread, so it should only hand work to an
 * executor.
 */
final class Gate {
  private final String name;
  private final IntSupplier limit;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int running;
  private int highWaterQueue;
  private int highWaterRunning;

  Gate(String name, IntSupplier limit) {
    this.name = name;
    this.limit = limit;
  }

  void submit(Runnable start) {
    boolean now;
    synchronized (this) {
      now = running < limit.getAsInt() && waiting.isEmpty();
      if (now) {
        admit();
      } else {
        waiting.add(start);
        highWaterQueue = Math.max(highWaterQueue, waiting.size());
      }
    }
    if (now) {
      start.run();
    }
  }

  void release() {
    synchronized (this) {
      if (running <= 0) {
        throw new IllegalStateException(name + ": release without admission");
      }
      running--;
    }
    drain();
  }

  /** Starts waiting tasks while there is room. */
  void drain() {
    while (true) {
      Runnable next;
      synchronized (this) {
        if (running >= limit.getAsInt() || waiting.isEmpty()) {
          return;
        }
        next = waiting.poll();
        admit();
      }
      next.run();
    }
  }

  synchronized int running() {
    return running;
  }

  synchronized int queued() {
    return waiting.size();
  }

  synchronized int highWaterQueue() {
    return highWaterQueue;
  }

  synchronized int highWaterRunning() {
    return highWaterRunning;
  }

  /** Drops every waiting task (the run is stopping). */
  synchronized void clear() {
    waiting.clear();
  }

  private void admit() {
    running++;
    highWaterRunning = Math.max(highWaterRunning, running);
  }
}
