package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.api.MigrationReport;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The final summary of a run in the layout of the original tool's end statistics (cos_migrate_tool_v5's
 * {@code printTaskStaticsInfo}, see docs/design/original-tool.md), so that scripts that read it keep working,
 * followed by what it lacked ({@link #brief}: bytes, throughput, verification, retries, reasons):
 *
 * <pre>
 * bucket:photos-1250000000, list finished:true, status:ALL_OK
 * migrateLocal over! op statistics:
 *                    migrate_new : 13
 *                 migrate_update : 0
 *                   migrate_fail : 0
 *                   migrate_skip : 0
 *    migrate_condition_not_match : 2
 *                     start_time : 2026-12-06 23:00:01   end_time : 2026-12-06 23:00:04   used_time : 3 s
 * migrated 13, skipped 2, failed 0 (of 15 objects)
 * sent 1.2 MiB in 3.0s (400 KiB/s, 5 objects/s); verified: 13 (crc64 end to end (13)), unverifiable: 0; retries: 0
 * </pre>
 *
 * <p>Differences from the original, on purpose: {@code status} is ALL_OK only when the listing completed and
 * nothing failed, ALL_FAIL when nothing was migrated or skipped and something failed or the listing stopped (the
 * original said ALL_FAIL for a rerun that skipped everything), PART_OK otherwise, and STOPPED for a run stopped by
 * a signal; {@code migrate_skip} counts objects skipped as already migrated (unchanged in the ledger, or the same
 * content at the destination), {@code migrate_condition_not_match} those left out by the source's filters or
 * rules; {@code migrate_update} counts objects sent again because their source changed since an earlier run.
 * Stateless.
 */
public final class RunSummary {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private RunSummary() {}

  /**
   * What the report does not say about a run.
   *
   * @param bucket the destination bucket
   * @param sourceType the source provider's type, e.g. {@code local}
   * @param start when the command started the run (before opening the source, destination and ledger)
   * @param end when the run ended
   */
  public record Header(String bucket, String sourceType, Instant start, Instant end) {}

  /** The original tool's name for a source type ({@code migrateLocal}, {@code migrateAws}, ...). */
  static String typeName(String sourceType) {
    return switch (sourceType) {
      case "local" -> "migrateLocal";
      case "s3" -> "migrateAws";
      case "oss" -> "migrateAli";
      case "url" -> "migrateUrl";
      case "cos" -> "migrateBucketCopy";
      default -> sourceType;
    };
  }

  /** The status word of the first line. */
  static String status(MigrationReport r, boolean stopped) {
    if (stopped) {
      return "STOPPED";
    }
    if (r.success()) {
      return "ALL_OK";
    }
    return r.migrated() == 0 && r.skipped() == 0 ? "ALL_FAIL" : "PART_OK";
  }

  /** Objects skipped as already migrated (the rest of the skips did not match the source's conditions). */
  static long alreadyMigrated(MigrationReport r) {
    Map<String, Long> m = r.skippedByReason();
    return m.getOrDefault(MigrationReport.SKIPPED_UNCHANGED, 0L)
        + m.getOrDefault(MigrationReport.SKIPPED_SAME_AT_DESTINATION, 0L);
  }

  /** The whole summary; {@code stopped} for a run stopped by a signal (its counts are those settled before). */
  public static String format(Header h, MigrationReport r, boolean stopped, ZoneId zone) {
    String nl = System.lineSeparator();
    long skip = Math.min(r.skipped(), alreadyMigrated(r));
    StringBuilder sb = new StringBuilder();
    sb.append("bucket:").append(h.bucket()).append(", list finished:").append(!stopped && r.listingComplete())
        .append(", status:").append(status(r, stopped)).append(nl);
    sb.append(typeName(h.sourceType())).append(" over! op statistics:").append(nl);
    line(sb, "migrate_new", String.valueOf(r.migrated() - r.updated()));
    line(sb, "migrate_update", String.valueOf(r.updated()));
    line(sb, "migrate_fail", String.valueOf(r.failed()));
    line(sb, "migrate_skip", String.valueOf(skip));
    line(sb, "migrate_condition_not_match", String.valueOf(r.skipped() - skip));
    line(sb, "start_time", TIME.format(h.start().atZone(zone)) + "   end_time : " + TIME.format(h.end().atZone(zone))
        + "   used_time : " + java.time.Duration.between(h.start(), h.end()).toSeconds() + " s");
    sb.append(brief(r));
    return sb.toString();
  }

  /**
   * The one warning line of a run that migrated objects it could not verify: how many, why, and what to do; empty
   * when every migrated object was verified.
   */
  public static Optional<String> unverifiableWarning(MigrationReport r) {
    if (r.unverifiable() == 0) {
      return Optional.empty();
    }
    String why = r.unverifiableByReason().isEmpty() ? "no reason recorded" : reasons(r.unverifiableByReason());
    return Optional.of("cos-migrate: warning: " + Sizes.count(r.unverifiable())
        + (r.unverifiable() == 1 ? " object was" : " objects were") + " migrated but not verified (" + why
        + "): their content was not compared with the source; run with --verify reread to read each one back and"
        + " compare its CRC-64 (a rerun sends them again), or use an endpoint that returns x-cos-hash-crc64ecma");
  }

  /** The short summary: counts, bytes, rate, verification, retries, reasons (the lines after the original's). */
  public static String brief(MigrationReport r) {
    double secs = Math.max(0.001, r.elapsed().toMillis() / 1000.0);
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(java.util.Locale.ROOT, "migrated %s, skipped %s, failed %s (of %s objects)%n",
        Sizes.count(r.migrated()), Sizes.count(r.skipped()), Sizes.count(r.failed()), Sizes.count(r.total())));
    sb.append(String.format(java.util.Locale.ROOT, "sent %s in %s (%s, %.0f objects/s); verified: %s%s,"
            + " unverifiable: %s; retries: %s%n", Sizes.bytes(r.bytesTransferred()), Sizes.duration(r.elapsed()),
        Sizes.rate(r.bytesTransferred() / secs), r.total() / secs, Sizes.count(r.verified()),
        r.verifiedBy().isEmpty() ? "" : " (" + reasons(r.verifiedBy()) + ")", Sizes.count(r.unverifiable()),
        Sizes.count(r.retries())));
    if (!r.skippedByReason().isEmpty()) {
      sb.append("skipped: ").append(reasons(r.skippedByReason())).append(System.lineSeparator());
    }
    if (!r.failedByReason().isEmpty()) {
      sb.append("failed: ").append(reasons(r.failedByReason())).append(System.lineSeparator());
    }
    if (!r.metadataNotes().isEmpty()) {
      sb.append("metadata changed for COS: ").append(reasons(r.metadataNotes())).append(System.lineSeparator());
    }
    if (!r.listingComplete()) {
      sb.append("listing incomplete: ").append(r.listingError().orElse("(no reason given)"))
          .append(System.lineSeparator());
    }
    return sb.toString();
  }

  private static String reasons(Map<String, Long> m) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(m).forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "; ").append(k).append(" (")
        .append(Sizes.count(v)).append(')'));
    return sb.toString();
  }

  private static void line(StringBuilder sb, String label, String value) {
    sb.append(String.format(Locale.ROOT, "%30s : %s", label, value)).append(System.lineSeparator());
  }
}
