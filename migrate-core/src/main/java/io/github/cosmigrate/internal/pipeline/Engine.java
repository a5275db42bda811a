package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.api.Migration;
import io.github.cosmigrate.api.MigrationListener;
import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.ProgressSnapshot;
import io.github.cosmigrate.api.SkipMode;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.internal.metadata.MetadataPolicy;
import io.github.cosmigrate.internal.multipart.PartPlanner;
import io.github.cosmigrate.internal.retry.AimdLimiter;
import io.github.cosmigrate.internal.retry.Backoff;
import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.ObjectState;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.model.SourceEntry;
import io.github.cosmigrate.model.SourceFingerprint;
import io.github.cosmigrate.model.SourceRead;
import io.github.cosmigrate.model.UploadCheckpoint;
import io.github.cosmigrate.model.UploadedPart;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.RateLimiter;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.capability.RangeReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migration engine: one run. See {@link Pipeline} for the design (threads, queues, bounds).
 *
 * <p>Public only so that tests in other modules can read {@link #internals()}; not API.
 */
public final class Engine implements Migration {
  private static final Logger LOG = LoggerFactory.getLogger("io.github.cosmigrate.pipeline");
  private static final AtomicInteger RUNS = new AtomicInteger();
  /** Successes per +1 of the AIMD request limit. */
  static final int AIMD_INCREASE_EVERY = 8;

  static final String REASON_UNCHANGED = "unchanged";
  static final String REASON_SAME_AT_DESTINATION = "same content at destination";
  private static final SourceFingerprint NO_FINGERPRINT = new SourceFingerprint(0, -1, "");

  private final Source source;
  private final Sink sink;
  private final Ledger ledger;
  private final MigrationOptions opt;
  private final SafeListener listener;
  private final RateLimiter bandwidth;
  private final RateLimiter requests;
  private final Clock clock;
  private final RangeReader ranges;
  private final SinkLimits limits;
  private final Backoff backoff;
  private final MetadataPolicy metadataPolicy;

  private final String name;
  private final ThreadPoolExecutor objectPool;
  private final ThreadPoolExecutor partPool;
  private final ScheduledThreadPoolExecutor timer;
  private final Thread coordinator;

  private final Semaphore objectPermits;
  private final int maxAdmitted;
  private final ByteBudget budget;
  private final AimdLimiter aimd;
  private final Gate requestGate;
  private final Gate partGate;
  private final Gate largeGate;
  private final PartScheduler parts;

  private final Stats stats = new Stats();
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong inFlightHighWater = new AtomicLong();
  private final CompletableFuture<Void> drained = new CompletableFuture<>();
  private final CompletableFuture<MigrationReport> completion = new CompletableFuture<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean ended = new AtomicBoolean();
  private final long startNanos;
  private final Map<String, UploadCheckpoint> staleCheckpoints = new ConcurrentHashMap<>();

  private volatile boolean stopping;
  private volatile Throwable fatal;
  private volatile boolean listingDone;
  private volatile boolean listingComplete;
  private volatile String listingError;
  private volatile OutputFiles out;

  private final Object rateLock = new Object();
  private long rateLastBytes;
  private long rateLastNanos;
  private double rate;

  Engine(Source source, Sink sink, Ledger ledger, MigrationOptions options, MigrationListener listener,
      RateLimiter bandwidth, RateLimiter requests, Clock clock) {
    this.source = source;
    // a sink that cannot be reached at all stops the run as a configuration error (see ReachabilityGuard)
    this.sink = new ReachabilityGuard(sink, ReachabilityGuard.threshold(options.concurrency()), this::stop);
    this.ledger = ledger;
    this.opt = options;
    this.listener = new SafeListener(listener);
    this.bandwidth = bandwidth;
    this.requests = requests;
    this.clock = clock;
    this.ranges = source.capability(RangeReader.class).orElse(null);
    this.limits = sink.limits();
    this.backoff = new Backoff(options.initialBackoff(), options.maxBackoff());
    this.metadataPolicy = new MetadataPolicy(options.defaultMetadata(), options.provenance());
    this.name = "cosmigrate-" + RUNS.incrementAndGet();

    this.objectPool = pool(name + "-object-", options.concurrency());
    this.partPool = pool(name + "-part-", options.partConcurrency());
    this.timer = new ScheduledThreadPoolExecutor(1, daemon(name + "-timer-"));
    this.timer.setRemoveOnCancelPolicy(true);
    this.coordinator = new Thread(this::coordinate, name + "-lister");
    this.coordinator.setDaemon(true);

    this.maxAdmitted = options.concurrency() + options.maxQueuedObjects();
    this.objectPermits = new Semaphore(maxAdmitted);
    this.budget = new ByteBudget(options.maxBytesInFlight());
    this.aimd = new AimdLimiter(options.concurrency() + options.partConcurrency(), AIMD_INCREASE_EVERY);
    // the AIMD limit is shared between whole-object steps and parts in proportion to their configured sizes
    int c = options.concurrency();
    int p = options.partConcurrency();
    this.requestGate = new Gate("object requests", () -> share(aimd.limit(), c, c + p));
    this.partGate = new Gate("part requests", () -> share(aimd.limit(), p, c + p));
    int openUploads = (options.partConcurrency() + options.partsPerObject() - 1) / options.partsPerObject() + 1;
    this.largeGate = new Gate("large objects", () -> openUploads);
    this.parts = new PartScheduler(options.partConcurrency(), options.partsPerObject());
    this.budget.onRelease(parts::pump);
    this.startNanos = System.nanoTime();
    this.rateLastNanos = startNanos;
    completion.whenComplete((r, e) -> {
      if (completion.isCancelled()) {
        cancel();
      }
    });
  }

  /** {@code limit * part / whole}, rounded up, at least 1. */
  static int share(int limit, int part, int whole) {
    return Math.max(1, (int) (((long) limit * part + whole - 1) / whole));
  }

  private static ThreadPoolExecutor pool(String prefix, int threads) {
    ThreadPoolExecutor p = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        daemon(prefix));
    p.allowCoreThreadTimeOut(true);
    return p;
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
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
    long now = System.nanoTime();
    long transferred = stats.bytesTransferred.sum();
    double r;
    synchronized (rateLock) {
      r = rate;
      if (r == 0 && now > startNanos) {
        r = transferred / ((now - startNanos) / 1e9);
      }
    }
    boolean complete = listingDone && listingComplete;
    Optional<Duration> eta = Optional.empty();
    if (complete && r > 0) {
      long remaining = Math.max(0, stats.bytesListed.sum() - stats.bytesSettled.sum());
      eta = Optional.of(Duration.ofMillis((long) (remaining / r * 1000)));
    }
    return new ProgressSnapshot(stats.listed.sum(), stats.migrated.sum(), stats.skipped.sum(), stats.failed.sum(),
        stats.bytesListed.sum(), transferred, r, eta, complete, Duration.ofNanos(now - startNanos));
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
      long bytesBound) {}

  public Internals internals() {
    return new Internals(inFlightHighWater.get(), maxAdmitted,
        requestGate.highWaterQueue() + partGate.highWaterQueue(),
        requestGate.highWaterRunning() + partGate.highWaterRunning(), aimd.ceiling(), aimd.limit(), aimd.lowest(),
        parts.highWaterRunning(),
        opt.partConcurrency(), largeGate.highWaterRunning(), (opt.partConcurrency() + opt.partsPerObject() - 1)
            / opt.partsPerObject() + 1, budget.highWater(), budget.capacity());
  }

  // ------------------------------------------------------------------------------------------ coordinator

  private void coordinate() {
    try {
      try {
        out = new OutputFiles(opt.finishedObjectsFile(), opt.failuresFile());
      } catch (IOException e) {
        throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "cannot open the finished-objects or failures "
            + "file (" + opt.finishedObjectsFile().orElse(null) + ", " + opt.failuresFile().orElse(null) + "): "
            + reason(e) + "; check the path and its permissions", e);
      }
      try {
        for (UploadCheckpoint cp : ledger.checkpoints()) {
          staleCheckpoints.put(cp.key(), cp);
        }
      } catch (IOException e) {
        throw e instanceof MigrateException m && m.kind().fatalToRun() ? e
            : new MigrateException(ErrorKind.FATAL_CONFIGURATION, "cannot read the ledger's checkpoints: "
                + reason(e), e);
      }
      long interval = Math.max(1, opt.progressInterval().toMillis());
      timer.scheduleAtFixedRate(this::tick, interval, interval, TimeUnit.MILLISECONDS);
      LOG.info("migration {} started: {} -> {}", name, source.describe(), sink.describe());
      listAll();
      listingDone = true;
      if (inFlight.get() == 0) {
        drained.complete(null);
      }
      drained.get();
      if (stopping) {
        throw new InterruptedException();
      }
      if (listingComplete) {
        abortStaleCheckpoints();
      }
      if (!ended.compareAndSet(false, true)) {
        throw new InterruptedException();
      }
      shutdownAndWait(false);
      MigrationReport report = report();
      ProgressSnapshot last = progress();
      listener.progress(last);
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
        shutdownAndWait(true);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
      closeOutputs();
      Throwable f = fatal;
      if (f != null) {
        completion.completeExceptionally(f);
      } else {
        completion.completeExceptionally(new CancellationException("the migration was cancelled"));
      }
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
    requestGate.clear();
    partGate.clear();
    largeGate.clear();
    objectPool.shutdownNow();
    partPool.shutdownNow();
    timer.shutdownNow();
    coordinator.interrupt();
  }

  private void shutdownAndWait(boolean now) throws InterruptedException {
    if (now) {
      objectPool.shutdownNow();
      partPool.shutdownNow();
      timer.shutdownNow();
    } else {
      objectPool.shutdown();
      partPool.shutdown();
      timer.shutdownNow();
    }
    objectPool.awaitTermination(1, TimeUnit.DAYS);
    partPool.awaitTermination(1, TimeUnit.DAYS);
    timer.awaitTermination(1, TimeUnit.DAYS);
  }

  private MigrationReport report() {
    return new MigrationReport(stats.migrated.sum(), stats.skipped.sum(), stats.failed.sum(), stats.verified.sum(),
        stats.unverifiable.sum(), stats.bytesTransferred.sum(), listingComplete, Optional.ofNullable(listingError),
        stats.skippedByReason(), stats.failedByReason(), stats.failures(),
        Duration.ofNanos(System.nanoTime() - startNanos), stats.metadataNotes());
  }

  private void tick() {
    try {
      long now = System.nanoTime();
      long bytes = stats.bytesTransferred.sum();
      synchronized (rateLock) {
        double secs = (now - rateLastNanos) / 1e9;
        if (secs > 0) {
          double recent = (bytes - rateLastBytes) / secs;
          rate = rate == 0 ? recent : 0.5 * rate + 0.5 * recent;
        }
        rateLastBytes = bytes;
        rateLastNanos = now;
      }
      ProgressSnapshot s = progress();
      listener.progress(s);
      if (LOG.isInfoEnabled()) {
        LOG.info("progress: {}/{} objects done ({} migrated, {} skipped, {} failed), {} MiB sent, {} MiB/s{}{}",
            s.done(), s.listed(), s.migrated(), s.skipped(), s.failed(), s.bytesTransferred() >> 20,
            String.format("%.1f", s.bytesPerSecond() / (1 << 20)),
            s.listingComplete() ? "" : ", listing", s.eta().map(d -> ", eta " + d.toSeconds() + " s").orElse(""));
      }
      OutputFiles o = out;
      if (o != null) {
        o.flush();
      }
    } catch (RuntimeException e) {
      LOG.warn("progress report failed: {}", e.toString());
    }
  }

  // ------------------------------------------------------------------------------------------ listing

  private void listAll() throws InterruptedException {
    Optional<ListCursor> cursor = Optional.empty();
    while (true) {
      checkStopping();
      ListBatch page = listWithRetry(cursor);
      if (page == null) {
        return;
      }
      handlePage(page.entries());
      if (page.isLast()) {
        listingComplete = true;
        return;
      }
      cursor = page.next();
    }
  }

  private void checkStopping() throws InterruptedException {
    if (stopping || Thread.currentThread().isInterrupted()) {
      throw new InterruptedException();
    }
  }

  private ListBatch listWithRetry(Optional<ListCursor> cursor) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return source.list(cursor);
      } catch (IOException | RuntimeException e) {
        checkStopping();
        if (e instanceof InterruptedIOException) {
          throw new InterruptedException();
        }
        ErrorKind kind = MigrateException.kindOf(e);
        if (kind.fatalToRun()) {
          stop(e);
          throw new InterruptedException();
        }
        if (kind == ErrorKind.THROTTLED) {
          aimd.onThrottled();
        }
        if (!kind.retryable() || attempt >= opt.maxAttempts()) {
          listingError = "listing " + source.describe() + " stopped after " + attempt + " attempt(s): " + reason(e);
          LOG.error("migration {}: {}", name, listingError);
          return null;
        }
        Duration d = backoff.delay(attempt, retryAfter(e));
        LOG.warn("listing {} failed ({}), retrying in {} ms", source.describe(), reason(e), d.toMillis());
        sleepOnTimer(d);
      }
    }
  }

  private void sleepOnTimer(Duration d) throws InterruptedException {
    CompletableFuture<Void> f = new CompletableFuture<>();
    try {
      timer.schedule(() -> f.complete(null), d.toNanos(), TimeUnit.NANOSECONDS);
      f.get();
    } catch (RejectedExecutionException | ExecutionException e) {
      throw new InterruptedException();
    }
  }

  private void handlePage(List<SourceEntry> entries) throws InterruptedException {
    Map<String, LedgerEntry> previous = Map.of();
    if (opt.skipMode() != SkipMode.NONE) {
      List<String> keys = new ArrayList<>(entries.size());
      for (SourceEntry e : entries) {
        if (e instanceof SourceEntry.Found) {
          keys.add(e.key());
        }
      }
      if (!keys.isEmpty()) {
        previous = ledgerGetAll(keys);
      }
    }
    for (SourceEntry e : entries) {
      checkStopping();
      stats.listed.increment();
      if (e instanceof SourceEntry.Found f) {
        stats.bytesListed.add(f.object().size());
        handleFound(f.object(), previous.get(f.key()));
      } else if (e instanceof SourceEntry.Skipped s) {
        stats.skipped(s.reason(), 0);
        listener.objectSkipped(s.key(), s.reason());
      } else if (e instanceof SourceEntry.Failed f) {
        staleCheckpoints.remove(f.key()); // keep its upload: the next run may resume it
        failListed(f.key(), f.kind(), f.reason());
      }
    }
  }

  private Map<String, LedgerEntry> ledgerGetAll(List<String> keys) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return ledger.getAll(keys);
      } catch (IOException | RuntimeException e) {
        checkStopping();
        ErrorKind kind = MigrateException.kindOf(e);
        if (kind.fatalToRun() || !kind.retryable() || attempt >= opt.maxAttempts()) {
          stop(new MigrateException(kind.fatalToRun() ? kind : ErrorKind.FATAL_CONFIGURATION,
              "cannot read the ledger: " + reason(e), e));
          throw new InterruptedException();
        }
        sleepOnTimer(backoff.delay(attempt, retryAfter(e)));
      }
    }
  }

  private void handleFound(ObjectInfo info, LedgerEntry prev) throws InterruptedException {
    String key = info.key();
    String destKey = opt.destinationKey(key);
    int keyBytes = utf8Length(destKey);
    if (keyBytes > limits.maxKeyLength()) {
      failListed(key, ErrorKind.INVALID_INPUT, "destination key '" + destKey + "' is " + keyBytes
          + " bytes in UTF-8; the destination allows at most " + limits.maxKeyLength()
          + " (maxKeyLength); shorten the destination prefix or the source path", info, destKey);
      return;
    }
    if (info.size() > limits.maxObjectSize()) {
      failListed(key, ErrorKind.INVALID_INPUT, "object '" + key + "' is " + info.size()
          + " bytes; the destination allows at most " + limits.maxObjectSize() + " bytes per object", info, destKey);
      return;
    }
    if (opt.skipMode() == SkipMode.LEDGER && prev != null && prev.state() == ObjectState.MIGRATED
        && prev.fingerprint().equals(info.fingerprint()) && prev.destinationKey().equals(destKey)) {
      stats.skipped(REASON_UNCHANGED, info.size());
      listener.objectSkipped(key, REASON_UNCHANGED);
      return;
    }
    ObjectTask t = new ObjectTask(info, destKey, prev);
    t.large = info.size() >= opt.multipartThreshold() || info.size() > limits.maxSinglePutSize();
    if (t.large) {
      t.checkpoint = staleCheckpoints.remove(key);
    }
    objectPermits.acquire();
    long n = inFlight.incrementAndGet();
    inFlightHighWater.accumulateAndGet(n, Math::max);
    if (!t.large) {
      try {
        t.reserved = budget.acquire(info.size());
      } catch (InterruptedException e) {
        objectPermits.release();
        inFlight.decrementAndGet();
        throw e;
      }
      runStep(t, this::transferSmall);
    } else {
      largeGate.submit(() -> runStep(t, this::beginLarge));
    }
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** A failure found while listing: recorded without a transfer. */
  private void failListed(String key, ErrorKind kind, String reason) {
    failListed(key, kind, reason, null, opt.destinationKey(key));
  }

  private void failListed(String key, ErrorKind kind, String reason, ObjectInfo info, String destKey) {
    SourceFingerprint fp = info == null ? NO_FINGERPRINT : info.fingerprint();
    writeFailedEntry(key, destKey, fp, reason, kind, 1);
    stats.failed(key, kind, reason, info == null ? 0 : info.size());
    OutputFiles o = out;
    if (o != null) {
      o.failed(key, kind.name(), reason, 1);
    }
    listener.objectFailed(key, kind, reason);
  }

  private void writeFailedEntry(String key, String destKey, SourceFingerprint fp, String reason, ErrorKind kind,
      int attempts) {
    try {
      ledger.record(new LedgerEntry(key, destKey, fp, ObjectState.FAILED, kind.name() + ": " + reason,
          Optional.empty(), OptionalLong.empty(), Optional.empty(), attempts, clock.instant()));
    } catch (IOException | RuntimeException e) {
      if (MigrateException.kindOf(e).fatalToRun()) {
        stop(e);
      } else {
        LOG.warn("cannot record the failure of '{}' in the ledger: {}", key, reason(e));
      }
    }
  }

  // ------------------------------------------------------------------------------------------ object steps

  /** Runs one object step on the object pool, inside a request slot. */
  private void runStep(ObjectTask t, Consumer<ObjectTask> step) {
    requestGate.submit(() -> execute(objectPool, () -> {
      try {
        step.accept(t);
      } finally {
        requestGate.release();
      }
    }));
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

  private void later(Duration d, Runnable r) {
    try {
      timer.schedule(r, d.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      if (!stopping) {
        throw e;
      }
    }
  }

  private void transferSmall(ObjectTask t) {
    if (stopping) {
      return;
    }
    t.attempts++;
    try {
      if (t.attempts == 1 && opt.skipMode() == SkipMode.DESTINATION && sameAtDestination(t)) {
        return;
      }
      started(t);
      requests.acquire(1);
      PutResult r;
      try (SourceRead read = source.open(t.info); InputStream in = metered(read.body())) {
        ObjectInfo seen = read.observed();
        if (seen.size() != t.info.size()) {
          throw new SourceChanged(changeReason(t.info, seen));
        }
        r = sink.put(t.destKey, in, t.info.size(), metadata(t, source.listsMetadata() ? t.info : seen));
      }
      aimdSuccess();
      stats.bytesTransferred.add(t.info.size());
      if (!source.pinsReads()) {
        checkUnchanged(t);
      }
      recordMigrated(t, r);
    } catch (Throwable e) {
      onObjectError(t, e, () -> runStep(t, this::transferSmall));
    }
  }

  private void started(ObjectTask t) {
    if (!t.started) {
      t.started = true;
      listener.objectStarted(t.info.key(), t.info.size());
    }
  }

  /** SkipMode.DESTINATION: true (and the object is settled as skipped) when the destination holds the same bytes. */
  private boolean sameAtDestination(ObjectTask t) throws IOException, InterruptedException {
    requests.acquire(1);
    Optional<ObjectInfo> there = sink.stat(t.destKey);
    if (there.isEmpty() || there.get().size() != t.info.size() || there.get().crc64().isEmpty()) {
      return false;
    }
    LedgerEntry prev = t.previous;
    long crc;
    boolean known = prev != null && prev.fingerprint().equals(t.info.fingerprint()) && prev.crc64().isPresent();
    if (known) {
      crc = prev.crc64().getAsLong();
    } else {
      crc = sourceCrc(t.info);
    }
    if (crc != there.get().crc64().getAsLong()) {
      return false;
    }
    if (!known) {
      // remember the CRC so that the next run need not read the source again
      try {
        ledger.record(new LedgerEntry(t.info.key(), t.destKey, t.info.fingerprint(), ObjectState.SKIPPED,
            REASON_SAME_AT_DESTINATION, there.get().etag(), OptionalLong.of(crc), Optional.empty(),
            prev == null ? 0 : prev.attempts(), clock.instant()));
      } catch (IOException e) {
        LOG.debug("cannot record the skip of {}: {}", t.info.key(), e.toString());
      }
    }
    stats.skipped(REASON_SAME_AT_DESTINATION, t.info.size());
    listener.objectSkipped(t.info.key(), REASON_SAME_AT_DESTINATION);
    finishObject(t);
    return true;
  }

  private long sourceCrc(ObjectInfo info) throws IOException {
    Crc64 crc = new Crc64();
    byte[] buf = new byte[64 * 1024];
    try (SourceRead read = source.open(info); InputStream in = metered(read.body())) {
      int n;
      while ((n = in.read(buf)) > 0) {
        crc.update(buf, 0, n);
      }
    }
    return crc.getValue();
  }

  private InputStream metered(InputStream in) {
    return new MeteredInputStream(in, bandwidth, () -> stopping);
  }

  /** Re-stats the source after a transfer; throws SOURCE_CHANGED (and updates the task) when it changed. */
  private void checkUnchanged(ObjectTask t) throws IOException {
    ObjectInfo now = source.stat(t.info.key());
    if (!now.fingerprint().equals(t.info.fingerprint())) {
      String why = changeReason(t.info, now);
      t.info = now;
      throw new SourceChanged(why);
    }
  }

  private static String changeReason(ObjectInfo before, ObjectInfo after) {
    SourceFingerprint a = before.fingerprint();
    SourceFingerprint b = after.fingerprint();
    StringBuilder s = new StringBuilder("source changed while it was read:");
    if (a.size() != b.size()) {
      s.append(" size ").append(a.size()).append(" → ").append(b.size());
    }
    if (a.modifiedMillis() != b.modifiedMillis()) {
      s.append(a.size() != b.size() ? "," : "").append(" mtime ").append(a.modifiedMillis()).append(" → ")
          .append(b.modifiedMillis());
    }
    if (a.size() == b.size() && a.modifiedMillis() == b.modifiedMillis()) {
      s.append(" version ").append(a.version()).append(" → ").append(b.version());
    }
    return s.append(" (").append(before.key()).append(')').toString();
  }

  /** What is sent for {@code info} (see MetadataPolicy); its notes are counted once per object. */
  private ObjectMetadata metadata(ObjectTask t, ObjectInfo info) {
    MetadataPolicy.Mapped m = metadataPolicy.map(info, source.provenance(info));
    if (!m.notes().isEmpty() && !t.metadataNoted) {
      t.metadataNoted = true;
      m.notes().forEach(stats::metadataNote);
      LOG.debug("metadata of {}: {} {}", info.key(), m.notes(), m.details());
    }
    return m.metadata();
  }

  private void recordMigrated(ObjectTask t, PutResult r) throws IOException {
    int attempts = t.attempts + (t.previous != null && t.previous.state() == ObjectState.FAILED
        ? t.previous.attempts() : 0);
    ledger.record(new LedgerEntry(t.info.key(), t.destKey, t.info.fingerprint(), ObjectState.MIGRATED, "",
        Optional.of(r.etag()), OptionalLong.of(r.crc64()), Optional.of(r.verification()), attempts,
        clock.instant()));
    stats.migrated.increment();
    stats.bytesSettled.add(t.info.size());
    switch (r.verification()) {
      case VERIFIED -> stats.verified.increment();
      case UNVERIFIABLE -> stats.unverifiable.increment();
    }
    OutputFiles o = out;
    if (o != null) {
      o.finished(t.info.key(), t.info.size(), t.info.fingerprint().modifiedMillis());
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("migrated {} -> {} ({} bytes, crc64 {}, {})", t.info.key(), t.destKey, t.info.size(),
          Long.toUnsignedString(r.crc64()), r.verification());
    }
    listener.objectCompleted(t.info.key(), t.info.size(), r);
    finishObject(t);
  }

  /** An attempt failed: retry after a backoff, stop the run, or settle the object as failed. */
  private void onObjectError(ObjectTask t, Throwable e, Runnable retry) {
    if (stopping) {
      return;
    }
    ErrorKind kind = MigrateException.kindOf(e);
    if (kind.fatalToRun()) {
      stop(e);
      return;
    }
    if (e instanceof Error err && !(e instanceof AssertionError)) {
      stop(err);
      return;
    }
    if (kind == ErrorKind.THROTTLED) {
      aimd.onThrottled();
    }
    if (kind.retryable() && t.attempts < opt.maxAttempts()) {
      if (kind == ErrorKind.SOURCE_CHANGED && !(e instanceof SourceChanged)) {
        refresh(t); // the sink or the source noticed the change: retry with the source's current version
      }
      Duration d = backoff.delay(t.attempts, retryAfter(e));
      listener.retryScheduled(t.info.key(), t.attempts + 1, d, reason(e));
      LOG.debug("retrying {} in {} ms: {}", t.info.key(), d.toMillis(), reason(e));
      later(d, retry);
    } else {
      fail(t, kind, reason(e));
    }
  }

  private void refresh(ObjectTask t) {
    try {
      t.info = source.stat(t.info.key());
    } catch (IOException | RuntimeException ignored) {
      // the retry will meet the same problem and report it
    }
  }

  /** The source's fingerprint after a transfer differs from the one listed (the task already holds the new one). */
  static final class SourceChanged extends MigrateException {
    private static final long serialVersionUID = 1L;

    SourceChanged(String message) {
      super(ErrorKind.SOURCE_CHANGED, message);
    }
  }

  private void fail(ObjectTask t, ErrorKind kind, String reason) {
    int attempts = Math.max(1, t.attempts) + (t.previous != null && t.previous.state() == ObjectState.FAILED
        ? t.previous.attempts() : 0);
    writeFailedEntry(t.info.key(), t.destKey, t.info.fingerprint(), reason, kind, attempts);
    stats.failed(t.info.key(), kind, reason, t.info.size());
    OutputFiles o = out;
    if (o != null) {
      o.failed(t.info.key(), kind.name(), reason, Math.max(1, t.attempts));
    }
    LOG.debug("failed {}: {} {}", t.info.key(), kind, reason);
    started(t);
    listener.objectFailed(t.info.key(), kind, reason);
    finishObject(t);
  }

  private void finishObject(ObjectTask t) {
    budget.release(t.reserved);
    t.reserved = 0;
    if (t.large) {
      largeGate.release();
    }
    boolean last = inFlight.decrementAndGet() == 0;
    objectPermits.release();
    if (last && listingDone) {
      drained.complete(null);
    }
  }

  private void aimdSuccess() {
    if (aimd.onSuccess()) {
      requestGate.drain();
      partGate.drain();
    }
  }

  private static Optional<Duration> retryAfter(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof MigrateException m) {
        return m.retryAfter();
      }
    }
    return Optional.empty();
  }

  static String reason(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  // ------------------------------------------------------------------------------------------ large objects

  private void beginLarge(ObjectTask t) {
    if (stopping) {
      return;
    }
    t.attempts++;
    LargeUpload u = null;
    try {
      if (t.attempts == 1 && opt.skipMode() == SkipMode.DESTINATION && sameAtDestination(t)) {
        abortStale(t);
        return;
      }
      started(t);
      if (!source.listsMetadata()) {
        // the listing carried no headers or user metadata: take them, and the current version, from a stat
        t.info = source.stat(t.info.key());
      }
      PartPlanner.Plan plan = PartPlanner.plan(t.info.key(), t.info.size(), opt.partSize(), limits);
      if (plan.partSize() > Integer.MAX_VALUE - 16 && ranges == null) {
        throw new MigrateException(ErrorKind.INVALID_INPUT, "object '" + t.info.key() + "' needs parts of "
            + plan.partSize() + " bytes, too large to buffer; this source cannot read byte ranges");
      }
      u = new LargeUpload(t, plan);
      UploadCheckpoint cp = t.checkpoint;
      t.checkpoint = null;
      if (cp != null) {
        resume(u, cp);
      }
      if (u.uploadId == null) {
        requests.acquire(1);
        u.uploadId = sink.initiateMultipart(t.destKey, metadata(t, t.info));
        ledger.write(new Ledger.Batch().putCheckpoint(new UploadCheckpoint(t.info.key(), t.destKey, u.uploadId,
            t.info.fingerprint(), t.info.size(), plan.partSize(), clock.instant(), List.of())));
      }
      u.checkpointed = true;
      aimdSuccess();
      parts.register(u);
    } catch (Throwable e) {
      if (u != null && u.uploadId != null && !u.checkpointed && !stopping) {
        abortQuietly(t.destKey, u.uploadId);
      }
      onObjectError(t, e, () -> runStep(t, this::beginLarge));
    }
  }

  private void abortStale(ObjectTask t) {
    UploadCheckpoint cp = t.checkpoint;
    if (cp != null) {
      t.checkpoint = null;
      staleCheckpoints.put(cp.key(), cp); // aborted with the others at the end of a complete listing
    }
  }

  /** Reuses a checkpoint when it describes this very source version and part plan, and each part checks out. */
  private void resume(LargeUpload u, UploadCheckpoint cp) throws IOException, InterruptedException {
    ObjectTask t = u.task;
    boolean same = cp.fingerprint().equals(t.info.fingerprint()) && cp.objectSize() == t.info.size()
        && cp.partSize() == u.plan.partSize() && cp.destinationKey().equals(t.destKey);
    if (!same) {
      LOG.debug("checkpoint of {} does not match the source (checkpoint {}, listed {}); aborting upload",
          t.info.key(), cp.fingerprint(), t.info.fingerprint());
      requests.acquire(1);
      sink.abortMultipart(cp.destinationKey(), cp.uploadId());
      return;
    }
    List<UploadedPart> there;
    try {
      requests.acquire(1);
      there = sink.listParts(t.destKey, cp.uploadId());
    } catch (MigrateException e) {
      if (e.kind() == ErrorKind.NOT_FOUND) {
        return; // the upload is gone: start fresh
      }
      throw e;
    }
    Map<Integer, UploadedPart> byNumber = new HashMap<>();
    for (UploadedPart p : there) {
      byNumber.put(p.partNumber(), p);
    }
    List<PartResult> kept = new ArrayList<>();
    for (PartResult p : cp.parts()) {
      UploadedPart q = byNumber.get(p.partNumber());
      if (q != null && p.partNumber() <= u.plan.partCount() && q.size() == p.size()
          && p.size() == u.plan.length(p.partNumber()) && q.etag().equals(p.etag())) {
        kept.add(p);
      }
    }
    if (kept.size() != cp.parts().size()) {
      ledger.write(new Ledger.Batch().putCheckpoint(cp.withParts(kept)));
    }
    u.uploadId = cp.uploadId();
    for (PartResult p : kept) {
      u.done[p.partNumber() - 1] = p;
      u.issued[p.partNumber() - 1] = true;
      u.doneCount++;
    }
    LOG.debug("resuming {} upload {}: {} of {} parts already stored", t.info.key(), u.uploadId, kept.size(),
        u.plan.partCount());
  }

  private void abortQuietly(String destKey, String uploadId) {
    try {
      requests.acquire(1);
      sink.abortMultipart(destKey, uploadId);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot abort the upload of {}: {}", destKey, reason(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Opens part {@code n} as a range. A source that refuses ranges for this object turns the upload sequential
   * (parts not yet read are then read from one stream, in order) and the part is issued again at once.
   */
  private InputStream openRange(LargeUpload u, int n, long len) throws IOException {
    try {
      return ranges.openRange(u.task.info, u.plan.offset(n), len);
    } catch (MigrateException e) {
      if (e.kind() != ErrorKind.UNSUPPORTED) {
        throw e;
      }
      if (!u.sequential) {
        LOG.debug("{} refused a range read of '{}' ({}); reading it as one stream", source.describe(),
            u.task.info.key(), reason(e));
        u.sequential = true;
      }
      throw new RangeRefused(e);
    }
  }

  /** The source refused ranges for one object: its parts are read sequentially instead. */
  static final class RangeRefused extends MigrateException {
    private static final long serialVersionUID = 1L;

    RangeRefused(MigrateException cause) {
      super(ErrorKind.UNSUPPORTED, reason(cause), cause);
    }
  }

  private void runPart(LargeUpload u, PartJob job) {
    ObjectTask t = u.task;
    int n = job.partNumber;
    try {
      if (stopping) {
        return;
      }
      if (u.failed) {
        parts.ended(u, job, null, null);
        return;
      }
      job.attempts++;
      long len = u.plan.length(n);
      PartResult r;
      if (!u.sequential) {
        requests.acquire(1);
        try (InputStream in = metered(openRange(u, n, len))) {
          r = sink.uploadPart(t.destKey, u.uploadId, n, in, len);
        }
      } else {
        if (job.buffer == null) {
          job.buffer = u.readSequential(n);
          parts.readDone(u);
        }
        requests.acquire(1);
        r = sink.uploadPart(t.destKey, u.uploadId, n, new ByteArrayInputStream(job.buffer), len);
      }
      ledger.write(new Ledger.Batch().putPart(t.info.key(), u.uploadId, r));
      aimdSuccess();
      stats.bytesTransferred.add(len);
      listener.partCompleted(t.info.key(), n, len);
      job.buffer = null;
      parts.ended(u, job, r, null);
    } catch (Throwable e) {
      onPartError(u, job, e);
    } finally {
      partGate.release();
    }
  }

  private void onPartError(LargeUpload u, PartJob job, Throwable e) {
    if (stopping) {
      return;
    }
    ErrorKind kind = MigrateException.kindOf(e);
    if (kind.fatalToRun()) {
      stop(e);
      return;
    }
    if (kind == ErrorKind.THROTTLED) {
      aimd.onThrottled();
    }
    if (u.sequential && job.buffer == null) {
      u.closeSequential();
    }
    if (e instanceof RangeRefused && !u.failed) {
      job.attempts--; // not an attempt: the part is read again at once, from the object's one stream
      partGate.submit(() -> execute(partPool, () -> runPart(u, job)));
    } else if (kind.retryable() && kind != ErrorKind.SOURCE_CHANGED && job.attempts < opt.maxAttempts()
        && !u.failed) {
      Duration d = backoff.delay(job.attempts, retryAfter(e));
      listener.retryScheduled(u.task.info.key() + " (part " + job.partNumber + ")", job.attempts + 1, d,
          reason(e));
      later(d, () -> partGate.submit(() -> execute(partPool, () -> runPart(u, job))));
    } else {
      parts.ended(u, job, null, e);
    }
  }

  /** All parts are stored: re-check the source, complete, record. On the object pool. */
  private void completeLarge(LargeUpload u) {
    ObjectTask t = u.task;
    if (stopping) {
      return;
    }
    u.completeAttempts++;
    try {
      if (!source.pinsReads()) {
        ObjectInfo now = source.stat(t.info.key());
        if (!now.fingerprint().equals(t.info.fingerprint())) {
          restartLarge(u, now, changeReason(t.info, now));
          return;
        }
      }
      requests.acquire(1);
      PutResult r = sink.completeMultipart(t.destKey, u.uploadId, Arrays.asList(u.done));
      aimdSuccess();
      recordMigrated(t, r);
    } catch (Throwable e) {
      if (stopping) {
        return;
      }
      ErrorKind kind = MigrateException.kindOf(e);
      if (kind.fatalToRun()) {
        stop(e);
        return;
      }
      if (kind == ErrorKind.THROTTLED) {
        aimd.onThrottled();
      }
      if (kind == ErrorKind.SOURCE_CHANGED) {
        restartLarge(u, null, reason(e));
      } else if (kind.retryable() && u.completeAttempts < opt.maxAttempts()) {
        Duration d = backoff.delay(u.completeAttempts, retryAfter(e));
        listener.retryScheduled(t.info.key(), t.attempts, d, reason(e));
        later(d, () -> runStep(t, x -> completeLarge(u)));
      } else {
        abortQuietly(t.destKey, u.uploadId);
        fail(t, kind, reason(e));
      }
    }
  }

  /** A part failed for good. On the object pool. */
  private void finishLargeFailure(LargeUpload u) {
    if (stopping) {
      return;
    }
    u.closeSequential();
    Throwable e = u.failure;
    ErrorKind kind = MigrateException.kindOf(e);
    if (kind == ErrorKind.SOURCE_CHANGED) {
      restartLarge(u, null, reason(e));
      return;
    }
    abortQuietly(u.task.destKey, u.uploadId);
    fail(u.task, kind, reason(e));
  }

  /** The source changed under a multipart upload: abort it and start again from scratch (attempts allowing). */
  private void restartLarge(LargeUpload u, ObjectInfo now, String why) {
    ObjectTask t = u.task;
    u.closeSequential();
    abortQuietly(t.destKey, u.uploadId);
    try {
      ledger.write(new Ledger.Batch().clearCheckpoint(t.info.key()));
      if (now == null) {
        now = source.stat(t.info.key());
        if (!now.fingerprint().equals(t.info.fingerprint())) {
          why = changeReason(t.info, now);
        }
      }
    } catch (IOException | RuntimeException e) {
      ErrorKind kind = MigrateException.kindOf(e);
      if (kind.fatalToRun()) {
        stop(e);
      } else {
        fail(t, kind, reason(e));
      }
      return;
    }
    if (t.attempts < opt.maxAttempts()) {
      t.info = now;
      Duration d = backoff.delay(t.attempts, Optional.empty());
      listener.retryScheduled(t.info.key(), t.attempts + 1, d, why);
      later(d, () -> runStep(t, this::beginLarge));
    } else {
      fail(t, ErrorKind.SOURCE_CHANGED, why);
    }
  }

  private void abortStaleCheckpoints() {
    for (UploadCheckpoint cp : staleCheckpoints.values()) {
      LOG.info("aborting the upload of '{}' left by an earlier run: the source is no longer listed for transfer",
          cp.key());
      try {
        requests.acquire(1);
        sink.abortMultipart(cp.destinationKey(), cp.uploadId());
        ledger.write(new Ledger.Batch().clearCheckpoint(cp.key()));
      } catch (IOException | RuntimeException e) {
        LOG.warn("cannot abort the stale upload of '{}': {}", cp.key(), reason(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    staleCheckpoints.clear();
  }

  // ------------------------------------------------------------------------------------------ state

  /** One listed object on its way to a terminal state. Confined to one step at a time. */
  static final class ObjectTask {
    volatile ObjectInfo info;
    final String destKey;
    final LedgerEntry previous;
    volatile int attempts;
    volatile boolean started;
    boolean large;
    volatile long reserved;
    volatile UploadCheckpoint checkpoint;
    volatile boolean metadataNoted;

    ObjectTask(ObjectInfo info, String destKey, LedgerEntry previous) {
      this.info = info;
      this.destKey = destKey;
      this.previous = previous;
    }
  }

  /** One part of a large object, from its issue to its end (its slot and bytes are held throughout). */
  static final class PartJob {
    final int partNumber;
    final long reserved;
    int attempts;
    byte[] buffer;

    PartJob(int partNumber, long reserved) {
      this.partNumber = partNumber;
      this.reserved = reserved;
    }
  }

  /** A multipart upload in progress. Part bookkeeping is guarded by the {@link PartScheduler}'s monitor. */
  final class LargeUpload {
    final ObjectTask task;
    final PartPlanner.Plan plan;
    final PartResult[] done;
    final boolean[] issued;
    volatile String uploadId;
    volatile boolean checkpointed;
    /** Read as one stream: the source has no ranges, or refused them for this object. */
    volatile boolean sequential;
    int next; // first part index that may be unissued
    int running;
    int doneCount;
    volatile boolean failed;
    volatile Throwable failure;
    boolean settled;
    boolean reading;
    int completeAttempts;
    private final Object seqLock = new Object();
    private InputStream seq;
    private long seqPos;

    LargeUpload(ObjectTask task, PartPlanner.Plan plan) {
      this.task = task;
      this.plan = plan;
      this.done = new PartResult[plan.partCount()];
      this.issued = new boolean[plan.partCount()];
      this.sequential = ranges == null;
    }

    /** The next part to issue (1-based), or -1. Under the scheduler's monitor. */
    int nextUnissued() {
      while (next < issued.length && issued[next]) {
        next++;
      }
      return next < issued.length ? next + 1 : -1;
    }

    /** Reads part {@code n} from the one sequential stream into a buffer (sources without ranges). */
    byte[] readSequential(int n) throws IOException {
      synchronized (seqLock) {
        long off = plan.offset(n);
        int len = (int) plan.length(n);
        if (seq == null || seqPos != off) {
          closeSequentialLocked();
          seq = metered(source.open(task.info).body());
          seq.skipNBytes(off);
          seqPos = off;
        }
        byte[] buf = new byte[len];
        int got = seq.readNBytes(buf, 0, len);
        if (got < len) {
          closeSequentialLocked();
          throw new MigrateException(ErrorKind.SOURCE_CHANGED, "source changed while it was read: '"
              + task.info.key() + "' ended at " + (off + got) + " bytes, listed as " + plan.objectSize());
        }
        seqPos += len;
        if (n == plan.partCount()) {
          closeSequentialLocked();
        }
        return buf;
      }
    }

    void closeSequential() {
      synchronized (seqLock) {
        closeSequentialLocked();
      }
    }

    private void closeSequentialLocked() {
      if (seq != null) {
        try {
          seq.close();
        } catch (IOException ignored) {
          // nothing to do
        }
        seq = null;
      }
    }
  }

  /**
   * Hands out part slots: at most {@code partConcurrency} parts in flight overall and {@code partsPerObject} per
   * upload, oldest upload first, each part's bytes reserved before it is issued. Event-driven: {@link #pump}
   * runs whenever a slot, bytes or a sequential reader frees up.
   */
  final class PartScheduler {
    private final int perObject;
    private final ArrayDeque<LargeUpload> waiting = new ArrayDeque<>();
    private int free;
    private int runningNow;
    private int highWater;

    PartScheduler(int slots, int perObject) {
      this.free = slots;
      this.perObject = perObject;
    }

    void register(LargeUpload u) {
      boolean complete;
      synchronized (this) {
        complete = u.doneCount == u.plan.partCount();
        if (!complete) {
          waiting.add(u);
        }
      }
      if (complete) {
        runStep(u.task, x -> completeLarge(u));
      } else {
        pump();
      }
    }

    void pump() {
      if (stopping) {
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
            starts.add(() -> partGate.submit(() -> execute(partPool, () -> runPart(u, job))));
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
    void ended(LargeUpload u, PartJob job, PartResult r, Throwable e) {
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
            u.failure = e == null ? new MigrateException(ErrorKind.TRANSIENT, "part dropped") : e;
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
        } else if (u.doneCount == u.plan.partCount() && !u.settled) {
          u.settled = true;
          complete = true;
        }
      }
      budget.release(job.reserved);
      if (complete) {
        runStep(u.task, x -> completeLarge(u));
      }
      if (failNow) {
        runStep(u.task, x -> finishLargeFailure(u));
      }
      pump();
    }

    synchronized int highWaterRunning() {
      return highWater;
    }
  }

  /** Calls the user's listener, never letting it break the engine. */
  private static final class SafeListener implements MigrationListener {
    private final MigrationListener l;

    SafeListener(MigrationListener l) {
      this.l = l;
    }

    /** Listener methods must not throw; one that does is logged and ignored. */
    private static void guard(Runnable call) {
      try {
        call.run();
      } catch (RuntimeException e) {
        LOG.warn("the migration listener threw (ignored): {}", e.toString());
      }
    }

    @Override
    public void objectStarted(String key, long size) {
      guard(() -> l.objectStarted(key, size));
    }

    @Override
    public void objectCompleted(String key, long size, PutResult result) {
      guard(() -> l.objectCompleted(key, size, result));
    }

    @Override
    public void objectSkipped(String key, String reason) {
      guard(() -> l.objectSkipped(key, reason));
    }

    @Override
    public void objectFailed(String key, ErrorKind kind, String reason) {
      guard(() -> l.objectFailed(key, kind, reason));
    }

    @Override
    public void partCompleted(String key, int partNumber, long size) {
      guard(() -> l.partCompleted(key, partNumber, size));
    }

    @Override
    public void retryScheduled(String key, int nextAttempt, Duration delay, String reason) {
      guard(() -> l.retryScheduled(key, nextAttempt, delay, reason));
    }

    @Override
    public void progress(ProgressSnapshot snapshot) {
      guard(() -> l.progress(snapshot));
    }
  }
}
