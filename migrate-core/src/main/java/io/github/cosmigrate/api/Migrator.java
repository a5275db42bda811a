package io.github.cosmigrate.api;

import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.RateLimiter;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import java.time.Clock;
import java.util.Objects;

/**
 * The entry point: composes a {@link Source}, a {@link Sink} and a {@link Ledger} into a migration.
 *
 * <pre>{@code
 * try (Source source = new LocalSource(LocalSourceConfig.of(Path.of("/data")));
 *      Sink sink = CosSink.create(cosConfig);
 *      Ledger ledger = RocksDbLedger.open(Path.of("ledger"), identity)) {
 *   Migration m = Migrator.builder().source(source).sink(sink).ledger(ledger)
 *       .options(o -> o.destinationPrefix("backup/").concurrency(32))
 *       .build().start();
 *   MigrationReport report = m.completion().join();
 *   if (!report.success()) { ... report.failures() ... }
 * }
 * }</pre>
 *
 * <p><b>Resuming.</b> A run lists the source in passes. The ledger keeps the listing position of the current pass
 * up to its low watermark: every object listed before it is recorded as terminal, and none of them failed. A run
 * started on the same ledger after an unfinished pass (killed, cancelled, the listing stopped) continues the listing
 * from there instead of from the start; after a finished pass, it starts a new pass from the start, so that keys
 * added anywhere, changed objects and failed ones are all seen again. The position is kept per source and
 * destination identity ({@link Source#describe()}, {@link Sink#describe()} and the destination prefix). A source
 * whose cursors cannot be resumed ({@link Source#resumableCursors()}) is listed from the start by every run. The
 * report of a resumed run counts what that run listed. Settings a source's description does not name (its
 * filters) are applied by a resumed pass to what it still lists, and everywhere by the next pass.
 *
 * <p><b>Ownership.</b> The engine does not close the source, sink or ledger; the caller does, after the
 * completion future is done. The engine's own threads end when the run ends.
 */
public final class Migrator {
  private final Source source;
  private final Sink sink;
  private final Ledger ledger;
  private final MigrationOptions options;
  private final MigrationListener listener;
  private final RateLimiter bandwidth;
  private final RateLimiter requests;
  private final RateLimiter sourceRequests;
  private final Clock clock;

  private Migrator(Builder b) {
    this.source = Objects.requireNonNull(b.source, "source");
    this.sink = Objects.requireNonNull(b.sink, "sink");
    this.ledger = Objects.requireNonNull(b.ledger, "ledger");
    this.options = b.options;
    this.listener = b.listener;
    this.bandwidth = b.bandwidth;
    this.requests = b.requests;
    this.sourceRequests = b.sourceRequests;
    this.clock = b.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts the run on the engine's own threads and returns at once. Each Migrator starts at most once. */
  public Migration start() {
    return io.github.cosmigrate.internal.pipeline.Pipeline.start(
        source, sink, ledger, options, listener, bandwidth, requests, sourceRequests, clock);
  }

  /** Builder for {@link Migrator}. Source, sink and ledger are required. */
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

    public Builder listener(MigrationListener v) { listener = Objects.requireNonNull(v); return this; }
    /** Bytes per second read from the source (and so sent to the sink). */
    public Builder bandwidthLimiter(RateLimiter v) { bandwidth = Objects.requireNonNull(v); return this; }
    /** Requests per second sent to the sink. */
    public Builder requestLimiter(RateLimiter v) { requests = Objects.requireNonNull(v); return this; }
    /**
     * Requests per second sent to the source (list, stat, open, range open), separate from the sink's: a source
     * that throttles slows its own requests, not the sink's.
     */
    public Builder sourceRequestLimiter(RateLimiter v) { sourceRequests = Objects.requireNonNull(v); return this; }
    /** Clock for timestamps in the ledger and report (tests inject a fixed one). */
    public Builder clock(Clock v) { clock = Objects.requireNonNull(v); return this; }

    public Migrator build() {
      return new Migrator(this);
    }
  }
}
