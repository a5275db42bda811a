package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.api.Migration;
import io.github.cosmigrate.api.MigrationListener;
import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.RateLimiter;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import java.time.Clock;

/** The migration engine. Not API. (Being built: see issue 3.) */
public final class Pipeline {
  private Pipeline() {}

  public static Migration start(Source source, Sink sink, Ledger ledger, MigrationOptions options,
      MigrationListener listener, RateLimiter bandwidth, RateLimiter requests, Clock clock) {
    throw new UnsupportedOperationException("the pipeline is not built yet");
  }
}
