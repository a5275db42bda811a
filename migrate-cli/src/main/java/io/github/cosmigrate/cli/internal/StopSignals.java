package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.cli.Main;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM during a run: the first asks the run to stop (no new object or part starts; multipart uploads
 * keep their checkpoints) and lets it end normally, so that the ledger is closed, the report written and the
 * summary printed; a second signal, or a stop that takes longer than the grace period, ends the process at once
 * with status {@value Main#ABORTED} (the ledger is crash-safe: a rerun resumes).
 *
 * <p>The handlers are installed once per JVM and dispatch to the innermost scope that is open (a run inside a daemon's
 * scope: the run; between passes: the daemon's); with none open they hand the signal to the JVM's own handler
 * (shutdown hooks, exit 130/143). Where signals cannot be handled (e.g.
 * {@code -Xrs}), nothing is installed and the run's shutdown hook does what it can. Thread-safe.
 */
public final class StopSignals implements AutoCloseable {
  private static final AtomicReference<StopSignals> ACTIVE = new AtomicReference<>();
  private static final AtomicReference<SignalHandler[]> PREVIOUS = new AtomicReference<>();
  private static final String[] NAMES = {"INT", "TERM"};

  private final Runnable stop;
  private final PrintStream err;
  private final Duration grace;
  private final CountDownLatch ended = new CountDownLatch(1);
  private final AtomicReference<String> received = new AtomicReference<>();
  private StopSignals outer;

  private StopSignals(Runnable stop, PrintStream err, Duration grace) {
    this.stop = stop;
    this.err = err;
    this.grace = grace;
  }

  /**
   * Makes SIGINT and SIGTERM call {@code stop} (once) until {@link #close()}, which gives them back to the scope
   * open before (scopes nest; close them in reverse order).
   *
   * @param grace how long the run may take to stop before the process ends anyway
   */
  public static StopSignals install(Runnable stop, PrintStream err, Duration grace) {
    installHandlers();
    StopSignals s = new StopSignals(stop, err, grace);
    s.outer = ACTIVE.getAndSet(s);
    return s;
  }

  /** The signal that stopped the run ({@code SIGINT}, {@code SIGTERM}), if one did. */
  public java.util.Optional<String> received() {
    return java.util.Optional.ofNullable(received.get());
  }

  @Override
  public void close() {
    ended.countDown();
    ACTIVE.compareAndSet(this, outer);
  }

  private static synchronized void installHandlers() {
    if (PREVIOUS.get() != null) {
      return;
    }
    SignalHandler[] previous = new SignalHandler[NAMES.length];
    try {
      for (int i = 0; i < NAMES.length; i++) {
        previous[i] = Signal.handle(new Signal(NAMES[i]), StopSignals::dispatch);
      }
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      // signals are reserved (-Xrs) or unknown here: the shutdown hook stays the only way to stop
    }
    PREVIOUS.set(previous);
  }

  private static void dispatch(Signal sig) {
    StopSignals s = ACTIVE.get();
    if (s != null && s.ended.getCount() > 0) {
      s.handle("SIG" + sig.getName());
      return;
    }
    SignalHandler[] previous = PREVIOUS.get();
    for (int i = 0; i < NAMES.length; i++) {
      if (NAMES[i].equals(sig.getName()) && previous != null && previous[i] != null
          && previous[i] != SignalHandler.SIG_DFL && previous[i] != SignalHandler.SIG_IGN) {
        previous[i].handle(sig);
        return;
      }
    }
    Runtime.getRuntime().exit(128 + sig.getNumber());
  }

  private void handle(String name) {
    if (!received.compareAndSet(null, name)) {
      err.println();
      err.println("cos-migrate: " + name + " again: quitting now; rerun the same command to resume");
      err.flush();
      Runtime.getRuntime().halt(Main.ABORTED);
      return;
    }
    err.println();
    err.println("cos-migrate: " + name + ": stopping: nothing new starts, multipart uploads keep their checkpoints;"
        + " the summary follows (" + (name.equals("SIGINT") ? "Ctrl-C" : name) + " again quits at once)");
    err.flush();
    Thread watchdog = new Thread(() -> {
      try {
        if (!ended.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          err.println("cos-migrate: the run did not stop within " + Sizes.duration(grace) + "; quitting now;"
              + " rerun the same command to resume");
          err.flush();
          Runtime.getRuntime().halt(Main.ABORTED);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "cos-migrate-stop-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    stop.run();
  }
}
