package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.source.s3.S3SourceProvider;
import io.github.cosmigrate.spi.Sink;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's S3 leg: the embedded server also speaks plain S3, so the bucket the local run filled is read back as
 * an S3 source (the AWS SDK v2 source, ranged GETs for the large files) and copied into a second COS bucket, then
 * every object of that bucket is checked against the local file's CRC-64.
 */
final class DemoS3Leg {
  /** The one deviation of a run 3 that a signal stopped: the demo then ends with status 3. */
  static final String STOPPED = "stopped by a signal during run 3 (S3)";

  static final String BUCKET = "demo-from-s3-1250000000";

  private DemoS3Leg() {}

  /** Runs the leg; returns the deviations from the expected outcome (empty when as expected). */
  static List<String> run(EmbeddedCos cos, Path localSource, DemoCommand.Expected expected, Path ledgerDir,
      Path report, MigrationOptions options, PrintStream out, boolean tty) throws IOException, UsageException {
    cos.createBucket(BUCKET);
    out.println();
    out.println("Run 3: S3 -> COS: bucket " + DemoCommand.BUCKET + " read as an S3 source (AWS SDK v2, reads pinned"
        + " to each listed ETag) and copied into bucket " + BUCKET);
    URI endpoint = cos.endpoint();
    Map<String, String> s = new LinkedHashMap<>();
    s.put(S3SourceProvider.BUCKET, DemoCommand.BUCKET);
    s.put(S3SourceProvider.ENDPOINT, endpoint.toString());
    s.put(S3SourceProvider.PATH_STYLE, "true");
    s.put(S3SourceProvider.REGION, "us-east-1");
    s.put(S3SourceProvider.ACCESS_KEY_ID, "demo-access-key");
    s.put(S3SourceProvider.SECRET_ACCESS_KEY, "demo-secret-key");
    SourceSpec spec = new SourceSpec(S3SourceProvider.TYPE, s,
        RemoteSource.identity("s3", endpoint.toString(), DemoCommand.BUCKET, ""), Map.of(),
        "--src-bucket " + DemoCommand.BUCKET);
    CosTarget target = new CosTarget(BUCKET, DemoCommand.REGION, Optional.of(endpoint), true, true,
        "demo-secret-id", "demo-secret-key", Optional.empty());
    MigrationJob job = new MigrationJob(spec, target, options, ledgerDir, Optional.of(report), Optional.empty(),
        Duration.ofSeconds(2), false);
    MigrationRun.Outcome run = MigrationRun.run(job, out, tty ? Duration.ofMillis(500) : Duration.ofSeconds(2), tty,
        false);
    List<String> d = new ArrayList<>();
    if (run.report().isEmpty()) {
      d.add("run 3 (S3) did not complete: " + run.reason().orElse("?"));
      return d;
    }
    MigrationReport r = run.report().get();
    out.print(MigrationRun.summary(r).indent(2));
    if (run.stopped()) {
      d.add(STOPPED);
      return d;
    }
    DemoCommand.Verification v;
    try (Sink sink = Plugins.cosSink(target, 8)) {
      v = DemoCommand.verify(localSource, sink, expected);
    }
    out.printf(Locale.ROOT, "  verify: %s of %s objects in %s carry the local file's CRC-64 (%s mismatched,"
        + " %s missing)%n", Sizes.count(v.verified), Sizes.count(expected.files), BUCKET, Sizes.count(v.mismatched),
        Sizes.count(v.missing));
    if (!r.success() || r.migrated() != expected.files) {
      d.add("run 3 (S3) migrated " + r.migrated() + " and failed " + r.failed() + ", expected " + expected.files
          + " migrated and none failed");
    }
    if (v.verified != expected.files) {
      d.add("run 3 (S3): " + v.verified + " of " + expected.files + " objects verified in " + BUCKET);
    }
    return d;
  }
}
