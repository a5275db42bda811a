package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.api.ProgressSnapshot;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Prints a migration's progress on a daemon thread: either one line refreshed in place (a terminal; {@code \r})
 * or one line per interval (a log or a pipe; see {@link Terminal} for which). A line shows the objects done of
 * those listed (by state), the retries, the bytes sent of those listed, the rate and the ETA. Polls
 * {@code Migration.progress()}, which is cheap; never prints per
 * object. Close it to stop; {@link #close()} ends a refreshed line with a newline.
 */
public final class ProgressPrinter implements AutoCloseable {
  private final Supplier<ProgressSnapshot> progress;
  private final PrintStream out;
  private final boolean refreshInPlace;
  private final ScheduledExecutorService timer;
  private int lastWidth;
  private boolean printedAny;

  private ProgressPrinter(Supplier<ProgressSnapshot> progress, PrintStream out, boolean refreshInPlace,
      Duration interval) {
    this.progress = progress;
    this.out = out;
    this.refreshInPlace = refreshInPlace;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "cos-migrate-progress");
      t.setDaemon(true);
      return t;
    });
    long ms = Math.max(100, interval.toMillis());
    timer.scheduleAtFixedRate(this::printSafely, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** Starts printing every {@code interval}. */
  public static ProgressPrinter start(Supplier<ProgressSnapshot> progress, PrintStream out, boolean refreshInPlace,
      Duration interval) {
    return new ProgressPrinter(progress, out, refreshInPlace, interval);
  }

  private void printSafely() {
    try {
      print(progress.get());
    } catch (RuntimeException e) {
      // progress is best effort; the run's outcome is reported elsewhere
    }
  }

  private synchronized void print(ProgressSnapshot p) {
    String line = format(p);
    if (refreshInPlace) {
      StringBuilder sb = new StringBuilder("\r").append(line);
      for (int i = line.length(); i < lastWidth; i++) {
        sb.append(' ');
      }
      lastWidth = line.length();
      out.print(sb);
    } else {
      out.println(line);
    }
    out.flush();
    printedAny = true;
  }

  /**
   * Runs {@code print}, which prints whole lines to the same stream, with the refreshed line cleared first (the
   * next tick draws it again below), so that its lines never mix with the progress line.
   */
  public synchronized void above(Runnable print) {
    if (refreshInPlace && lastWidth > 0) {
      out.print("\r" + " ".repeat(lastWidth) + "\r");
      lastWidth = 0;
    }
    print.run();
    out.flush();
  }

  /** One progress line. */
  public static String format(ProgressSnapshot p) {
    StringBuilder sb = new StringBuilder();
    sb.append('[').append(Sizes.duration(p.elapsed())).append("] ");
    sb.append(Sizes.count(p.done())).append('/').append(Sizes.count(p.listed()));
    if (!p.listingComplete()) {
      sb.append('+');
    }
    sb.append(" objects (");
    sb.append(Sizes.count(p.migrated())).append(" migrated, ");
    sb.append(Sizes.count(p.skipped())).append(" skipped, ");
    sb.append(Sizes.count(p.failed())).append(" failed, ");
    sb.append(Sizes.count(p.retries())).append(p.retries() == 1 ? " retry) | " : " retries) | ");
    sb.append(Sizes.bytes(p.bytesTransferred())).append(" of ").append(Sizes.bytes(p.bytesListed()));
    if (!p.listingComplete()) {
      sb.append('+');
    }
    sb.append(" | ").append(Sizes.rate(p.bytesPerSecond()));
    sb.append(" | ETA ").append(p.eta().map(Sizes::duration).orElse(p.listingComplete() ? "-" : "listing"));
    return sb.toString();
  }

  /** Prints a final line and stops. */
  public synchronized void finish(ProgressSnapshot last) {
    timer.shutdownNow();
    print(last);
    if (refreshInPlace) {
      out.println();
    }
  }

  @Override
  public synchronized void close() {
    timer.shutdownNow();
    if (refreshInPlace && printedAny) {
      out.println();
      printedAny = false;
    }
  }
}
