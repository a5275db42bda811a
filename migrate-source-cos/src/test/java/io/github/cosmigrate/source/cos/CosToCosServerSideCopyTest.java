package io.github.cosmigrate.source.cos;

import static io.github.cosmigrate.source.cos.CosToCos.MIB;
import static io.github.cosmigrate.source.cos.CosToCos.content;
import static io.github.cosmigrate.source.cos.CosToCos.count;
import static io.github.cosmigrate.source.cos.CosToCos.requests;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * COS to COS on one endpoint through the engine: objects are copied by the service (PUT Object - Copy, and Upload
 * Part - Copy above the single-copy limit); not one body byte passes through the client, counted at the proxy.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CosToCosServerSideCopyTest {
  @TempDir Path tmp;

  @Test
  void everyObjectIsCopiedServerSideWithItsMetadataAndVerifiedByTheSourceCrc() throws Exception {
    String src = CosFixture.newBucket();
    String dst = CosFixture.newBucket();
    Map<String, byte[]> expected = new TreeMap<>();
    for (int i = 0; i < 30; i++) {
      byte[] b = ("object " + i + " ").repeat(1 + i % 9).getBytes(StandardCharsets.UTF_8);
      String key = "d" + (i % 3) + "/k-" + i + ".txt";
      CosFixture.put(src, key, b);
      expected.put(key, b);
    }
    byte[] doc = "with metadata".getBytes(StandardCharsets.UTF_8);
    CosFixture.put(src, "meta/doc.txt", doc, Map.of("origin", "cos-e2e"), "text/x-test", "STANDARD_IA");
    expected.put("meta/doc.txt", doc);
    byte[] large = content((int) (7 * MIB + 3), 1); // at the multipart threshold, within one copy
    CosFixture.put(src, "big/one-copy.bin", large);
    expected.put("big/one-copy.bin", large);
    CosFixture.put(src, "empty.bin", new byte[0]);
    expected.put("empty.bin", new byte[0]);
    CosFixture.put(src, "markers/", new byte[0]);

    MigrationReport report = CosToCos.run(src, dst, tmp, CosToCos.options().build(), SinkLimits.s3(), b -> b);

    assertThat(report.failed()).as("%s", report.failures()).isZero();
    assertThat(report.listingComplete()).isTrue();
    assertThat(report.migrated()).isEqualTo(expected.size());
    assertThat(report.skippedByReason()).containsOnlyKeys("directory marker (a zero-byte key ending in '/'):"
        + " nothing to migrate");
    assertThat(report.verifiedBy()).containsExactly(Map.entry(MigrationReport.VERIFIED_SERVER_SIDE_COPY,
        (long) expected.size()));
    assertThat(report.bytesTransferred()).as("bytes through the client").isZero();
    List<RecordedRequest> source = requests(src);
    List<RecordedRequest> destination = requests(dst);
    assertThat(count(source, Operation.GET_OBJECT)).as("GETs of the source").isZero();
    assertThat(count(destination, Operation.PUT_OBJECT)).as("PUTs of bodies to the destination").isZero();
    assertThat(destination).filteredOn(r -> r.operation() == Operation.COPY_OBJECT && r.status() == 200)
        .hasSize(expected.size()).allMatch(r -> r.copySource().equals("/" + src + "/" + r.key()));

    CosToCos.assertArrived(dst, expected);
    com.qcloud.cos.model.ObjectMetadata head = CosFixture.writer().getObjectMetadata(dst, "meta/doc.txt");
    assertThat(head.getContentType()).isEqualTo("text/x-test");
    assertThat(head.getUserMetadata()).containsEntry("origin", "cos-e2e")
        .containsEntry("migrate-source", "cos://" + src + "/meta/doc.txt");
    assertThat(head.getStorageClass()).isEqualToIgnoringCase("STANDARD_IA");
    // COS names no class for STANDARD objects, on either side
    assertThat(CosFixture.writer().getObjectMetadata(dst, "d0/k-0.txt").getStorageClass()).isIn(null, "STANDARD");

    // a second run sends nothing: every object is unchanged per the ledger
    CosFixture.proxy().clearRequests();
    MigrationReport again = CosToCos.run(src, dst, tmp, CosToCos.options().build(), SinkLimits.s3(), b -> b);
    assertThat(again.migrated()).isZero();
    assertThat(again.skippedByReason()).containsEntry("unchanged", (long) expected.size());
    assertThat(requests(dst)).noneMatch(RecordedRequest::isCopy);
  }

  @Test
  void aLargeObjectIsCopiedInParallelPartsAboveTheSingleCopyLimit() throws Exception {
    String src = CosFixture.newBucket();
    String dst = CosFixture.newBucket();
    byte[] big = content((int) (3 * 5 * MIB + 12_345), 2);
    byte[] single = content((int) (5 * MIB + 100), 3);
    CosFixture.put(src, "big/four-parts.bin", big, Map.of("kind", "parts"), "application/x-big", "STANDARD_IA");
    CosFixture.put(src, "big/one-copy.bin", single);
    CosFixture.put(src, "small.txt", "small".getBytes(StandardCharsets.UTF_8));
    SinkLimits limits = SinkLimits.s3().withMaxSingleCopySize(6 * MIB);

    MigrationReport report = CosToCos.run(src, dst, tmp, CosToCos.options().build(), limits, b -> b);

    assertThat(report.failed()).as("%s", report.failures()).isZero();
    assertThat(report.migrated()).isEqualTo(3);
    assertThat(report.verifiedBy()).containsExactly(Map.entry(MigrationReport.VERIFIED_SERVER_SIDE_COPY, 3L));
    assertThat(report.bytesTransferred()).isZero();
    assertThat(count(requests(src), Operation.GET_OBJECT)).as("GETs of the source").isZero();
    List<RecordedRequest> destination = requests(dst);
    assertThat(destination).filteredOn(r -> r.operation() == Operation.UPLOAD_PART && r.status() == 200)
        .as("Upload Part - Copy of the large object").hasSize(4)
        .allMatch(r -> r.isCopy() && r.key().equals("big/four-parts.bin"))
        .extracting(RecordedRequest::partNumber).containsExactlyInAnyOrder(1, 2, 3, 4);
    assertThat(destination).filteredOn(r -> r.operation() == Operation.COPY_OBJECT && r.status() == 200)
        .extracting(RecordedRequest::key).containsExactlyInAnyOrder("big/one-copy.bin", "small.txt");
    assertThat(count(destination, Operation.COMPLETE_MULTIPART)).isEqualTo(1);

    CosToCos.assertArrived(dst, Map.of("big/four-parts.bin", big, "big/one-copy.bin", single, "small.txt",
        "small".getBytes(StandardCharsets.UTF_8)));
    com.qcloud.cos.model.ObjectMetadata head = CosFixture.writer().getObjectMetadata(dst, "big/four-parts.bin");
    assertThat(head.getContentType()).isEqualTo("application/x-big");
    assertThat(head.getUserMetadata()).containsEntry("kind", "parts");
    assertThat(head.getStorageClass()).isEqualToIgnoringCase("STANDARD_IA");
    assertThat(CosFixture.writer().listMultipartUploads(new com.qcloud.cos.model.ListMultipartUploadsRequest(dst))
        .getMultipartUploads()).as("no upload left open").isEmpty();
  }

  @Test
  void theStorageClassFilterSkipsOtherClassesAndTheUsersClassWins() throws Exception {
    String src = CosFixture.newBucket();
    String dst = CosFixture.newBucket();
    CosFixture.put(src, "ia.txt", "ia".getBytes(StandardCharsets.UTF_8), Map.of("m", "1"), "text/plain",
        "STANDARD_IA");
    CosFixture.put(src, "standard.txt", "std".getBytes(StandardCharsets.UTF_8));
    CosFixture.put(src, "archived.txt", "cold".getBytes(StandardCharsets.UTF_8), Map.of(), null, "ARCHIVE");

    MigrationReport filtered = CosToCos.run(src, dst, tmp, CosToCos.options().build(), SinkLimits.s3(),
        b -> b.storageClasses(Set.of("STANDARD_IA")));
    assertThat(filtered.migrated()).isEqualTo(1);
    assertThat(filtered.skippedByReason()).containsOnly(Map.entry(
        "storage class STANDARD not in the storage-class filter STANDARD_IA", 1L), Map.entry(
        "storage class ARCHIVE not in the storage-class filter STANDARD_IA", 1L));
    assertThat(CosFixture.writer().getObjectMetadata(dst, "ia.txt").getStorageClass())
        .isEqualToIgnoringCase("STANDARD_IA");
    assertThat(CosFixture.writer().doesObjectExist(dst, "standard.txt")).isFalse();

    // without a filter: the archived object fails with the advice to restore it; the user's class wins
    String dst2 = CosFixture.newBucket();
    MigrationReport all = CosToCos.run(src, dst2, tmp.resolve("all"), CosToCos.options()
        .defaultMetadata(ObjectMetadata.builder().storageClass("STANDARD").build()).build(), SinkLimits.s3(),
        b -> b);
    assertThat(all.migrated()).isEqualTo(2);
    assertThat(all.failed()).isEqualTo(1);
    assertThat(all.failures()).singleElement().satisfies(f -> {
      assertThat(f.key()).isEqualTo("archived.txt");
      assertThat(f.reason()).contains("restore it first");
    });
    com.qcloud.cos.model.ObjectMetadata ia = CosFixture.writer().getObjectMetadata(dst2, "ia.txt");
    assertThat(ia.getStorageClass()).isEqualToIgnoringCase("STANDARD");
    assertThat(ia.getUserMetadata()).containsEntry("m", "1");
    assertThat(all.verifiedBy()).containsExactly(Map.entry(MigrationReport.VERIFIED_SERVER_SIDE_COPY, 2L));
  }
}
