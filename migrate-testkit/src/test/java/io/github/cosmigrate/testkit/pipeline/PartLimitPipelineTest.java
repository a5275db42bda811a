package io.github.cosmigrate.testkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.Migrator;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.testkit.fakes.InMemoryLedger;
import io.github.cosmigrate.testkit.fakes.InMemorySink;
import io.github.cosmigrate.testkit.fakes.InMemorySource;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An object larger than part size x the sink's part limit, end to end through the engine: with a sink that allows
 * only {@value #MAX_PARTS} parts of 1..2 MiB (standing in for COS's 10,000 parts of up to 5 GiB), an object that
 * would need more parts of the preferred size is sent in larger parts, never more than the limit, and arrives
 * whole; one that would need more than the limit even of the largest part fails as INVALID_INPUT naming its key and
 * the limit, and is not stored. The planning arithmetic itself is {@code PartPlannerTest}.
 */
class PartLimitPipelineTest {
  static final int MIB = 1 << 20;
  static final int MAX_PARTS = 4;
  static final SinkLimits FOUR_PARTS = new SinkLimits(MIB, 2L * MIB, MAX_PARTS, 1L << 40, MIB, 1024);

  static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static MigrationReport run(InMemorySource source, InMemorySink sink) throws Exception {
    MigrationOptions options = MigrationOptions.builder().concurrency(2).partConcurrency(2).partsPerObject(2)
        .partSize(MIB).multipartThreshold(MIB).maxAttempts(2).initialBackoff(Duration.ofMillis(1))
        .maxBackoff(Duration.ofMillis(5)).build();
    return Migrator.builder().source(source).sink(sink).ledger(new InMemoryLedger()).options(options).build().start()
        .completion().get(60, TimeUnit.SECONDS);
  }

  @Test
  void anObjectNeedingMorePartsThanTheSinkAllowsIsSentInLargerPartsWithinTheLimit() throws Exception {
    byte[] big = bytes(6 * MIB + 12_345, 1); // 7 parts of the preferred 1 MiB; the sink allows 4
    InMemorySource source = InMemorySource.create().put("big/seven-mib.bin", big);
    InMemorySink sink = new InMemorySink(FOUR_PARTS);

    MigrationReport report = run(source, sink);

    assertThat(report.failures()).isEmpty();
    assertThat(report.migrated()).isEqualTo(1);
    assertThat(sink.content("big/seven-mib.bin")).hasValueSatisfying(c -> assertThat(c).isEqualTo(big));
    assertThat(sink.calls(InMemorySink.Op.UPLOAD_PART)).as("parts sent").isBetween(2L, (long) MAX_PARTS);
    sink.checkNoOpenUploads();
  }

  @Test
  void anObjectThatCannotFitTheLimitOfTheLargestPartsFailsNamingItsKeyAndTheLimit() throws Exception {
    byte[] huge = bytes(8 * MIB + 1, 2); // more than 4 parts of 2 MiB
    byte[] small = bytes(1000, 3);
    InMemorySource source = InMemorySource.create().put("huge/eight-mib-and-one.bin", huge).put("small.txt", small);
    InMemorySink sink = new InMemorySink(FOUR_PARTS);

    MigrationReport report = run(source, sink);

    assertThat(report.migrated()).isEqualTo(1);
    assertThat(report.failed()).isEqualTo(1);
    assertThat(report.failures()).singleElement().satisfies(f -> {
      assertThat(f.key()).isEqualTo("huge/eight-mib-and-one.bin");
      assertThat(f.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
      assertThat(f.reason()).contains("huge/eight-mib-and-one.bin").contains(MAX_PARTS + " parts");
    });
    assertThat(sink.keys()).containsExactly("small.txt");
    assertThat(sink.calls(InMemorySink.Op.UPLOAD_PART)).as("no part of the huge object sent").isZero();
    sink.checkNoOpenUploads();
  }
}
