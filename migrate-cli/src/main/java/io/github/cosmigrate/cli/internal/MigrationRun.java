package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.api.FailedObject;
import io.github.cosmigrate.api.Migration;
import io.github.cosmigrate.api.MigrationListener;
import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.Migrator;
import io.github.cosmigrate.api.RateLimiters;
import io.github.cosmigrate.cli.Main;
import io.github.cosmigrate.error.ConfigurationException;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One run of a migration into COS as the CLI does it: opens the source, sink and ledger, starts the engine,
 * prints progress, waits, closes everything (also on Ctrl-C), and turns the outcome into an exit status.
 */
public final class MigrationRun {
  private MigrationRun() {}

  /**
   * What happened.
   *
   * @param report the engine's report, when the run could be attempted as a whole; for a run stopped by a signal,
   *     the counts settled before the stop
   * @param failedByKind failures counted by error kind
   * @param failuresFile the failures file, when one was written
   * @param status the exit status
   * @param reason a one-line reason for a non-zero status
   * @param header what the summary in the original tool's layout needs beyond the report; without it the short
   *     summary is printed
   * @param stopped whether a signal stopped the run
   */
  public record Outcome(Optional<MigrationReport> report, Map<ErrorKind, Long> failedByKind,
      Optional<Path> failuresFile, int status, Optional<String> reason, Optional<RunSummary.Header> header,
      boolean stopped) {

    /** An outcome printed with the short summary. */
    public Outcome(Optional<MigrationReport> report, Map<ErrorKind, Long> failedByKind, Optional<Path> failuresFile,
        int status, Optional<String> reason) {
      this(report, failedByKind, failuresFile, status, reason, Optional.empty(), false);
    }

    Outcome with(RunSummary.Header h) {
      return new Outcome(report, failedByKind, failuresFile, status, reason, Optional.of(h), stopped);
    }

    /** Prints the summary (stdout) and the one-line reason (stderr); returns the exit status. */
    public int printAndStatus(PrintStream out, PrintStream err) {
      report.ifPresent(r -> out.print(header.isPresent()
          ? RunSummary.format(header.get(), r, stopped, java.time.ZoneId.systemDefault()) : summary(r)));
      if (report.isPresent() && !report.get().failures().isEmpty()) {
        int shown = 0;
        for (FailedObject f : report.get().failures()) {
          if (shown++ == 10) {
            err.println("  ... (" + (report.get().failed() - 10) + " more"
                + failuresFile.map(p -> "; all in " + p).orElse("") + ")");
            break;
          }
          err.println("  failed: " + f.key() + ": " + f.kind() + " " + f.reason());
        }
      }
      reason.ifPresent(r -> err.println("cos-migrate: " + r));
      report.flatMap(MigrationRun::unverifiableWarning).ifPresent(err::println);
      return status;
    }
  }

  /** See {@link RunSummary#unverifiableWarning}. */
  public static Optional<String> unverifiableWarning(MigrationReport r) {
    return RunSummary.unverifiableWarning(r);
  }

  /** See {@link RunSummary#brief}. */
  public static String summary(MigrationReport r) {
    return RunSummary.brief(r);
  }

  /**
   * Runs the migration the job describes.
   *
   * @param progressOut where progress lines go (stderr)
   * @param interval how often progress is printed
   * @param refreshInPlace one line refreshed in place (a terminal) instead of a line per interval
   * @param quiet no progress at all
   */
  public static Outcome run(MigrationJob s, PrintStream progressOut, Duration interval,
      boolean refreshInPlace, boolean quiet) throws UsageException {
    return run(s, progressOut, interval, refreshInPlace, quiet, Optional.empty());
  }

  /**
   * Runs the migration the job describes, printing {@code warning} (one line, e.g. about plain HTTP) once to
   * {@code progressOut} when the run gets past its start-up checks: at its first object event, else at its end,
   * never when the run stops with a configuration error (whose one line is then all that is printed).
   */
  public static Outcome run(MigrationJob s, PrintStream progressOut, Duration interval,
      boolean refreshInPlace, boolean quiet, Optional<String> warning) throws UsageException {
    return run(s, progressOut, interval, refreshInPlace, quiet, warning, m -> { });
  }

  /**
   * As {@link #run(MigrationJob, PrintStream, Duration, boolean, boolean, Optional)}, handing the started migration
   * to {@code started} (e.g. to cancel it at the end of an execution window).
   */
  public static Outcome run(MigrationJob s, PrintStream progressOut, Duration interval, boolean refreshInPlace,
      boolean quiet, Optional<String> warning, java.util.function.Consumer<Migration> started)
      throws UsageException {
    java.util.concurrent.atomic.AtomicBoolean warned = new java.util.concurrent.atomic.AtomicBoolean(
        warning.isEmpty());
    Runnable warnOnce = () -> {
      if (warned.compareAndSet(false, true)) {
        progressOut.println(warning.get());
      }
    };
    java.time.Instant start = java.time.Instant.now();
    Outcome o = run(s, progressOut, interval, refreshInPlace, quiet, warnOnce, started);
    if (o.report().isPresent()) {
      o = o.with(new RunSummary.Header(s.target().bucket(), s.source().type(), start, java.time.Instant.now()));
    }
    if (o.status() != Main.CONFIG) {
      warnOnce.run();
    }
    return o;
  }

  private static Outcome run(MigrationJob s, PrintStream progressOut, Duration interval,
      boolean refreshInPlace, boolean quiet, Runnable firstEvent, java.util.function.Consumer<Migration> onStart)
      throws UsageException {
    java.util.concurrent.atomic.AtomicReference<ProgressPrinter> shown =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
    Runnable started = () -> { // what it prints goes on a line of its own, never onto the refreshed progress line
      if (once.get() || !once.compareAndSet(false, true)) {
        return;
      }
      ProgressPrinter p = shown.get();
      if (p == null) {
        firstEvent.run();
      } else {
        p.above(firstEvent);
      }
    };
    JobIdentity identity = s.identity();
    MigrationOptions options = s.options();
    // the failures file defaults to the ledger's folder, which is created once the source and the sink are open:
    // a run that a bad flag stops before that leaves no empty ledger folder behind
    Path defaultFailures = s.ledgerDir().resolve("failures-" + identity.id() + ".jsonl");
    boolean failuresInLedger = options.failuresFile().isEmpty();
    if (failuresInLedger) {
      options = options.toBuilder().failuresFile(defaultFailures).build();
    }
    Path failuresFile = options.failuresFile().get();
    Map<ErrorKind, LongAdder> byKind = new ConcurrentHashMap<>();
    MigrationListener counter = new MigrationListener() {
      @Override
      public void objectStarted(String key, long size) {
        started.run();
      }

      @Override
      public void objectSkipped(String key, String reason) {
        started.run();
      }

      @Override
      public void objectFailed(String key, ErrorKind kind, String reason) {
        started.run();
        byKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
      }
    };
    Source source = null;
    Sink sink = null;
    Ledger ledger = null;
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook = null;
    StopSignals signals = null;
    try {
      source = Plugins.source(s.source());
      sink = Plugins.cosSink(s.target(), options.concurrency() + options.partConcurrency());
      try {
        io.github.cosmigrate.ledger.rocksdb.RocksDbLedger.createDirectories(s.ledgerDir());
        if (failuresInLedger) {
          Files.deleteIfExists(defaultFailures);
        }
        ledger = Plugins.ledger(s.ledgerDir(), identity);
      } catch (IOException e) {
        throw new UsageException("--ledger " + s.ledgerDir() + ": " + e.getMessage());
      }
      Migrator.Builder mb = Migrator.builder().source(source).sink(sink).ledger(ledger).options(options)
          .listener(counter);
      if (s.bandwidth().isPresent()) {
        mb.bandwidthLimiter(RateLimiters.bytesPerSecond(s.bandwidth().get()));
      }
      if (s.requestsPerSecond().isPresent()) {
        mb.requestLimiter(RateLimiters.perSecond(s.requestsPerSecond().get()));
      }
      Migration migration = mb.build().start();
      onStart.accept(migration);
      hook = new Thread(() -> {
        migration.cancel();
        try {
          closed.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "cos-migrate-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      signals = StopSignals.install(migration::cancel, progressOut, STOP_GRACE);
      ProgressPrinter printer = quiet ? null
          : ProgressPrinter.start(migration::progress, progressOut, refreshInPlace, interval);
      shown.set(printer);
      MigrationReport report;
      try {
        report = migration.completion().get();
      } catch (ExecutionException | CompletionException e) {
        if (printer != null) {
          printer.close();
        }
        return failedRun(e.getCause() == null ? e : e.getCause(), s.source());
      } catch (CancellationException e) {
        if (printer != null) {
          printer.close();
        }
        if (signals.received().isPresent()) {
          return stopped(s, migration.reportSoFar(), signals.received().get(), byKind, failuresFile, progressOut);
        }
        return new Outcome(Optional.empty(), Map.of(), Optional.empty(), Main.ABORTED,
            Optional.of("the run was cancelled; rerun the same command to resume"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        migration.cancel();
        return new Outcome(Optional.empty(), Map.of(), Optional.empty(), Main.ABORTED,
            Optional.of("interrupted; rerun the same command to resume"));
      }
      if (printer != null) {
        printer.finish(migration.progress());
      }
      int aborted = abortOwnOrphans(sink, ledger, options.destinationPrefix(), progressOut);
      if (aborted > 0) {
        progressOut.println("cos-migrate: aborted " + aborted + " unfinished multipart upload(s) left by an"
            + " interrupted earlier run of this job");
      }
      writeReport(s, report, progressOut);
      Map<ErrorKind, Long> kinds = new EnumMap<>(ErrorKind.class);
      byKind.forEach((k, v) -> kinds.put(k, v.sum()));
      Optional<Path> ff = Files.exists(failuresFile) ? Optional.of(failuresFile) : Optional.empty();
      return outcomeOf(report, kinds, ff);
    } finally {
      if (signals != null) {
        signals.close();
      }
      closeQuietly(ledger, progressOut);
      closeQuietly(sink, progressOut);
      closeQuietly(source, progressOut);
      closed.countDown();
      if (hook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // shutting down: the hook is running
        }
      }
    }
  }

  /** How long a run stopped by a signal may take to stop before the process ends anyway. */
  static final Duration STOP_GRACE = Duration.ofSeconds(30);

  /** The outcome of a run a signal stopped: the counts settled before the stop, the report written, status 3. */
  private static Outcome stopped(MigrationJob s, MigrationReport soFar, String signal,
      Map<ErrorKind, LongAdder> byKind, Path failuresFile, PrintStream err) {
    writeReport(s, soFar, err);
    Map<ErrorKind, Long> kinds = new EnumMap<>(ErrorKind.class);
    byKind.forEach((k, v) -> kinds.put(k, v.sum()));
    Optional<Path> ff = Files.exists(failuresFile) ? Optional.of(failuresFile) : Optional.empty();
    return new Outcome(Optional.of(soFar), kinds, ff, Main.ABORTED, Optional.of("stopped by " + signal
        + " before the end (objects in flight or not yet listed are in no count); rerun the same command to"
        + " resume"), Optional.empty(), true);
  }

  private static void writeReport(MigrationJob s, MigrationReport report, PrintStream err) {
    if (s.report().isPresent()) {
      try {
        ReportJson.write(report, s.report().get());
      } catch (IOException e) {
        err.println("cos-migrate: could not write --report " + s.report().get() + ": " + e.getMessage());
      }
    }
  }

  /**
   * Aborts the multipart uploads under the prefix that this job left behind: uploads of a destination key this
   * job's ledger has a record for, that no checkpoint of the ledger refers to (initiated by a run that was killed
   * before it could record the upload). Uploads of other keys are left alone. Best effort: returns how many were
   * aborted, and prints a warning when listing fails.
   */
  static int abortOwnOrphans(Sink sink, Ledger ledger, String prefix, PrintStream err) {
    try {
      int n = 0;
      for (io.github.cosmigrate.model.MultipartUpload u : io.github.cosmigrate.api.Uploads.listOrphans(sink, ledger,
          prefix)) {
        if (!u.key().startsWith(prefix)) {
          continue;
        }
        String sourceKey = u.key().substring(prefix.length());
        Optional<io.github.cosmigrate.model.LedgerEntry> e = ledger.get(sourceKey);
        if (e.isPresent() && e.get().destinationKey().equals(u.key())) {
          sink.abortMultipart(u.key(), u.uploadId());
          n++;
        }
      }
      return n;
    } catch (IOException | RuntimeException e) {
      err.println("cos-migrate: warning: could not check for unfinished multipart uploads: "
          + oneLine(String.valueOf(e.getMessage())));
      return 0;
    }
  }

  /** The status and one-line reason of a completed run. */
  public static Outcome outcomeOf(MigrationReport report, Map<ErrorKind, Long> kinds, Optional<Path> failuresFile) {
    if (report.success()) {
      return new Outcome(Optional.of(report), kinds, failuresFile, Main.OK, Optional.empty());
    }
    StringBuilder reason = new StringBuilder();
    if (report.failed() > 0) {
      reason.append(report.failed()).append(report.failed() == 1 ? " object failed" : " objects failed");
      String breakdown = breakdown(kinds.isEmpty() ? byKindFromReport(report) : kinds);
      if (!breakdown.isEmpty()) {
        reason.append(" (").append(breakdown).append(')');
      }
      failuresFile.ifPresent(f -> reason.append("; see ").append(f));
    }
    if (!report.listingComplete()) {
      reason.append(reason.length() == 0 ? "" : "; ").append("the listing stopped early: ")
          .append(oneLine(report.listingError().orElse("no reason given")));
    }
    return new Outcome(Optional.of(report), kinds, failuresFile, Main.INCOMPLETE, Optional.of(reason.toString()));
  }

  private static Map<ErrorKind, Long> byKindFromReport(MigrationReport r) {
    Map<ErrorKind, Long> m = new EnumMap<>(ErrorKind.class);
    r.failures().forEach(f -> m.merge(f.kind(), 1L, Long::sum));
    return m;
  }

  private static String breakdown(Map<ErrorKind, Long> kinds) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(kinds).forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
    return sb.toString();
  }

  private static Outcome failedRun(Throwable t, SourceSpec source) {
    ErrorKind kind = MigrateException.kindOf(t);
    String msg = t.getMessage() == null ? t.toString() : t.getMessage();
    if (t instanceof ConfigurationException c) {
      // names the flags or variables the settings at fault came from
      msg = SettingNames.line(c, source).orElse(msg);
    }
    if (t instanceof MigrateException && kind.fatalToRun()) {
      return new Outcome(Optional.empty(), Map.of(), Optional.empty(), Main.CONFIG, Optional.of(oneLine(msg)));
    }
    if (t instanceof CancellationException) {
      return new Outcome(Optional.empty(), Map.of(), Optional.empty(), Main.ABORTED,
          Optional.of("the run was cancelled; rerun the same command to resume"));
    }
    return new Outcome(Optional.empty(), Map.of(), Optional.empty(), Main.ABORTED,
        Optional.of("the run stopped: " + oneLine(msg)));
  }

  static String oneLine(String s) {
    return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }

  private static void closeQuietly(AutoCloseable c, PrintStream err) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      err.println("cos-migrate: warning: closing " + c.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
