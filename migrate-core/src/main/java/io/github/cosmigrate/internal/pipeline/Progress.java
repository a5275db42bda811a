package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.api.MigrationListener;
import io.github.cosmigrate.api.ProgressSnapshot;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a run: the transfer rate (a moving average updated at every tick), the ETA once the listing is
 * complete, and the periodic tick that reports to the listener, logs and flushes the output files. Thread-safe.
 */
final class Progress {
  private static final Logger LOG = LoggerFactory.getLogger("io.github.cosmigrate.pipeline");

  private final Stats stats;
  private final BooleanSupplier listingComplete;
  private final MigrationListener listener;
  private final Supplier<OutputFiles> out;
  private final long startNanos;
  private final Object lock = new Object();
  private long lastBytes;
  private long lastNanos;
  private double rate;

  Progress(Stats stats, BooleanSupplier listingComplete, MigrationListener listener, Supplier<OutputFiles> out) {
    this.stats = stats;
    this.listingComplete = listingComplete;
    this.listener = listener;
    this.out = out;
    this.startNanos = System.nanoTime();
    this.lastNanos = startNanos;
  }

  Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  ProgressSnapshot snapshot() {
    long now = System.nanoTime();
    long transferred = stats.bytesTransferred.sum();
    double r;
    synchronized (lock) {
      r = rate;
      if (r == 0 && now > startNanos) {
        r = transferred / ((now - startNanos) / 1e9);
      }
    }
    boolean complete = listingComplete.getAsBoolean();
    Optional<Duration> eta = Optional.empty();
    if (complete && r > 0) {
      long remaining = Math.max(0, stats.bytesListed.sum() - stats.bytesSettled.sum());
      eta = Optional.of(Duration.ofMillis((long) (remaining / r * 1000)));
    }
    return new ProgressSnapshot(stats.listed.sum(), stats.migrated.sum(), stats.skipped.sum(), stats.failed.sum(),
        stats.bytesListed.sum(), transferred, r, eta, complete, Duration.ofNanos(now - startNanos),
        stats.retries.sum());
  }

  /** One tick: update the rate, report, log, flush. */
  void tick() {
    try {
      long now = System.nanoTime();
      long bytes = stats.bytesTransferred.sum();
      synchronized (lock) {
        double secs = (now - lastNanos) / 1e9;
        if (secs > 0) {
          double recent = (bytes - lastBytes) / secs;
          rate = rate == 0 ? recent : 0.5 * rate + 0.5 * recent;
        }
        lastBytes = bytes;
        lastNanos = now;
      }
      ProgressSnapshot s = snapshot();
      listener.progress(s);
      if (LOG.isInfoEnabled()) {
        LOG.info("progress: {}/{} objects done ({} migrated, {} skipped, {} failed), {} MiB sent, {} MiB/s{}{}",
            s.done(), s.listed(), s.migrated(), s.skipped(), s.failed(), s.bytesTransferred() >> 20,
            String.format("%.1f", s.bytesPerSecond() / (1 << 20)),
            s.listingComplete() ? "" : ", listing", s.eta().map(d -> ", eta " + d.toSeconds() + " s").orElse(""));
      }
      OutputFiles o = out.get();
      if (o != null) {
        o.flush();
      }
    } catch (RuntimeException e) {
      LOG.warn("progress report failed: {}", e.toString());
    }
  }
}
