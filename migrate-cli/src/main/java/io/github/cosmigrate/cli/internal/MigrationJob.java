package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.cli.internal.config.Translated;
import io.github.cosmigrate.model.JobIdentity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything one migration command run needs, parsed and checked.
 *
 * @param source the source, as provider settings
 * @param target the destination
 * @param options the engine options
 * @param ledgerDir the ledger base directory (one store per job identity inside)
 * @param report where to write the report JSON
 * @param bandwidth bytes per second, when limited
 * @param progressInterval how often a progress line is printed
 * @param quiet no progress lines
 * @param requestsPerSecond a cap on the requests per second to COS, when limited
 * @param dryRun list and decide only: send nothing ({@code --dry-run})
 * @param schedule when passes run ({@code --daemon}, {@code --daemon-interval}, {@code --time-window})
 */
public record MigrationJob(SourceSpec source, CosTarget target, MigrationOptions options, Path ledgerDir,
    Optional<Path> report, Optional<Long> bandwidth, Duration progressInterval, boolean quiet,
    Optional<Double> requestsPerSecond, boolean dryRun, Translated.Schedule schedule) {

  /** A job that runs one pass at once. */
  public MigrationJob(SourceSpec source, CosTarget target, MigrationOptions options, Path ledgerDir,
      Optional<Path> report, Optional<Long> bandwidth, Duration progressInterval, boolean quiet,
      Optional<Double> requestsPerSecond, boolean dryRun) {
    this(source, target, options, ledgerDir, report, bandwidth, progressInterval, quiet, requestsPerSecond, dryRun,
        Translated.Schedule.ONCE);
  }

  /** A job with no request cap that migrates. */
  public MigrationJob(SourceSpec source, CosTarget target, MigrationOptions options, Path ledgerDir,
      Optional<Path> report, Optional<Long> bandwidth, Duration progressInterval, boolean quiet) {
    this(source, target, options, ledgerDir, report, bandwidth, progressInterval, quiet, Optional.empty(), false);
  }

  /** The job identity: source and destination; names the ledger store. */
  public JobIdentity identity() {
    return identity(source.identity(), target, options.destinationPrefix());
  }

  /** The identity of a job from {@code sourceIdentity} to the target under a normalized prefix. */
  public static JobIdentity identity(String sourceIdentity, CosTarget target, String normalizedPrefix) {
    return new JobIdentity(sourceIdentity, target.describe(normalizedPrefix));
  }
}
