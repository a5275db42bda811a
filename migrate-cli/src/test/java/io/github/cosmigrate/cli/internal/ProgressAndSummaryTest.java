package io.github.cosmigrate.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.ProgressSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The final summary's layout (the original tool's, plus bytes, rate, verification), progress line, TTY rule. */
class ProgressAndSummaryTest {
  private static final RunSummary.Header HEADER =
      new RunSummary.Header("photos-1250000000", "local", Instant.parse("2026-12-06T23:00:01Z"),
          Instant.parse("2026-12-06T23:00:04.600Z"));

  private static MigrationReport report(long migrated, long updated, long failed, Map<String, Long> skipped,
      boolean listingComplete, long retries) {
    long skips = skipped.values().stream().mapToLong(Long::longValue).sum();
    return new MigrationReport(migrated, skips, failed, migrated - 1, 1, 3L << 20, listingComplete,
        listingComplete ? Optional.empty() : Optional.of("the run was stopped before the end"), skipped,
        failed == 0 ? Map.of() : Map.of("NOT_FOUND", failed), List.of(), Duration.ofMillis(3400), Map.of(),
        Map.of(MigrationReport.VERIFIED_END_TO_END, migrated - 1), Map.of("the destination returned no CRC-64", 1L),
        updated, retries);
  }

  @Test
  void theSummaryHasTheOriginalToolsLinesThenBytesRateVerificationAndRetries() {
    MigrationReport r = report(13, 2, 0, Map.of(MigrationReport.SKIPPED_UNCHANGED, 4L, "excluded", 2L), true, 5);
    String s = RunSummary.format(HEADER, r, false, ZoneOffset.UTC);
    assertThat(s.lines().toList()).containsExactly(
        "bucket:photos-1250000000, list finished:true, status:ALL_OK",
        "migrateLocal over! op statistics:",
        "                   migrate_new : 11",
        "                migrate_update : 2",
        "                  migrate_fail : 0",
        "                  migrate_skip : 4",
        "   migrate_condition_not_match : 2",
        "                    start_time : 2026-12-06 23:00:01   end_time : 2026-12-06 23:00:04   used_time : 3 s",
        "migrated 13, skipped 6, failed 0 (of 19 objects)",
        "sent 3.00 MiB in 3.4s (904 KiB/s, 6 objects/s); verified: 12 (crc64 end to end (12)), unverifiable: 1;"
            + " retries: 5",
        "skipped: excluded (2); unchanged (4)");
    assertThat(ReportJson.toJson(r)).contains("\"updated\": 2,", "\"retries\": 5,");
  }

  @Test
  void statusIsPartOkAllFailOrStoppedAsTheCountsSay() {
    Map<String, Long> none = Map.of();
    assertThat(RunSummary.status(report(3, 0, 1, none, true, 0), false)).isEqualTo("PART_OK");
    assertThat(RunSummary.status(report(1, 0, 0, none, false, 0), false)).isEqualTo("PART_OK");
    assertThat(RunSummary.status(report(0, 0, 4, none, true, 0), false)).isEqualTo("ALL_FAIL");
    assertThat(RunSummary.status(report(0, 0, 0, Map.of("unchanged", 9L), true, 0), false))
        .as("a rerun that skips everything is ALL_OK (the original said ALL_FAIL)").isEqualTo("ALL_OK");
    String stopped = RunSummary.format(new RunSummary.Header("b-1", "s3", HEADER.start(), HEADER.end()),
        report(2, 0, 0, none, false, 0), true, ZoneOffset.UTC);
    assertThat(stopped).startsWith("bucket:b-1, list finished:false, status:STOPPED" + System.lineSeparator()
        + "migrateAws over! op statistics:").contains("listing incomplete: the run was stopped before the end");
    assertThat(RunSummary.typeName("oss")).isEqualTo("migrateAli");
    assertThat(RunSummary.typeName("cos")).isEqualTo("migrateBucketCopy");
    assertThat(RunSummary.typeName("url")).isEqualTo("migrateUrl");
  }

  @Test
  void theProgressLineCountsFailuresAndRetries() {
    var p = new ProgressSnapshot(300, 120, 3, 2, 10L << 20, 4L << 20, 1 << 20, Optional.of(Duration.ofSeconds(6)),
        true, Duration.ofSeconds(4), 7);
    assertThat(ProgressPrinter.format(p)).isEqualTo("[4.0s] 125/300 objects (120 migrated, 3 skipped, 2 failed,"
        + " 7 retries) | 4.00 MiB of 10.0 MiB | 1.00 MiB/s | ETA 6.0s");
  }

  @Test
  void aTerminalIsWhereTheDescriptorPointsAndTheEnvironmentCanForceEither() throws UsageException {
    assertThat(Terminal.isTerminalDevice("/dev/pts/3")).isTrue();
    assertThat(Terminal.isTerminalDevice("/dev/tty1")).isTrue();
    assertThat(Terminal.isTerminalDevice("pipe:[123456]")).isFalse();
    assertThat(Terminal.isTerminalDevice("/tmp/run.log")).isFalse();
    assertThat(Terminal.isTerminalDevice("/dev/null")).isFalse();
    assertThat(Terminal.refreshInPlace(Terminal.STDERR, Map.of(Terminal.ENV, "tty"))).isTrue();
    assertThat(Terminal.refreshInPlace(Terminal.STDERR, Map.of(Terminal.ENV, "LINES"))).isFalse();
    assertThat(Terminal.refreshInPlace(Terminal.STDERR, Map.of("TERM", "dumb"))).isFalse();
    assertThatThrownBy(() -> Terminal.refreshInPlace(Terminal.STDERR, Map.of(Terminal.ENV, "yes")))
        .isInstanceOf(UsageException.class).hasMessage("COS_MIGRATE_PROGRESS must be tty, lines or auto, was 'yes'");
  }
}
