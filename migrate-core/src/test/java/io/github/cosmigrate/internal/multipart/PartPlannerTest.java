package io.github.cosmigrate.internal.multipart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.SinkLimits;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PartPlannerTest {
  static final long MIB = 1L << 20;
  static final long GIB = 1L << 30;

  @ParameterizedTest(name = "{0} bytes, preferred {1} -> parts of {2} x {3}")
  @CsvSource({
      // size, preferred, expected part size, expected count
      "0, 8388608, 8388608, 1",
      "1, 8388608, 8388608, 1",
      "8388608, 8388608, 8388608, 1",
      "8388609, 8388608, 8388608, 2",
      "268435456, 8388608, 8388608, 32",
      // preferred below the minimum is raised to it
      "10485760, 1000, 1048576, 10",
      // preferred not a MiB multiple is rounded up
      "10485760, 1500000, 2097152, 5",
      // 100 GiB at 8 MiB would need 12,800 parts: grown to ceil(size/10000) rounded up to MiB = 11 MiB
      "107374182400, 8388608, 11534336, 9310",
  })
  void plansFromTheSinkLimits(long size, long preferred, long part, int count) throws MigrateException {
    PartPlanner.Plan p = PartPlanner.plan("k", size, preferred, SinkLimits.cos());
    assertThat(p.partSize()).isEqualTo(part);
    assertThat(p.partCount()).isEqualTo(count);
    assertThat(p.partCount()).isLessThanOrEqualTo(10_000);
    long sum = 0;
    for (int n = 1; n <= p.partCount(); n++) {
      assertThat(p.offset(n)).isEqualTo(sum);
      sum += p.length(n);
    }
    assertThat(sum).isEqualTo(size);
  }

  @Test
  void partSizeIsClampedToTheSinkMaximum() throws MigrateException {
    SinkLimits limits = new SinkLimits(MIB, 64 * MIB, 10_000, 1L << 50, GIB, 850);
    PartPlanner.Plan p = PartPlanner.plan("k", 600 * GIB, 128 * MIB, limits);
    assertThat(p.partSize()).isEqualTo(64 * MIB);
    assertThat(p.partCount()).isEqualTo(9600);
  }

  @Test
  void anObjectThatCannotFitInMaxPartsOfTheLargestSizeIsInvalid() {
    SinkLimits limits = new SinkLimits(MIB, 64 * MIB, 10, 1L << 50, GIB, 850);
    assertThatThrownBy(() -> PartPlanner.plan("huge.bin", 641 * MIB, MIB, limits))
        .isInstanceOfSatisfying(MigrateException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
        .hasMessageContaining("huge.bin").hasMessageContaining("10 parts");
  }

  @Test
  void anObjectLargerThanTheSinkAllowsIsInvalid() {
    assertThatThrownBy(() -> PartPlanner.plan("big.iso", 50_001L * GIB, 8 * MIB, SinkLimits.cos()))
        .isInstanceOfSatisfying(MigrateException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
        .hasMessageContaining("big.iso").hasMessageContaining("larger than the destination allows");
  }

  @Test
  void theLargestCosObjectFits() throws MigrateException {
    PartPlanner.Plan p = PartPlanner.plan("k", SinkLimits.cos().maxObjectSize(), 8 * MIB, SinkLimits.cos());
    assertThat(p.partCount()).isLessThanOrEqualTo(10_000);
    assertThat(p.partSize() % MIB).isZero();
  }

  @Test
  void aStreamOfUnknownSizeIsPlannedAsTheMostThePartsCanHold() {
    PartPlanner.Plan cos = PartPlanner.streaming(1500000, SinkLimits.cos());
    assertThat(cos.partSize()).as("rounded up to a MiB").isEqualTo(2 * MIB);
    assertThat(cos.partCount()).isEqualTo(10_000);
    assertThat(cos.objectSize()).isEqualTo(10_000 * 2 * MIB);
    PartPlanner.Plan s3 = PartPlanner.streaming(MIB, SinkLimits.s3());
    assertThat(s3.partSize()).as("raised to the minimum").isEqualTo(5 * MIB);
    PartPlanner.Plan capped = PartPlanner.streaming(5 * GIB, SinkLimits.s3());
    assertThat(capped.objectSize()).as("no more than the largest object").isEqualTo(5L << 40);
    assertThat(capped.partCount()).isEqualTo(1024);
    assertThat(capped.length(capped.partCount())).isEqualTo(5 * GIB);
  }
}
