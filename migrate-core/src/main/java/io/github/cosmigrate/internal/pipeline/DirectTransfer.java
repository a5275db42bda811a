package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.api.MigrationListener;
import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.SkipMode;
import io.github.cosmigrate.api.TransferOutcome;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.internal.retry.Backoff;
import io.github.cosmigrate.internal.retry.RetryPolicy;
import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.UploadCheckpoint;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.RateLimiter;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import java.io.IOException;
import java.time.Clock;

/**
 * The transfer of one object on the caller's thread, with the engine's own per-object code ({@link SmallTransfer},
 * {@link MultipartTransfer}, {@link Settlement}) run by an {@link InlineScheduler} instead of the engine's pools:
 * the same checks before admission (key and size limits, unchanged per the ledger), the same verification, source
 * re-check, checkpoints and resume, and retries per the same {@link RetryPolicy}. Behind
 * {@link io.github.cosmigrate.api.ObjectTransfer}; not API. Thread-safe: each call has its own state.
 */
public final class DirectTransfer {
  private final SourceGuard source;
  private final Sink sink;
  private final Ledger ledger;
  private final MigrationOptions opt;
  private final MigrationListener listener;
  private final RateLimiter bandwidth;
  private final RequestLimits limits;
  private final RetryPolicy policy;
  private final Clock clock;

  public DirectTransfer(Source source, Sink sink, Ledger ledger, MigrationOptions options, MigrationListener listener,
      RateLimiter bandwidth, RateLimiter requests, RateLimiter sourceRequests, Clock clock) {
    this.limits = new RequestLimits(options.concurrency(), options.partConcurrency(), requests, sourceRequests);
    this.source = new SourceGuard(source, limits);
    this.sink = sink;
    this.ledger = ledger;
    this.opt = options;
    this.listener = new SafeListener(listener);
    this.bandwidth = bandwidth;
    this.policy = new RetryPolicy(new Backoff(options.initialBackoff(), options.maxBackoff()), options.maxAttempts());
    this.clock = clock;
  }

  /** See {@link io.github.cosmigrate.api.ObjectTransfer#transfer}. */
  public TransferOutcome transfer(ObjectInfo listed) throws IOException, InterruptedException {
    InlineScheduler sched = new InlineScheduler();
    ByteBudget budget = new ByteBudget(opt.maxBytesInFlight());
    Settlement settle = new Settlement(ledger, clock, new Stats(), listener, () -> null, sched::stop,
        t -> budget.release(t.reserved), ListingWatermark.none());
    ObjectFlow[] flow = new ObjectFlow[1];
    flow[0] = new ObjectFlow(source, sink, ledger, opt, policy, limits, sched, settle, budget, bandwidth, clock,
        cp -> abort(flow[0], cp));
    String key = listed.key();
    String destKey = opt.destinationKey(key);
    String invalid = Admission.invalid(listed, destKey, sink.limits());
    if (invalid != null) {
      return settle.failedListed(key, ErrorKind.INVALID_INPUT, invalid, listed, destKey);
    }
    LedgerEntry prev = opt.skipMode() == SkipMode.NONE ? null : ledger.get(key).orElse(null);
    if (Admission.unchanged(opt, prev, listed, destKey)) {
      return settle.skippedListed(key, destKey, Admission.REASON_UNCHANGED, listed.size());
    }
    ObjectTask t = new ObjectTask(listed, destKey, prev, Admission.large(opt, sink.limits(), listed));
    if (t.large) {
      t.checkpoint = ledger.checkpoint(key).orElse(null);
      new MultipartTransfer(flow[0]).start(t);
    } else {
      t.reserved = budget.acquire(listed.size());
      new SmallTransfer(flow[0]).start(t);
    }
    sched.runUntil(() -> t.outcome != null);
    if (t.outcome != null) {
      return t.outcome;
    }
    Throwable fatal = sched.fatal();
    if (fatal instanceof IOException e) {
      throw e;
    }
    if (fatal instanceof RuntimeException e) {
      throw e;
    }
    if (fatal instanceof Error e) {
      throw e;
    }
    throw new MigrateException(ErrorKind.TRANSIENT, "the transfer of '" + key + "' stopped before a terminal state"
        + (fatal == null ? "" : ": " + RetryPolicy.reason(fatal)), fatal);
  }

  /** A checkpoint no transfer will use (the destination already holds the object): abort and clear it now. */
  private void abort(ObjectFlow f, UploadCheckpoint cp) {
    f.abortQuietly(cp.destinationKey(), cp.uploadId());
    try {
      ledger.write(new Ledger.Batch().clearCheckpoint(cp.key()));
    } catch (IOException e) {
      ObjectFlow.LOG.warn("cannot clear the checkpoint of '{}': {}", cp.key(), RetryPolicy.reason(e));
    }
  }
}
