package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.api.Migration;
import io.github.cosmigrate.api.MigrationListener;
import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.ProgressSnapshot;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.internal.retry.Backoff;
import io.github.cosmigrate.internal.retry.RetryPolicy;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.RateLimiter;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.capability.Probe;
import java.io.IOException;
import java.io.InterruptedIOException;
import io.github.cosmigrate.model.ListCursor;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migration engine: one run. Wires the parts (see {@link Pipeline} for the design) and owns the run's
 * lifecycle: the lister thread, stop and cancel, the report.
 *
 * <p>Public only so that tests in other modules can read {@link #internals()}; not API.
 */
public final class Engine implements Migration {
  private static final Logger LOG = LoggerFactory.getLogger("io.github.cosmigrate.pipeline");
  private static final AtomicInteger RUNS = new AtomicInteger();

  private final Source source;
  private final Sink sink;
  private final Ledger ledger;
  private final MigrationOptions opt;
  private final SafeListener listener;
  private final String name;
  private final Thread coordinator;

  private final RequestLimits limits;
  private final PoolScheduler sched;
  private final ByteBudget budget;
  private final Stats stats = new Stats();
  private final Checkpoints checkpoints = new Checkpoints();
  private final MultipartTransfer large;
  private final Admission admission;
  private final ListingWatermark watermark;
  private final Progress progress;

  private final CompletableFuture<MigrationReport> completion = new CompletableFuture<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile boolean stopping;
  /** The listing error of a report of a run that was stopped (cancelled or by a fatal error). */
  static final String STOPPED = "the run was stopped before the end";
  private volatile Throwable fatal;
  private volatile OutputFiles out;

  Engine(Source source, Sink sink, Ledger ledger, MigrationOptions options, MigrationListener listener,
      RateLimiter bandwidth, RateLimiter requests, RateLimiter sourceRequests, Clock clock) {
    this.opt = options;
    this.ledger = ledger;
    this.listener = new SafeListener(listener);
    this.name = "cosmigrate-" + RUNS.incrementAndGet();
    this.limits = new RequestLimits(options.concurrency(), options.partConcurrency(), requests, sourceRequests);
    this.source = new SourceGuard(source, limits);
    // a sink that cannot be reached at all stops the run as a configuration error (see ReachabilityGuard)
    this.sink = new ReachabilityGuard(sink, ReachabilityGuard.threshold(options.concurrency()), this::stop);
    this.sched = new PoolScheduler(name, options.concurrency(), options.partConcurrency(), limits, this::stop);
    this.limits.onRaise(() -> {
      sched.requestGate.drain();
      sched.partGate.drain();
    });
    this.budget = new ByteBudget(options.maxBytesInFlight());
    RetryPolicy policy = new RetryPolicy(new Backoff(options.initialBackoff(), options.maxBackoff()),
        options.maxAttempts());
    Admission[] adm = new Admission[1];
    this.watermark = new ListingWatermark(ledger, ListingWatermark.scope(source, sink, options.destinationPrefix()),
        source.resumableCursors(), clock, source.describe());
    Settlement settle = new Settlement(ledger, clock, stats, this.listener, () -> out, this::stop,
        t -> adm[0].finished(t), watermark);
    ObjectFlow flow = new ObjectFlow((SourceGuard) this.source, this.sink, ledger, options, policy, limits, sched,
        settle, budget, bandwidth, clock, checkpoints::giveBack);
    this.large = new MultipartTransfer(flow);
    this.admission = new Admission(flow, new SmallTransfer(flow), large, checkpoints, sched, stats, name, watermark);
    adm[0] = admission;
    this.progress = new Progress(stats, () -> admission.listingDone() && admission.listingComplete(),
        this.listener, () -> out);
    this.coordinator = new Thread(this::coordinate, name + "-lister");
    this.coordinator.setDaemon(true);
    completion.whenComplete((r, e) -> {
      if (completion.isCancelled()) {
        cancel();
      }
    });
  }

  void start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("a migration starts once");
    }
    coordinator.start();
  }

  // ------------------------------------------------------------------------------------------ Migration API

  @Override
  public CompletableFuture<MigrationReport> completion() {
    return completion;
  }

  @Override
  public void cancel() {
    stop(null);
  }

  @Override
  public ProgressSnapshot progress() {
    return progress.snapshot();
  }

  /** Bounds observed so far, for tests of the engine's memory and throttling. */
  public record Internals(
      long maxAdmittedObjects,
      int admittedBound,
      int maxQueuedRequests,
      int maxRunningRequests,
      int requestCeiling,
      int requestLimit,
      int lowestRequestLimit,
      int maxRunningParts,
      int partBound,
      int maxOpenUploads,
      int openUploadBound,
      long maxBytesReserved,
      long bytesBound,
      int sourceRequestCeiling,
      int sourceRequestLimit,
      int lowestSourceRequestLimit) {}

  /** The bounds; {@code request*} are the sink's AIMD limit, {@code sourceRequest*} the source's. */
  public Internals internals() {
    return new Internals(admission.highWater(), admission.maxAdmitted(),
        sched.requestGate.highWaterQueue() + sched.partGate.highWaterQueue(),
        sched.requestGate.highWaterRunning() + sched.partGate.highWaterRunning(), limits.sink().ceiling(),
        limits.sink().limit(), limits.sink().lowest(), large.parts.highWaterRunning(), opt.partConcurrency(),
        admission.largeGate.highWaterRunning(), admission.openUploadBound, budget.highWater(), budget.capacity(),
        limits.source().ceiling(), limits.source().limit(), limits.source().lowest());
  }

  // ------------------------------------------------------------------------------------------ coordinator

  private void coordinate() {
    try {
      try {
        out = new OutputFiles(opt.finishedObjectsFile(), opt.failuresFile());
      } catch (IOException e) {
        throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "cannot open the finished-objects or failures "
            + "file (" + opt.finishedObjectsFile().orElse(null) + ", " + opt.failuresFile().orElse(null) + "): "
            + RetryPolicy.reason(e) + "; check the path and its permissions", e);
      }
      try {
        checkpoints.load(ledger);
      } catch (IOException e) {
        throw e instanceof MigrateException m && m.kind().fatalToRun() ? e
            : new MigrateException(ErrorKind.FATAL_CONFIGURATION, "cannot read the ledger's checkpoints: "
                + RetryPolicy.reason(e), e);
      }
      Optional<ListCursor> start;
      try {
        start = watermark.start();
      } catch (IOException e) {
        throw e instanceof MigrateException m && m.kind().fatalToRun() ? e
            : new MigrateException(ErrorKind.FATAL_CONFIGURATION, "cannot read the ledger's listing position: "
                + RetryPolicy.reason(e), e);
      }
      // a wrong endpoint, credentials or bucket stop the run here, before the first transfer
      probe("sink", sink.describe(), sink.capability(Probe.class));
      probe("source", source.describe(), source.capability(Probe.class));
      sched.every(Math.max(1, opt.progressInterval().toMillis()), progress::tick);
      LOG.info("migration {} started: {} -> {}", name, source.describe(), sink.describe());
      admission.listAll(start);
      admission.drained.get();
      if (stopping) {
        throw new InterruptedException();
      }
      if (admission.listingComplete()) {
        watermark.finish(); // the pass is over: the next run starts a new one
        checkpoints.abortUnclaimed(sink, ledger, limits);
      }
      if (!ended.compareAndSet(false, true)) {
        throw new InterruptedException();
      }
      sched.shutdownAndWait(false);
      MigrationReport report = report();
      listener.progress(progress.snapshot());
      LOG.info("migration {} finished: {} migrated, {} skipped, {} failed, {} bytes in {}; listing {}", name,
          report.migrated(), report.skipped(), report.failed(), report.bytesTransferred(), report.elapsed(),
          report.listingComplete() ? "complete" : "INCOMPLETE: " + report.listingError().orElse("?"));
      closeOutputs();
      completion.complete(report);
    } catch (InterruptedException | ExecutionException | RuntimeException | IOException | Error e) {
      if (!stopping) {
        // an unexpected failure of the coordinator itself (the ledger cannot be read, a bug): the run stops
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        stop(cause instanceof InterruptedException ? null : cause);
      }
      Thread.interrupted();
      try {
        sched.shutdownAndWait(true);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
      closeOutputs();
      Throwable f = fatal;
      completion.completeExceptionally(f != null ? f : new CancellationException("the migration was cancelled"));
    }
  }

  /**
   * Runs a plugin's {@link Probe}: a fatal answer (a {@code ConfigurationException}) stops the run; any other failure
   * proves nothing about the configuration and is logged.
   */
  private static void probe(String what, String described, Optional<Probe> probe) throws IOException {
    if (probe.isEmpty()) {
      return;
    }
    try {
      probe.get().probe();
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      if (e instanceof MigrateException m && m.kind().fatalToRun()) {
        throw m;
      }
      LOG.warn("could not check the {} {} before the first transfer ({}); going on", what, described,
          RetryPolicy.reason(e));
    }
  }

  private void closeOutputs() {
    OutputFiles o = out;
    if (o != null) {
      o.close();
    }
  }

  /** Stops the run: {@code cause} null means cancel, else the fatal error. Returns at once. */
  private void stop(Throwable cause) {
    synchronized (this) {
      if (stopping || ended.get()) {
        return;
      }
      if (cause != null) {
        fatal = cause;
        // the caller gets the cause through completion(); logging it at ERROR too would report it twice
        LOG.info("migration {} stops: {}", name, cause.toString());
      } else {
        LOG.info("migration {} cancelled", name);
      }
      stopping = true;
      ended.set(true);
    }
    sched.halt();
    admission.largeGate.clear();
    coordinator.interrupt();
  }

  @Override
  public MigrationReport reportSoFar() {
    return report();
  }

  private MigrationReport report() {
    boolean stopped = stopping;
    return new MigrationReport(stats.migrated.sum(), stats.skipped.sum(), stats.failed.sum(), stats.verified.sum(),
        stats.unverifiable.sum(), stats.bytesTransferred.sum(), !stopped && admission.listingComplete(),
        stopped ? Optional.of(STOPPED) : admission.listingError(), stats.skippedByReason(), stats.failedByReason(),
        stats.failures(),
        progress.elapsed(), stats.metadataNotes(), stats.verifiedBy(),
        stats.unverifiableByReason(), stats.updated.sum(), stats.retries.sum());
  }
}
