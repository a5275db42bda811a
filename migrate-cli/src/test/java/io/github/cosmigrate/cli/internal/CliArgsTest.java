package io.github.cosmigrate.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CliArgsTest {
  private static final Set<String> VALUES = Set.of("source", "exclude", "part-size", "concurrency");
  private static final Set<String> SWITCHES = Set.of("path-style");

  private static CliArgs parse(String... args) throws UsageException {
    return CliArgs.parse(List.of(args), VALUES, SWITCHES, Set.of("exclude"));
  }

  @Test
  void readsSpaceAndEqualsFormsSwitchesAndRepeats() throws Exception {
    CliArgs a = parse("--source", "/data", "--part-size=8MiB", "--path-style", "--exclude", "*.tmp",
        "--exclude=**/cache/**");
    assertThat(a.get("source")).contains("/data");
    assertThat(a.size("part-size", 1)).isEqualTo(8L << 20);
    assertThat(a.has("path-style")).isTrue();
    assertThat(a.all("exclude")).containsExactly("*.tmp", "**/cache/**");
    assertThat(a.positiveInt("concurrency", 7)).isEqualTo(7);
  }

  @Test
  void rejectsUnknownMissingAndRepeated() {
    assertThatThrownBy(() -> parse("--nope", "x")).isInstanceOf(UsageException.class)
        .hasMessageContaining("unknown option --nope");
    assertThatThrownBy(() -> parse("--source")).hasMessageContaining("--source needs a value");
    assertThatThrownBy(() -> parse("--source", "a", "--source", "b")).hasMessageContaining("more than once");
    assertThatThrownBy(() -> parse("--path-style=yes")).hasMessageContaining("takes no value");
    assertThatThrownBy(() -> parse("-s", "x")).hasMessageContaining("unknown option -s");
    assertThatThrownBy(() -> parse("--concurrency", "0").positiveInt("concurrency", 1))
        .hasMessageContaining("--concurrency must be a whole number > 0");
    assertThatThrownBy(() -> parse("--concurrency", "many").positiveInt("concurrency", 1))
        .hasMessageContaining("'many'");
    assertThatThrownBy(() -> parse("--part-size", "8 parsecs").size("part-size", 1))
        .hasMessageContaining("--part-size").hasMessageContaining("unit");
  }

  @Test
  void picocliKeepsTheWordsAsGiven() throws Exception {
    // no @file expansion, a lone '-' and everything after '--' are words, -vv counts twice
    CliArgs a = parse("--source", "@not-a-file", "-vv", "-", "--", "--exclude", "x");
    assertThat(a.get("source")).contains("@not-a-file");
    assertThat(a.all("verbose")).hasSize(2);
    assertThat(a.positional()).containsExactly("-", "--exclude", "x");
    // a value may start with '-' unless it is an option of the command
    assertThat(parse("--source", "-data").get("source")).contains("-data");
    assertThatThrownBy(() -> parse("--source", "--exclude")).hasMessageContaining("option --source needs a value");
    assertThatThrownBy(() -> parse("--sourc", "x")).hasMessageContaining("unknown option --sourc");
  }

  @Test
  void sizesParseBinaryUnitsAndPrintForHumans() {
    assertThat(Sizes.parse("4096")).isEqualTo(4096);
    assertThat(Sizes.parse("512K")).isEqualTo(512L << 10);
    assertThat(Sizes.parse("5 MiB")).isEqualTo(5L << 20);
    assertThat(Sizes.parse("2gb")).isEqualTo(2L << 30);
    assertThatThrownBy(() -> Sizes.parse("MiB")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sizes.parse("99999999999T")).hasMessageContaining("too large");
    assertThat(Sizes.bytes(0)).isEqualTo("0 B");
    assertThat(Sizes.bytes(110L << 20)).isEqualTo("110 MiB");
    assertThat(Sizes.bytes(1536)).isEqualTo("1.50 KiB");
    assertThat(Sizes.duration(Duration.ofMillis(4200))).isEqualTo("4.2s");
    assertThat(Sizes.duration(Duration.ofSeconds(125))).isEqualTo("2m05s");
    assertThat(Sizes.duration(Duration.ofSeconds(3723))).isEqualTo("1h02m03s");
    assertThat(Sizes.count(12345)).isEqualTo("12,345");
  }

  @Test
  void reportJsonEscapesAndCarriesEveryCounter() {
    var r = new io.github.cosmigrate.api.MigrationReport(3, 2, 1, 2, 1, 1000, true, java.util.Optional.empty(),
        java.util.Map.of("unchanged", 2L), java.util.Map.of("NOT_FOUND", 1L),
        List.of(new io.github.cosmigrate.api.FailedObject("a \"b\"\n.txt", io.github.cosmigrate.error.ErrorKind.NOT_FOUND,
            "gone")), Duration.ofMillis(1500), java.util.Map.of("storage class GLACIER mapped to ARCHIVE", 2L),
        java.util.Map.of(io.github.cosmigrate.api.MigrationReport.VERIFIED_END_TO_END, 2L),
        java.util.Map.of("the endpoint returned no x-cos-hash-crc64ecma", 1L));
    String json = ReportJson.toJson(r);
    assertThat(json).contains("\"verifiedBy\": {\"crc64 end to end\": 2}",
        "\"unverifiableByReason\": {\"the endpoint returned no x-cos-hash-crc64ecma\": 1}");
    assertThat(MigrationRun.unverifiableWarning(r)).hasValueSatisfying(w -> assertThat(w)
        .startsWith("cos-migrate: warning: 1 object was migrated but not verified (the endpoint returned no"
            + " x-cos-hash-crc64ecma (1))").contains("--verify reread").doesNotContain("\n"));
    assertThat(json).contains("\"metadataNotes\": {\"storage class GLACIER mapped to ARCHIVE\": 2}");
    assertThat(MigrationRun.summary(r)).contains("metadata changed for COS: storage class GLACIER mapped to ARCHIVE (2)");
    assertThat(json).contains("\"success\": false", "\"total\": 6", "\"migrated\": 3", "\"bytesTransferred\": 1000",
        "\"listingError\": null", "\"unchanged\": 2", "\"key\": \"a \\\"b\\\"\\n.txt\"", "\"elapsedMillis\": 1500");
  }

  @Test
  void progressLineShowsObjectsBytesRateAndEta() {
    var p = new io.github.cosmigrate.api.ProgressSnapshot(3000, 1200, 30, 4, 240L << 20, 100L << 20,
        10.0 * (1 << 20), java.util.Optional.of(Duration.ofSeconds(14)), true, Duration.ofMillis(12300));
    assertThat(ProgressPrinter.format(p)).isEqualTo("[12.3s] 1,234/3,000 objects (1,200 migrated, 30 skipped, 4 failed, 0 retries)"
        + " | 100 MiB of 240 MiB | 10.0 MiB/s | ETA 14.0s");
    var listing = new io.github.cosmigrate.api.ProgressSnapshot(10, 5, 0, 0, 1000, 500, 0, java.util.Optional.empty(),
        false, Duration.ofSeconds(1));
    assertThat(ProgressPrinter.format(listing)).contains("5/10+ objects", "of 1000 B+", "ETA listing");
  }
}
