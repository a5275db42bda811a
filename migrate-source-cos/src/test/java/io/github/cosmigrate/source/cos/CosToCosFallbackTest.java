package io.github.cosmigrate.source.cos;

import static io.github.cosmigrate.source.cos.CosToCos.MIB;
import static io.github.cosmigrate.source.cos.CosToCos.content;
import static io.github.cosmigrate.source.cos.CosToCos.count;
import static io.github.cosmigrate.source.cos.CosToCos.requests;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.server.Fault;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * COS to COS when the service refuses the copy (403 or 405, as across accounts): the objects are streamed instead,
 * and once a copy was refused no later object tries one; and a copy whose CRC-64 differs from the source's is
 * deleted and copied again.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CosToCosFallbackTest {
  private static final int CONCURRENCY = 4;

  @TempDir Path tmp;

  @AfterEach
  void clearFaults() {
    CosFixture.proxy().faults().clear();
  }

  @ParameterizedTest
  @CsvSource({"403, AccessDenied", "405, MethodNotAllowed"})
  void refusedCopiesAreStreamedAndTheRunStopsTryingThem(int status, String code) throws Exception {
    String src = CosFixture.newBucket();
    String dst = CosFixture.newBucket();
    Map<String, byte[]> expected = new TreeMap<>();
    for (int i = 0; i < 24; i++) {
      byte[] b = ("refused " + i + " ").repeat(1 + i % 5).getBytes(StandardCharsets.UTF_8);
      expected.put("k-" + i, b);
    }
    expected.put("big.bin", content((int) (2 * 5 * MIB + 7), 7));
    expected.forEach((k, v) -> CosFixture.put(src, k, v, Map.of("n", k), null, null));
    CosFixture.proxy().faults().failNext(100_000, r -> r.isCopy() && r.bucket().equals(dst),
        Fault.status(status, code));

    MigrationReport report = CosToCos.run(src, dst, tmp, CosToCos.options().concurrency(CONCURRENCY).build(),
        SinkLimits.s3(), b -> b);

    assertThat(report.failed()).as("%s", report.failures()).isZero();
    assertThat(report.migrated()).isEqualTo(expected.size());
    assertThat(report.verifiedBy()).as("streamed, the destination's CRC-64 equal to the source's")
        .containsExactly(Map.entry(MigrationReport.VERIFIED_AGAINST_SOURCE, (long) expected.size()));
    assertThat(report.bytesTransferred()).isEqualTo(expected.values().stream().mapToLong(b -> b.length).sum());
    List<RecordedRequest> copies = requests(dst).stream().filter(RecordedRequest::isCopy).toList();
    assertThat(copies).as("copies tried: only those in flight before the first refusal")
        .isNotEmpty().hasSizeLessThanOrEqualTo(CONCURRENCY).allMatch(r -> r.status() == status);
    assertThat(count(requests(src), Operation.GET_OBJECT)).isGreaterThanOrEqualTo(expected.size());
    CosToCos.assertArrived(dst, expected);
    assertThat(CosFixture.writer().getObjectMetadata(dst, "k-3").getUserMetadata()).containsEntry("n", "k-3");
  }

  @Test
  void aRefusedPartCopyAbortsTheCopiedUploadAndStreamsTheObject() throws Exception {
    String src = CosFixture.newBucket();
    String dst = CosFixture.newBucket();
    byte[] big = content((int) (3 * 5 * MIB + 1), 8);
    CosFixture.put(src, "big.bin", big, Map.of("kind", "refused-parts"), "application/x-big", null);
    CosFixture.proxy().faults().failNext(100_000, r -> r.isCopy() && r.operation() == Operation.UPLOAD_PART
        && r.bucket().equals(dst), Fault.status(405, "MethodNotAllowed"));

    MigrationReport report = CosToCos.run(src, dst, tmp, CosToCos.options().build(),
        SinkLimits.s3().withMaxSingleCopySize(6 * MIB), b -> b);

    assertThat(report.failed()).as("%s", report.failures()).isZero();
    assertThat(report.migrated()).isEqualTo(1);
    assertThat(report.verifiedBy()).containsExactly(Map.entry(MigrationReport.VERIFIED_AGAINST_SOURCE, 1L));
    List<RecordedRequest> destination = requests(dst);
    assertThat(destination).filteredOn(RecordedRequest::isCopy).isNotEmpty().allMatch(r -> r.status() == 405);
    assertThat(count(destination, Operation.INITIATE_MULTIPART)).as("the copied upload, then the streamed one")
        .isEqualTo(2);
    assertThat(count(destination, Operation.ABORT_MULTIPART)).isGreaterThanOrEqualTo(1);
    assertThat(destination).filteredOn(r -> r.operation() == Operation.UPLOAD_PART && !r.isCopy()
        && r.status() == 200).hasSize(4);
    CosToCos.assertArrived(dst, Map.of("big.bin", big));
    com.qcloud.cos.model.ObjectMetadata head = CosFixture.writer().getObjectMetadata(dst, "big.bin");
    assertThat(head.getUserMetadata()).containsEntry("kind", "refused-parts");
    assertThat(head.getContentType()).isEqualTo("application/x-big");
    assertThat(CosFixture.writer().listMultipartUploads(new com.qcloud.cos.model.ListMultipartUploadsRequest(dst))
        .getMultipartUploads()).as("no upload left open").isEmpty();
  }

  @Test
  void aCopyWhoseCrcDiffersFromTheSourcesIsDeletedAndCopiedAgain() throws Exception {
    String src = CosFixture.newBucket();
    String dst = CosFixture.newBucket();
    byte[] data = "copied twice".getBytes(StandardCharsets.UTF_8);
    CosFixture.put(src, "k.txt", data);
    CosFixture.proxy().faults().failNext(1, r -> r.isCopy() && r.bucket().equals(dst), Fault.corruptCrc());

    MigrationReport report = CosToCos.run(src, dst, tmp, CosToCos.options().build(), SinkLimits.s3(), b -> b);

    assertThat(report.failed()).as("%s", report.failures()).isZero();
    assertThat(report.verifiedBy()).containsExactly(Map.entry(MigrationReport.VERIFIED_SERVER_SIDE_COPY, 1L));
    List<RecordedRequest> destination = requests(dst);
    assertThat(destination).filteredOn(RecordedRequest::isCopy).hasSize(2);
    assertThat(destination).anyMatch(r -> r.operation() == Operation.DELETE_OBJECT && r.key().equals("k.txt"));
    assertThat(count(requests(src), Operation.GET_OBJECT)).isZero();
    CosToCos.assertArrived(dst, Map.of("k.txt", data));
  }
}
