package io.github.cosmigrate.api;

import io.github.cosmigrate.internal.pipeline.DirectTransfer;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.RateLimiter;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import java.io.IOException;
import java.time.Clock;
import java.util.Objects;

/**
 * The transfer of one listed object, on the caller's thread, outside any engine: for workers that are handed
 * objects one by one (a scale-out runner) instead of listing a source themselves.
 *
 * <pre>{@code
 * ObjectTransfer transfer = ObjectTransfer.builder().source(source).sink(sink).ledger(ledger)
 *     .options(o -> o.destinationPrefix("backup/")).build();
 * TransferOutcome outcome = transfer.transfer(listedObject);   // blocks until a terminal state
 * }</pre>
 *
 * <p>It is the engine's own per-object code with the same guarantees: the key and size are checked against the
 * sink's limits, an object the ledger records as migrated in this very version is skipped ({@link SkipMode#LEDGER};
 * {@link SkipMode#DESTINATION} compares CRC-64s at the destination), the content is verified with CRC-64 through
 * the sink and against the source's own CRC-64 when it gives one, the source is stat-ed again after the transfer
 * unless it pins its reads, a large object goes multipart with its checkpoint in the ledger and resumes from an
 * earlier checkpoint, and every retry (with backoff) follows the engine's one retry rule. The outcome is recorded
 * in the ledger before it is returned.
 *
 * <p><b>Threading.</b> {@link #transfer} may be called from many threads at once (each call has its own state);
 * parts of one object are sent one after another on the calling thread, retry delays are slept on it. Options
 * that size the engine's pools ({@code concurrency}, {@code maxQueuedObjects}) do not apply; {@code partsPerObject}
 * and {@code maxBytesInFlight} bound what one call holds.
 */
public final class ObjectTransfer {
  private final DirectTransfer direct;

  private ObjectTransfer(Builder b) {
    this.direct = new DirectTransfer(Objects.requireNonNull(b.source, "source"), Objects.requireNonNull(b.sink, "sink"),
        Objects.requireNonNull(b.ledger, "ledger"), b.options, b.listener, b.bandwidth, b.requests, b.sourceRequests,
        b.clock);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Transfers one object as the source listed it (or stat-ed it) and returns its terminal state. Blocks until then.
   *
   * @throws IOException when the transfer cannot go on at all (an error fatal to a run, such as bad credentials, or
   *     the ledger cannot be read); the object then has no new terminal record and a later call starts over (or
   *     resumes its multipart upload)
   * @throws InterruptedException when the calling thread is interrupted; the same holds
   */
  public TransferOutcome transfer(ObjectInfo listed) throws IOException, InterruptedException {
    return direct.transfer(Objects.requireNonNull(listed, "listed"));
  }

  /** Builder for {@link ObjectTransfer}. Source, sink and ledger are required. */
  public static final class Builder {
    private Source source;
    private Sink sink;
    private Ledger ledger;
    private MigrationOptions options = MigrationOptions.builder().build();
    private MigrationListener listener = MigrationListener.none();
    private RateLimiter bandwidth = RateLimiter.unlimited();
    private RateLimiter requests = RateLimiter.unlimited();
    private RateLimiter sourceRequests = RateLimiter.unlimited();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder source(Source v) { source = v; return this; }
    public Builder sink(Sink v) { sink = v; return this; }
    public Builder ledger(Ledger v) { ledger = v; return this; }
    public Builder options(MigrationOptions v) { options = Objects.requireNonNull(v); return this; }

    /** Adjusts the current options. */
    public Builder options(java.util.function.Consumer<MigrationOptions.Builder> edit) {
      MigrationOptions.Builder b = options.toBuilder();
      edit.accept(b);
      options = b.build();
      return this;
    }

    /** Hears of starts, parts, retries and the terminal state (no progress ticks). */
    public Builder listener(MigrationListener v) { listener = Objects.requireNonNull(v); return this; }
    /** Bytes per second read from the source. */
    public Builder bandwidthLimiter(RateLimiter v) { bandwidth = Objects.requireNonNull(v); return this; }
    /** Requests per second sent to the sink. */
    public Builder requestLimiter(RateLimiter v) { requests = Objects.requireNonNull(v); return this; }
    /** Requests per second sent to the source. */
    public Builder sourceRequestLimiter(RateLimiter v) { sourceRequests = Objects.requireNonNull(v); return this; }
    /** Clock for timestamps in the ledger. */
    public Builder clock(Clock v) { clock = Objects.requireNonNull(v); return this; }

    public ObjectTransfer build() {
      return new ObjectTransfer(this);
    }
  }
}
