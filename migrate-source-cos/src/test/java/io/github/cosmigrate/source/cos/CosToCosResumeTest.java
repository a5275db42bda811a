package io.github.cosmigrate.source.cos;

import static io.github.cosmigrate.source.cos.CosToCos.MIB;
import static io.github.cosmigrate.source.cos.CosToCos.content;
import static io.github.cosmigrate.source.cos.CosToCos.count;
import static io.github.cosmigrate.source.cos.CosToCos.requests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.api.Migration;
import io.github.cosmigrate.api.MigrationListener;
import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.Migrator;
import io.github.cosmigrate.ledger.rocksdb.RocksDbLedger;
import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.sink.cos.CosSink;
import io.github.cosmigrate.spi.Ledger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A multipart server-side copy stopped after its first part resumes from its checkpoint in the next run. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CosToCosResumeTest {
  @TempDir Path tmp;

  @Test
  void aStoppedMultipartCopyResumesItsUploadAndCopiesOnlyTheMissingParts() throws Exception {
    String src = CosFixture.newBucket();
    String dst = CosFixture.newBucket();
    byte[] big = content((int) (3 * 5 * MIB + 99), 9);
    CosFixture.put(src, "big.bin", big);
    SinkLimits limits = SinkLimits.s3().withMaxSingleCopySize(6 * MIB);
    MigrationOptions options = CosToCos.options().partConcurrency(1).partsPerObject(1).build();
    JobIdentity job = new JobIdentity("cos://" + src + "/", "cos:" + CosFixture.REGION + "/" + dst + "/");

    CountDownLatch firstPart = new CountDownLatch(1);
    int checkpointed;
    try (CosSource s = CosSource.open(CosFixture.source(src).build());
        CosSink sink = CosSink.create(CosFixture.sink(dst).limits(limits).build());
        Ledger ledger = RocksDbLedger.open(tmp.resolve("ledger"), job)) {
      AtomicReference<Migration> run = new AtomicReference<>();
      CountDownLatch started = new CountDownLatch(1);
      Migration m = Migrator.builder().source(s).sink(sink).ledger(ledger).options(options)
          .listener(new MigrationListener() {
            @Override
            public void partCompleted(String key, int partNumber, long size) {
              // stop on the part's own thread, before the next part is issued (one part at a time)
              try {
                if (started.await(30, TimeUnit.SECONDS)) {
                  run.get().cancel();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              firstPart.countDown();
            }
          }).build().start();
      run.set(m);
      started.countDown();
      assertThat(firstPart.await(120, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> m.completion().get(120, TimeUnit.SECONDS))
          .isInstanceOf(java.util.concurrent.CancellationException.class);
      checkpointed = ledger.checkpoint("big.bin").orElseThrow().parts().size();
    }
    // parts in flight when the run stopped may have been copied without reaching the checkpoint
    List<RecordedRequest> first = requests(dst);
    long copiedFirst = first.stream().filter(r -> r.isCopy() && r.status() == 200).count();
    assertThat(checkpointed).as("parts in the checkpoint").isBetween(1, 3);
    assertThat(copiedFirst).isGreaterThanOrEqualTo(checkpointed);
    CosFixture.proxy().clearRequests();

    MigrationReport report = CosToCos.run(src, dst, tmp, options, limits, b -> b);

    assertThat(report.failed()).as("%s", report.failures()).isZero();
    assertThat(report.migrated()).isEqualTo(1);
    assertThat(report.verifiedBy()).containsExactly(Map.entry(MigrationReport.VERIFIED_SERVER_SIDE_COPY, 1L));
    List<RecordedRequest> second = requests(dst);
    assertThat(count(second, Operation.INITIATE_MULTIPART)).as("the upload was resumed, not started again")
        .isZero();
    assertThat(count(second, Operation.LIST_PARTS)).isEqualTo(1);
    assertThat(second.stream().filter(r -> r.isCopy() && r.status() == 200).count()).as("parts copied again")
        .isEqualTo(4L - checkpointed);
    assertThat(count(requests(src), Operation.GET_OBJECT)).isZero();
    CosToCos.assertArrived(dst, Map.of("big.bin", big));
  }
}
