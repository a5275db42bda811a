package io.github.cosmigrate.sink.cos;

import static org.assertj.core.api.Assertions.assertThat;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.COSObject;
import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.CopyResult;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectLocation;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.Verification;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.Fault;
import io.github.cosmigrate.server.Operation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CosSink as a ServerSideCopier: PUT Object - Copy and Upload Part - Copy against the COS dialect proxy. */
class CosSinkCopyTest {
  private static DialectProxy proxy;
  private static String bucket;
  private static COSClient raw;

  private CosSink sink;

  @BeforeAll
  static void start() throws IOException {
    proxy = CosTestServers.proxy();
    bucket = CosTestServers.newBucket();
    raw = CosTestServers.rawClient(bucket);
  }

  @AfterAll
  static void stop() {
    raw.shutdown();
  }

  @BeforeEach
  void open() throws IOException {
    sink = CosSink.create(CosTestServers.config(bucket).build());
  }

  @AfterEach
  void close() {
    proxy.faults().clear();
    sink.close();
  }

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private PutResult put(String key, byte[] data, ObjectMetadata md) throws IOException {
    return sink.put(key, new ByteArrayInputStream(data), data.length, md);
  }

  private ObjectLocation at(String key) throws IOException {
    ObjectInfo i = sink.stat(key).orElseThrow();
    return new ObjectLocation(sink.service(), CosTestServers.REGION, bucket, key, i.etag(), Optional.empty());
  }

  private byte[] read(String key) throws IOException {
    try (COSObject o = raw.getObject(bucket, key); InputStream in = o.getObjectContent()) {
      return in.readAllBytes();
    }
  }

  private static MigrateException failure(Call call) {
    try {
      call.run();
    } catch (Exception e) {
      assertThat(e).isInstanceOf(MigrateException.class);
      assertThat(String.valueOf(e.getMessage())).doesNotContain(CosTestServers.SECRET_KEY);
      return (MigrateException) e;
    }
    throw new AssertionError("expected a MigrateException");
  }

  private interface Call {
    void run() throws Exception;
  }

  @Test
  void copyKeepsOrReplacesMetadataAndReportsTheCrc() throws Exception {
    byte[] data = bytes(3000, 16);
    put("copy/src", data, ObjectMetadata.builder().contentType("text/plain").putUserMetadata("from", "src")
        .storageClass("STANDARD_IA").build());
    CopyResult r = sink.copy(at("copy/src"), "copy/dst", ObjectMetadata.empty());
    assertThat(r.etag()).isNotBlank();
    assertThat(r.crc64()).hasValue(Crc64.of(data));
    assertThat(read("copy/dst")).isEqualTo(data);
    com.qcloud.cos.model.ObjectMetadata head = raw.getObjectMetadata(bucket, "copy/dst");
    assertThat(head.getContentType()).isEqualTo("text/plain");
    assertThat(head.getUserMetadata()).containsEntry("from", "src");
    assertThat(head.getStorageClass()).isEqualToIgnoringCase("STANDARD_IA");
    assertThat(proxy.requests()).anyMatch(q -> q.operation() == Operation.COPY_OBJECT && q.key().equals("copy/dst")
        && q.copySource().equals("/" + bucket + "/copy/src"));

    // metadata given with the copy replaces the source's (COS's "Replaced", S3's REPLACE behind the proxy)
    CopyResult replaced = sink.copy(at("copy/src"), "copy/replaced", ObjectMetadata.builder()
        .contentType("application/json").putUserMetadata("to", "dst").storageClass("archive").build());
    assertThat(replaced.crc64()).hasValue(Crc64.of(data));
    com.qcloud.cos.model.ObjectMetadata head2 = raw.getObjectMetadata(bucket, "copy/replaced");
    assertThat(head2.getContentType()).isEqualTo("application/json");
    assertThat(head2.getUserMetadata()).containsEntry("to", "dst").doesNotContainKey("from");
    assertThat(head2.getStorageClass()).isEqualToIgnoringCase("ARCHIVE");
    com.qcloud.cos.model.CopyObjectRequest req = sink.copyRequest(at("copy/src"), "copy/dst",
        ObjectMetadata.builder().contentType("application/json").storageClass("archive").build());
    assertThat(req.getMetadataDirective()).isEqualTo("Replaced");
    assertThat(req.getNewObjectMetadata().getRawMetadataValue("x-cos-storage-class")).isEqualTo("ARCHIVE");
    assertThat(req.getMatchingETagConstraints()).containsExactly("\"" + at("copy/src").etag().get() + "\"");
    assertThat(sink.copyRequest(at("copy/src"), "copy/dst", ObjectMetadata.empty()).getMetadataDirective())
        .isEqualTo("Copy");
  }

  @Test
  void aCopyIsPinnedToTheListedVersion() throws Exception {
    put("pin/src", bytes(100, 1), ObjectMetadata.empty());
    ObjectLocation listed = at("pin/src");
    put("pin/src", bytes(100, 2), ObjectMetadata.empty());
    assertThat(failure(() -> sink.copy(listed, "pin/dst", ObjectMetadata.empty())).kind())
        .isEqualTo(ErrorKind.SOURCE_CHANGED);
    assertThat(sink.stat("pin/dst")).isEmpty();
  }

  @Test
  void refusalsAreUnsupportedSoThatTheEngineStreams() throws Exception {
    put("refuse/src", bytes(100, 3), ObjectMetadata.empty());
    ObjectLocation src = at("refuse/src");
    proxy.faults().failNext(1, q -> q.isCopy(), Fault.status(403, "AccessDenied"));
    MigrateException denied = failure(() -> sink.copy(src, "refuse/a", ObjectMetadata.empty()));
    assertThat(denied.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
    assertThat(denied.getMessage()).contains("refuse/src").contains("refuse/a").contains("403")
        .contains("another account");
    proxy.faults().failNext(1, q -> q.isCopy(), Fault.status(405, "MethodNotAllowed"));
    assertThat(failure(() -> sink.copy(src, "refuse/b", ObjectMetadata.empty())).kind())
        .isEqualTo(ErrorKind.UNSUPPORTED);
    ObjectLocation elsewhere = new ObjectLocation("cos", CosTestServers.REGION, bucket, "refuse/src", src.etag(),
        Optional.empty());
    assertThat(failure(() -> sink.copy(elsewhere, "refuse/c", ObjectMetadata.empty())).getMessage())
        .contains("another service or endpoint");
    ObjectLocation otherRegion = new ObjectLocation(sink.service(), "ap-beijing", bucket, "refuse/src", src.etag(),
        Optional.empty());
    assertThat(failure(() -> sink.copy(otherRegion, "refuse/d", ObjectMetadata.empty())).kind())
        .isEqualTo(ErrorKind.UNSUPPORTED);
    ObjectLocation missing = new ObjectLocation(sink.service(), CosTestServers.REGION, bucket, "refuse/none",
        Optional.empty(), Optional.empty());
    assertThat(failure(() -> sink.copy(missing, "refuse/e", ObjectMetadata.empty())).kind())
        .isEqualTo(ErrorKind.NOT_FOUND);
    assertThat(sink.stat("refuse/a")).isEmpty();
  }

  @Test
  void partsCopiedInAnyOrderCompleteToTheSourceBytes() throws Exception {
    long part = 5L << 20;
    byte[] data = bytes((int) (2 * part + 12345), 4);
    put("parts/src", data, ObjectMetadata.empty());
    ObjectLocation src = at("parts/src");
    String uploadId = sink.initiateMultipart("parts/dst", ObjectMetadata.builder().putUserMetadata("m", "1")
        .build());
    List<PartResult> parts = new ArrayList<>();
    for (int n : new int[] {3, 1, 2}) {
      long off = (n - 1) * part;
      long len = n == 3 ? data.length - off : part;
      PartResult p = sink.copyPart(src, "parts/dst", uploadId, n, off, len);
      assertThat(p.partNumber()).isEqualTo(n);
      assertThat(p.size()).isEqualTo(len);
      assertThat(p.verification()).isEqualTo(Verification.UNVERIFIABLE);
      parts.add(p);
    }
    assertThat(sink.listParts("parts/dst", uploadId)).hasSize(3);
    CopyResult r = sink.completeCopy("parts/dst", uploadId, parts);
    assertThat(r.crc64()).hasValue(Crc64.of(data));
    assertThat(read("parts/dst")).isEqualTo(data);
    assertThat(raw.getObjectMetadata(bucket, "parts/dst").getUserMetadata()).containsEntry("m", "1");
    assertThat(proxy.requests()).filteredOn(q -> q.operation() == Operation.UPLOAD_PART
        && q.key().equals("parts/dst")).hasSize(3).allMatch(q -> q.isCopy() && q.status() == 200);

    // pinned like a whole copy; a refused part is UNSUPPORTED
    String second = sink.initiateMultipart("parts/dst2", ObjectMetadata.empty());
    put("parts/src", bytes(data.length, 5), ObjectMetadata.empty());
    MigrateException changed = failure(() -> sink.copyPart(src, "parts/dst2", second, 1, 0, part));
    assertThat(changed.kind()).as(changed.getMessage()).isEqualTo(ErrorKind.SOURCE_CHANGED);
    ObjectLocation shorter = at("parts/src");
    put("parts/src", bytes(100, 6), ObjectMetadata.empty());
    ObjectLocation unpinned = new ObjectLocation(shorter.service(), shorter.region(), bucket, shorter.key(),
        Optional.empty(), Optional.empty());
    assertThat(failure(() -> sink.copyPart(unpinned, "parts/dst2", second, 1, 0, part)).kind())
        .isEqualTo(ErrorKind.SOURCE_CHANGED);
    proxy.faults().failNext(1, q -> q.isCopy(), Fault.status(403, "AccessDenied"));
    assertThat(failure(() -> sink.copyPart(at("parts/src"), "parts/dst2", second, 1, 0, 100)).kind())
        .isEqualTo(ErrorKind.UNSUPPORTED);
    sink.abortMultipart("parts/dst2", second);
  }
}
