package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.SkipMode;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.internal.retry.RetryPolicy;
import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.model.SourceEntry;
import io.github.cosmigrate.spi.Ledger;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listing and admission, on the lister thread: lists page after page (retrying a page per the
 * {@link RetryPolicy}), looks the page's keys up in the ledger in one {@code getAll}, settles what needs no transfer
 * (entries the source skipped or failed, keys or sizes the sink refuses, objects unchanged since the last run) and
 * admits the rest, blocking on the admission semaphore (the only place that may block) and on the byte budget for
 * a small object. Large objects wait for an upload slot in a gate, so they never hold up the small ones after
 * them. {@link #finished} frees an admitted object's permit, bytes and upload slot. Each page is a segment of the
 * {@link ListingWatermark}, which saves the listing position once every object before it is terminal.
 */
final class Admission {
  private static final Logger LOG = LoggerFactory.getLogger("io.github.cosmigrate.pipeline");
  static final String REASON_UNCHANGED = io.github.cosmigrate.api.MigrationReport.SKIPPED_UNCHANGED;

  private final ObjectFlow f;
  private final SmallTransfer small;
  private final MultipartTransfer large;
  private final Checkpoints checkpoints;
  private final PoolScheduler pool;
  private final Stats stats;
  private final String name;
  private final ListingWatermark watermark;

  private final int maxAdmitted;
  private final Semaphore permits;
  final Gate largeGate;
  final int openUploadBound;
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong highWater = new AtomicLong();
  final CompletableFuture<Void> drained = new CompletableFuture<>();
  private volatile boolean listingDone;
  private volatile boolean listingComplete;
  private volatile String listingError;

  Admission(ObjectFlow flow, SmallTransfer small, MultipartTransfer large, Checkpoints checkpoints, PoolScheduler pool,
      Stats stats, String name, ListingWatermark watermark) {
    this.f = flow;
    this.small = small;
    this.large = large;
    this.checkpoints = checkpoints;
    this.pool = pool;
    this.stats = stats;
    this.name = name;
    this.watermark = watermark;
    MigrationOptions o = flow.opt;
    this.maxAdmitted = o.concurrency() + o.maxQueuedObjects();
    this.permits = new Semaphore(maxAdmitted);
    this.openUploadBound = (o.partConcurrency() + o.partsPerObject() - 1) / o.partsPerObject() + 1;
    this.largeGate = new Gate("large objects", () -> openUploadBound);
  }

  int maxAdmitted() {
    return maxAdmitted;
  }

  long highWater() {
    return highWater.get();
  }

  boolean listingDone() {
    return listingDone;
  }

  boolean listingComplete() {
    return listingComplete;
  }

  Optional<String> listingError() {
    return Optional.ofNullable(listingError);
  }

  // ------------------------------------------------------------------------------------------ shared rules

  /** Why the sink cannot take the object as listed, or null. */
  static String invalid(ObjectInfo info, String destKey, SinkLimits limits) {
    int keyBytes = utf8Length(destKey);
    if (keyBytes > limits.maxKeyLength()) {
      return "destination key '" + destKey + "' is " + keyBytes + " bytes in UTF-8; the destination allows at most "
          + limits.maxKeyLength() + " (maxKeyLength); shorten the destination prefix or the source path";
    }
    if (info.size() > limits.maxObjectSize()) {
      return "object '" + info.key() + "' is " + info.size() + " bytes; the destination allows at most "
          + limits.maxObjectSize() + " bytes per object";
    }
    return null;
  }

  /**
   * SkipMode.LEDGER: the ledger says this very version was migrated to this destination key. A fingerprint that
   * identifies no version (no mtime, no version tag) never proves that: such an object is sent again.
   */
  static boolean unchanged(MigrationOptions opt, LedgerEntry prev, ObjectInfo info, String destKey) {
    return opt.unchangedSince(prev, info, destKey);
  }

  /**
   * Whether the object goes through the {@link MultipartTransfer}: it is large, or its size is unknown (it is then
   * streamed, see {@link StreamedTransfer}).
   */
  static boolean large(MigrationOptions opt, SinkLimits limits, ObjectInfo info) {
    return !info.sizeKnown() || info.size() >= opt.multipartThreshold() || info.size() > limits.maxSinglePutSize();
  }

  static int utf8Length(String s) {
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

  // ------------------------------------------------------------------------------------------ listing

  /**
   * Lists and admits everything from {@code start} (the {@link ListingWatermark}'s saved position, or the start);
   * returns when the listing ended (completely or not). When the source refuses a saved position, the listing
   * starts again from the start.
   */
  void listAll(Optional<ListCursor> start) throws InterruptedException {
    Optional<ListCursor> cursor = start;
    boolean fromSaved = start.isPresent();
    while (true) {
      checkStopping();
      ListBatch page = listWithRetry(cursor, fromSaved);
      if (page == REFUSED) {
        watermark.restart();
        cursor = Optional.empty();
        fromSaved = false;
        continue;
      }
      fromSaved = false;
      if (page == null) {
        break;
      }
      ListingWatermark.Segment segment = watermark.open(page);
      handlePage(page.entries(), segment);
      watermark.seal(segment);
      if (page.isLast()) {
        listingComplete = true;
        break;
      }
      cursor = page.next();
    }
    listingDone = true;
    if (inFlight.get() == 0) {
      drained.complete(null);
    }
  }

  /** What {@link #listWithRetry} returns when the source refused a saved position. */
  private static final ListBatch REFUSED = new ListBatch(List.of(), Optional.empty());

  private void checkStopping() throws InterruptedException {
    if (f.sched.stopping() || Thread.currentThread().isInterrupted()) {
      throw new InterruptedException();
    }
  }

  private ListBatch listWithRetry(Optional<ListCursor> cursor, boolean fromSaved) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return f.source.list(cursor);
      } catch (IOException | RuntimeException e) {
        checkStopping();
        if (e instanceof InterruptedIOException) {
          throw new InterruptedException();
        }
        RetryPolicy.Decision d = f.policy.decide(RetryPolicy.Scope.LISTING, e, attempt);
        if (fromSaved && !d.retry() && !d.kind().retryable()) {
          // a position the source made in an earlier run, now refused (its mode or settings changed): start over;
          // an outage that outlasted the retries is not a refusal, it ends the listing as usual
          LOG.warn("listing {} from its saved position failed ({}); listing from the start instead",
              f.source.describe(), d.reason());
          return REFUSED;
        }
        switch (d.action()) {
          case STOP -> {
            f.sched.stop(e);
            throw new InterruptedException();
          }
          case FAIL -> {
            listingError = "listing " + f.source.describe() + " stopped after " + attempt + " attempt(s): "
                + d.reason();
            LOG.error("migration {}: {}", name, listingError);
            return null;
          }
          case RETRY -> {
            LOG.warn("listing {} failed ({}), retrying in {} ms", f.source.describe(), d.reason(),
                d.delay().toMillis());
            stats.retries.increment();
            pool.sleep(d.delay());
          }
        }
      }
    }
  }

  private void handlePage(List<SourceEntry> entries, ListingWatermark.Segment segment) throws InterruptedException {
    Map<String, LedgerEntry> previous = Map.of();
    if (f.opt.skipMode() != SkipMode.NONE) {
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
      if (e instanceof SourceEntry.Found found) {
        stats.bytesListed.add(Math.max(0, found.object().size())); // an unknown size counts as 0
        handleFound(found.object(), previous.get(found.key()), segment);
      } else if (e instanceof SourceEntry.Skipped s) {
        f.settle.skippedListed(s.key(), f.opt.destinationKey(s.key()), s.reason(), 0);
      } else if (e instanceof SourceEntry.Failed failed) {
        checkpoints.keep(failed.key()); // keep its upload: the next run may resume it
        watermark.failed(segment);
        f.settle.failedListed(failed.key(), failed.kind(), failed.reason(), null,
            f.opt.destinationKey(failed.key()));
      }
    }
  }

  private Map<String, LedgerEntry> ledgerGetAll(List<String> keys) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return f.ledger.getAll(keys);
      } catch (IOException | RuntimeException e) {
        checkStopping();
        RetryPolicy.Decision d = f.policy.decide(RetryPolicy.Scope.LEDGER, e, attempt);
        if (!d.retry()) {
          f.sched.stop(new MigrateException(d.kind().fatalToRun() ? d.kind() : ErrorKind.FATAL_CONFIGURATION,
              "cannot read the ledger: " + d.reason(), e));
          throw new InterruptedException();
        }
        pool.sleep(d.delay());
      }
    }
  }

  private void handleFound(ObjectInfo info, LedgerEntry prev, ListingWatermark.Segment segment)
      throws InterruptedException {
    String key = info.key();
    String destKey = f.opt.destinationKey(key);
    String invalid = invalid(info, destKey, f.sink.limits());
    if (invalid != null) {
      watermark.failed(segment);
      f.settle.failedListed(key, ErrorKind.INVALID_INPUT, invalid, info, destKey);
      return;
    }
    if (unchanged(f.opt, prev, info, destKey)) {
      f.settle.skippedListed(key, destKey, REASON_UNCHANGED, info.size());
      return;
    }
    ObjectTask t = new ObjectTask(info, destKey, prev, large(f.opt, f.sink.limits(), info));
    t.segment = segment;
    if (t.large) {
      t.checkpoint = checkpoints.take(key).orElse(null);
    }
    permits.acquire();
    long n = inFlight.incrementAndGet();
    highWater.accumulateAndGet(n, Math::max);
    if (!t.large) {
      try {
        t.reserved = f.budget.acquire(info.size());
      } catch (InterruptedException e) {
        permits.release();
        inFlight.decrementAndGet();
        throw e;
      }
      watermark.admit(segment);
      small.start(t);
    } else {
      watermark.admit(segment);
      largeGate.submit(() -> large.start(t));
    }
  }

  /** An admitted object reached its terminal state: free its bytes, upload slot and admission. */
  void finished(ObjectTask t) {
    f.budget.release(t.reserved);
    t.reserved = 0;
    if (t.large) {
      largeGate.release();
    }
    boolean last = inFlight.decrementAndGet() == 0;
    permits.release();
    if (last && listingDone) {
      drained.complete(null);
    }
  }
}
