package io.github.cosmigrate.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.MigrationOptions;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The defaults the help shows ({@link Flag#dflt}) are the ones a run uses. */
class FlagDefaultsTest {

  @Test
  void theHelpsDefaultsAreTheEngines() {
    Map<String, String> shown = MigrationFlags.FLAGS.stream().filter(f -> f.dflt().isPresent())
        .collect(Collectors.toMap(Flag::name, f -> f.dflt().get()));
    MigrationOptions d = MigrationOptions.builder().build();
    assertThat(Integer.parseInt(shown.get("concurrency"))).isEqualTo(d.concurrency());
    assertThat(Integer.parseInt(shown.get("part-concurrency"))).isEqualTo(d.partConcurrency());
    assertThat(Integer.parseInt(shown.get("parts-per-object"))).isEqualTo(d.partsPerObject());
    assertThat(Integer.parseInt(shown.get("max-attempts"))).isEqualTo(d.maxAttempts());
    assertThat(Sizes.parse(shown.get("part-size"))).isEqualTo(d.partSize());
    assertThat(Sizes.parse(shown.get("small-file-threshold"))).isEqualTo(d.multipartThreshold());
    assertThat(Sizes.parse(shown.get("max-memory"))).isEqualTo(d.maxBytesInFlight());
    assertThat(shown.get("skip-mode")).isEqualToIgnoringCase(d.skipMode().name());
    assertThat(shown.get("verify")).isEqualToIgnoringCase(d.verify().name());
    assertThat(shown.get("ledger")).isEqualTo("./" + MigrationFlags.DEFAULT_LEDGER);
    assertThat(shown.get("daemon-interval")).isEqualTo(
        String.valueOf(io.github.cosmigrate.cli.internal.config.Translated.Schedule.ONCE.interval().toSeconds()));
  }
}
