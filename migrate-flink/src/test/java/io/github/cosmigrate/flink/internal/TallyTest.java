package io.github.cosmigrate.flink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.error.ErrorKind;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The merged report: every result counted once, by state, reason and verification; state survives serialization. */
class TallyTest {
  static ObjectResult migrated(String key, long bytes, String verifiedBy, String unverifiable) {
    ObjectResult r = new ObjectResult();
    r.state = "MIGRATED";
    r.key = key;
    r.reason = "";
    r.bytes = bytes;
    r.verifiedBy = verifiedBy;
    r.unverifiableReason = unverifiable;
    return r;
  }

  @Test
  void countsMergeAndSurviveACheckpoint() {
    Tally t = new Tally();
    t.add(migrated("a", 10, MigrationReport.VERIFIED_END_TO_END, null));
    t.add(migrated("b", 5, null, "the endpoint returned no x-cos-hash-crc64ecma"));
    t.add(ObjectResult.skipped("c", "excluded"));
    t.add(ObjectResult.failed("d", ErrorKind.NOT_FOUND, "vanished"));
    Tally restored = Tally.fromBytes(t.toBytes());
    restored.add(ObjectResult.failed("e", ErrorKind.NOT_FOUND, "vanished too"));

    MigrationReport r = restored.report(Duration.ofSeconds(1));
    assertThat(r.migrated()).isEqualTo(2);
    assertThat(r.bytesTransferred()).isEqualTo(15);
    assertThat(r.verified()).isEqualTo(1);
    assertThat(r.verifiedBy()).isEqualTo(Map.of(MigrationReport.VERIFIED_END_TO_END, 1L));
    assertThat(r.unverifiable()).isEqualTo(1);
    assertThat(r.unverifiableByReason()).containsKey("the endpoint returned no x-cos-hash-crc64ecma");
    assertThat(r.skipped()).isEqualTo(1);
    assertThat(r.skippedByReason()).isEqualTo(Map.of("excluded", 1L));
    assertThat(r.failed()).isEqualTo(2);
    assertThat(r.failedByReason()).isEqualTo(Map.of("NOT_FOUND", 2L));
    assertThat(r.failures()).extracting(f -> f.key()).containsExactly("d", "e");
    assertThat(r.listingComplete()).isTrue();
    assertThat(r.success()).isFalse();
  }

  @Test
  void aListingThatStoppedMakesTheReportIncomplete() {
    Tally t = new Tally();
    t.add(migrated("a", 1, MigrationReport.VERIFIED_END_TO_END, null));
    t.add(ObjectResult.listingStopped("the bucket was deleted"));
    MigrationReport r = t.report(Duration.ZERO);
    assertThat(r.listingComplete()).isFalse();
    assertThat(r.listingError()).contains("the bucket was deleted");
    assertThat(r.success()).isFalse();
  }
}
