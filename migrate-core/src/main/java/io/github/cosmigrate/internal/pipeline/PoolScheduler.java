package io.github.cosmigrate.internal.pipeline;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The engine's scheduling: the object pool behind the object request gate, the part pool behind the part request
 * gate, and the timer for retries and ticks. Gates hold waiting work in FIFOs and start it when a running task
 * releases its slot (see {@link Gate}); their limits are the shares of the request limits ({@link RequestLimits}).
 */
final class PoolScheduler implements Scheduler {
  private final ThreadPoolExecutor objectPool;
  private final ThreadPoolExecutor partPool;
  private final ScheduledThreadPoolExecutor timer;
  final Gate requestGate;
  final Gate partGate;
  private final Consumer<Throwable> stop;
  private volatile boolean stopping;

  PoolScheduler(String name, int concurrency, int partConcurrency, RequestLimits limits, Consumer<Throwable> stop) {
    this.objectPool = pool(name + "-object-", concurrency);
    this.partPool = pool(name + "-part-", partConcurrency);
    this.timer = new ScheduledThreadPoolExecutor(1, daemon(name + "-timer-"));
    this.timer.setRemoveOnCancelPolicy(true);
    this.requestGate = new Gate("object requests", limits::objectShare);
    this.partGate = new Gate("part requests", limits::partShare);
    this.stop = stop;
  }

  private static ThreadPoolExecutor pool(String prefix, int threads) {
    ThreadPoolExecutor p = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        daemon(prefix));
    p.allowCoreThreadTimeOut(true);
    return p;
  }

  static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void step(Runnable step) {
    requestGate.submit(() -> execute(objectPool, () -> {
      try {
        step.run();
      } finally {
        requestGate.release();
      }
    }));
  }

  @Override
  public void part(Runnable part) {
    partGate.submit(() -> execute(partPool, () -> {
      try {
        part.run();
      } finally {
        partGate.release();
      }
    }));
  }

  @Override
  public void later(Duration d, Runnable r) {
    try {
      timer.schedule(r, d.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      if (!stopping) {
        throw e;
      }
    }
  }

  /** Repeats {@code r} every {@code millis}. */
  void every(long millis, Runnable r) {
    timer.scheduleAtFixedRate(r, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Blocks the calling thread (the lister, never a pool thread) for {@code d}, on the timer. */
  void sleep(Duration d) throws InterruptedException {
    CompletableFuture<Void> f = new CompletableFuture<>();
    try {
      timer.schedule(() -> f.complete(null), d.toNanos(), TimeUnit.NANOSECONDS);
      f.get();
    } catch (RejectedExecutionException | ExecutionException e) {
      throw new InterruptedException();
    }
  }

  @Override
  public boolean stopping() {
    return stopping;
  }

  @Override
  public void stop(Throwable cause) {
    stop.accept(cause);
  }

  /** The run stops: waiting work is dropped and running work interrupted. */
  void halt() {
    stopping = true;
    requestGate.clear();
    partGate.clear();
    objectPool.shutdownNow();
    partPool.shutdownNow();
    timer.shutdownNow();
  }

  /** Ends the pools ({@code now}: interrupting what runs) and waits for their threads. */
  void shutdownAndWait(boolean now) throws InterruptedException {
    if (now) {
      objectPool.shutdownNow();
      partPool.shutdownNow();
    } else {
      objectPool.shutdown();
      partPool.shutdown();
    }
    timer.shutdownNow();
    objectPool.awaitTermination(1, TimeUnit.DAYS);
    partPool.awaitTermination(1, TimeUnit.DAYS);
    timer.awaitTermination(1, TimeUnit.DAYS);
  }

  private void execute(ThreadPoolExecutor pool, Runnable r) {
    try {
      pool.execute(r);
    } catch (RejectedExecutionException e) {
      if (!stopping) {
        throw e;
      }
    }
  }
}
