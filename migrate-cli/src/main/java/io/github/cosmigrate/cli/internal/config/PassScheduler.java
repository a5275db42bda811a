package io.github.cosmigrate.cli.internal.config;

import io.github.cosmigrate.cli.Main;
import io.github.cosmigrate.cli.internal.UsageException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * Runs migration passes on a schedule: only inside the execution windows, and in daemon mode again and again with
 * a pause between passes. A pass still running when its window closes is stopped (nothing new starts; multipart
 * uploads keep their checkpoints) and resumed when the next window opens. Time comes from the injected
 * {@link Clock} and all waiting goes through the injected {@link Waits}, so tests need no real waiting.
 */
public final class PassScheduler {

  /** Waiting, and acting at an instant of the scheduler's clock. */
  public interface Waits {
    /** Blocks until the clock reads {@code t} (returns at once when it is past). */
    void sleepUntil(Instant t) throws InterruptedException;

    /** Runs {@code action} once when the clock reaches {@code t}; closing the handle cancels it. */
    AutoCloseable at(Instant t, Runnable action);
  }

  /** One pass. */
  public interface Pass {
    /**
     * Runs one pass, stopping it at {@code deadline} (when the window closes) through {@code waits}.
     *
     * @return the pass's exit status, and whether the deadline stopped it
     */
    Result run(Optional<Instant> deadline) throws UsageException;
  }

  /**
   * What a pass ended with.
   *
   * @param status the exit status of the pass
   * @param stoppedByWindow the window's end stopped it before it finished
   * @param stoppedBySignal SIGINT or SIGTERM stopped it: no pass follows
   */
  public record Result(int status, boolean stoppedByWindow, boolean stoppedBySignal) {

    /** A pass no signal stopped. */
    public Result(int status, boolean stoppedByWindow) {
      this(status, stoppedByWindow, false);
    }
  }

  private final Clock clock;
  private final Waits waits;
  private final Translated.Schedule schedule;
  private final PrintStream err;

  public PassScheduler(Clock clock, Waits waits, Translated.Schedule schedule, PrintStream err) {
    this.clock = clock;
    this.waits = waits;
    this.schedule = schedule;
    this.err = err;
  }

  /**
   * Runs passes until one completes (daemon mode: until {@code maxPasses} have completed; pass
   * {@link Integer#MAX_VALUE} to run for ever); returns the last completed pass's status. A configuration error
   * stops at once.
   */
  public int run(Pass pass, int maxPasses) throws UsageException, InterruptedException {
    int completed = 0;
    TimeWindows windows = schedule.windows();
    while (true) {
      LocalDateTime now = LocalDateTime.now(clock);
      if (!windows.isOpen(now)) {
        LocalDateTime open = windows.nextOpen(now);
        err.println("cos-migrate: outside the execution window (" + windows + "); the run starts at " + open);
        waits.sleepUntil(instant(open));
        continue;
      }
      Optional<LocalDateTime> closes = windows.closesAt(now);
      Result r = pass.run(closes.map(this::instant));
      if (r.status() == Main.CONFIG || r.stoppedBySignal()) {
        return r.status();
      }
      if (r.stoppedByWindow()) {
        LocalDateTime end = closes.orElseThrow();
        LocalDateTime next = windows.nextOpen(LocalDateTime.now(clock).isBefore(end) ? end : LocalDateTime.now(clock));
        err.println("cos-migrate: the execution window closed at " + end + ": nothing new was started, parts in"
            + " flight were stopped and multipart uploads keep their checkpoints; the run resumes at " + next);
        waits.sleepUntil(instant(next));
        continue;
      }
      completed++;
      if (!schedule.daemon() || completed >= maxPasses) {
        return r.status();
      }
      Instant next = clock.instant().plus(schedule.interval());
      err.println("cos-migrate: daemon mode: pass " + completed + " ended with status " + r.status()
          + "; the next pass starts at " + LocalDateTime.ofInstant(next, clock.getZone()));
      waits.sleepUntil(next);
    }
  }

  private Instant instant(LocalDateTime t) {
    return t.atZone(clock.getZone()).toInstant();
  }

  /** Real waiting on {@code clock} (the system clock in production). */
  public static Waits realWaits(Clock clock) {
    return new Waits() {
      @Override
      public void sleepUntil(Instant t) throws InterruptedException {
        long ms;
        while ((ms = java.time.Duration.between(clock.instant(), t).toMillis()) > 0) {
          Thread.sleep(Math.min(ms, 60_000));
        }
      }

      @Override
      public AutoCloseable at(Instant t, Runnable action) {
        java.util.concurrent.ScheduledExecutorService ex = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(r -> {
              Thread th = new Thread(r, "cos-migrate-window");
              th.setDaemon(true);
              return th;
            });
        ex.schedule(action, Math.max(0, java.time.Duration.between(clock.instant(), t).toMillis()),
            java.util.concurrent.TimeUnit.MILLISECONDS);
        return ex::shutdownNow;
      }
    };
  }
}
