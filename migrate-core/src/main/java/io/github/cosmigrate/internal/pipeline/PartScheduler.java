package io.github.cosmigrate.internal.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Hands out part slots: at most {@code partConcurrency} parts in flight overall and {@code partsPerObject} per
 * upload, oldest upload first, each part's bytes reserved before it is issued. Event-driven: {@link #pump} runs
 * whenever a slot, bytes or a sequential reader frees up. Calls back into the multipart transfer to run a part, to
 * complete an upload whose parts are all stored, and to settle one whose part failed for good.
 */
final class PartScheduler {
  private final int perObject;
  private final ByteBudget budget;
  private final Scheduler sched;
  private final BiConsumer<LargeUpload, PartJob> runPart;
  private final Consumer<LargeUpload> allStored;
  private final Consumer<LargeUpload> failedForGood;
  private final ArrayDeque<LargeUpload> waiting = new ArrayDeque<>();
  private int free;
  private int runningNow;
  private int highWater;

  PartScheduler(int slots, int perObject, ByteBudget budget, Scheduler sched, BiConsumer<LargeUpload, PartJob> runPart,
      Consumer<LargeUpload> allStored, Consumer<LargeUpload> failedForGood) {
    this.free = slots;
    this.perObject = perObject;
    this.budget = budget;
    this.sched = sched;
    this.runPart = runPart;
    this.allStored = allStored;
    this.failedForGood = failedForGood;
  }

  void register(LargeUpload u) {
    boolean complete;
    synchronized (this) {
      complete = u.doneCount == u.partCount();
      if (!complete) {
        waiting.add(u);
      }
    }
    if (complete) {
      sched.step(() -> allStored.accept(u));
    } else {
      pump();
    }
  }

  /** Issues the parts that may start now. */
  void pump() {
    if (sched.stopping()) {
      return;
    }
    List<Runnable> starts = null;
    synchronized (this) {
      Iterator<LargeUpload> it = waiting.iterator();
      boolean noBytes = false;
      while (free > 0 && it.hasNext() && !noBytes) {
        LargeUpload u = it.next();
        if (u.failed) {
          it.remove();
          continue;
        }
        while (free > 0 && u.running < perObject && !(u.sequential && u.reading)) {
          int n = u.nextUnissued();
          if (n < 0) {
            break;
          }
          long reserved = budget.tryAcquire(u.plan.length(n));
          if (reserved < 0) {
            noBytes = true;
            break;
          }
          u.issued[n - 1] = true;
          u.running++;
          u.reading = u.sequential;
          free--;
          runningNow++;
          highWater = Math.max(highWater, runningNow);
          PartJob job = new PartJob(n, reserved);
          if (starts == null) {
            starts = new ArrayList<>();
          }
          starts.add(() -> sched.part(() -> runPart.accept(u, job)));
        }
        if (u.nextUnissued() < 0) {
          it.remove();
        }
      }
    }
    if (starts != null) {
      starts.forEach(Runnable::run);
    }
  }

  /** A sequential read finished: the upload's next part may be read. */
  void readDone(LargeUpload u) {
    synchronized (this) {
      u.reading = false;
    }
    pump();
  }

  /** A part ended: stored ({@code r}), failed for good ({@code e}), or dropped because its upload failed. */
  void ended(LargeUpload u, PartJob job, io.github.cosmigrate.model.PartResult r, Throwable e) {
    boolean complete = false;
    boolean failNow = false;
    synchronized (this) {
      u.running--;
      free++;
      runningNow--;
      if (r != null) {
        u.done[job.partNumber - 1] = r;
        u.doneCount++;
      } else {
        if (!u.failed) {
          u.failed = true;
          u.failure = e == null ? new io.github.cosmigrate.error.MigrateException(
              io.github.cosmigrate.error.ErrorKind.TRANSIENT, "part dropped") : e;
        }
        if (u.sequential) {
          u.reading = false;
        }
      }
      if (u.failed) {
        if (u.running == 0 && !u.settled) {
          u.settled = true;
          failNow = true;
        }
      } else if (u.doneCount == u.partCount() && !u.settled) {
        u.settled = true;
        complete = true;
      }
    }
    budget.release(job.reserved);
    if (complete) {
      sched.step(() -> allStored.accept(u));
    }
    if (failNow) {
      sched.step(() -> failedForGood.accept(u));
    }
    pump();
  }

  synchronized int highWaterRunning() {
    return highWater;
  }
}
