package io.github.cosmigrate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.exception.CosClientException;
import com.qcloud.cos.exception.CosServiceException;
import com.qcloud.cos.model.AbortMultipartUploadRequest;
import com.qcloud.cos.model.COSObject;
import com.qcloud.cos.model.COSObjectSummary;
import com.qcloud.cos.model.CompleteMultipartUploadRequest;
import com.qcloud.cos.model.CompleteMultipartUploadResult;
import com.qcloud.cos.model.CopyObjectRequest;
import com.qcloud.cos.model.GetObjectRequest;
import com.qcloud.cos.model.InitiateMultipartUploadRequest;
import com.qcloud.cos.model.ListMultipartUploadsRequest;
import com.qcloud.cos.model.ListObjectsRequest;
import com.qcloud.cos.model.ListPartsRequest;
import com.qcloud.cos.model.MultipartUpload;
import com.qcloud.cos.model.ObjectListing;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PartETag;
import com.qcloud.cos.model.PartSummary;
import com.qcloud.cos.model.PutObjectRequest;
import com.qcloud.cos.model.PutObjectResult;
import com.qcloud.cos.model.StorageClass;
import com.qcloud.cos.model.UploadPartRequest;
import com.qcloud.cos.model.UploadPartResult;
import io.github.cosmigrate.api.Crc64;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CosDialectProxyTest {
  private static ObjectStoreServer store;
  private static DialectProxy proxy;
  private static COSClient cos;
  private static String bucket;

  @BeforeAll
  static void start() throws IOException {
    store = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none());
    proxy = DialectProxy.start(Dialect.COS, store.endpoint());
    cos = TestCosClients.pathres(proxy.port(), 0);
    bucket = "t" + UUID.randomUUID().toString().substring(0, 8) + "-1250000000";
    store.createBucket(bucket);
  }

  @AfterAll
  static void stop() {
    cos.shutdown();
    proxy.close();
    store.close();
  }

  @AfterEach
  void clearFaults() {
    proxy.faults().clear();
  }

  private static PutObjectResult put(String key, byte[] data, ObjectMetadata md) {
    md.setContentLength(data.length);
    return cos.putObject(new PutObjectRequest(bucket, key, new ByteArrayInputStream(data), md));
  }

  private static PutObjectResult put(String key, byte[] data) {
    return put(key, data, new ObjectMetadata());
  }

  private static byte[] get(String key) throws IOException {
    try (COSObject o = cos.getObject(bucket, key); InputStream in = o.getObjectContent()) {
      return in.readAllBytes();
    }
  }

  @Test
  void putKeepsUserMetadataStorageClassContentTypeAndCrc() {
    byte[] data = "hello, dialect proxy".getBytes(StandardCharsets.UTF_8);
    ObjectMetadata md = new ObjectMetadata();
    md.setContentType("text/plain; charset=utf-8");
    md.addUserMetadata("origin", "local-fs");
    md.addUserMetadata("mtime", "1700000000");
    md.setServerSideEncryption("AES256");
    PutObjectRequest req = new PutObjectRequest(bucket, "meta/a.txt", new ByteArrayInputStream(data), md);
    md.setContentLength(data.length);
    req.setStorageClass(StorageClass.Archive);
    PutObjectResult result = cos.putObject(req);

    long crc = Crc64.of(data);
    assertThat(result.getCrc64Ecma()).isEqualTo(Crc64.toUnsignedString(crc));
    ObjectMetadata head = cos.getObjectMetadata(bucket, "meta/a.txt");
    assertThat(head.getContentLength()).isEqualTo(data.length);
    assertThat(head.getContentType()).isEqualTo("text/plain; charset=utf-8");
    assertThat(head.getUserMetadata()).containsEntry("origin", "local-fs").containsEntry("mtime", "1700000000")
        .doesNotContainKey("shim-storage-class");
    assertThat(head.getStorageClass()).isEqualTo("ARCHIVE");
    assertThat(head.getServerSideEncryption()).isEqualTo("AES256");
    assertThat(head.getCrc64Ecma()).isEqualTo(Crc64.toUnsignedString(crc));
    assertThat(head.getETag()).isEqualTo(result.getETag());
  }

  @Test
  void mazStorageClassSurvives() {
    ObjectMetadata md = new ObjectMetadata();
    byte[] data = {1, 2, 3};
    md.setContentLength(3);
    PutObjectRequest req = new PutObjectRequest(bucket, "maz", new ByteArrayInputStream(data), md);
    req.setStorageClass(StorageClass.Maz_Standard_IA);
    cos.putObject(req);
    assertThat(cos.getObjectMetadata(bucket, "maz").getStorageClass()).isEqualTo("MAZ_STANDARD_IA");
  }

  @Test
  void formUrlEncodedContentTypeKeepsBody() throws IOException {
    byte[] data = "a=1&b=2".getBytes(StandardCharsets.UTF_8);
    ObjectMetadata md = new ObjectMetadata();
    md.setContentType("application/x-www-form-urlencoded");
    put("form.txt", data, md);
    assertThat(get("form.txt")).isEqualTo(data);
    assertThat(cos.getObjectMetadata(bucket, "form.txt").getContentType())
        .isEqualTo("application/x-www-form-urlencoded");
  }

  @Test
  void getWholeAndRangesWithCrcOfWholeObject() throws IOException {
    byte[] data = "0123456789abcdefghijklmnopqrst".getBytes(StandardCharsets.UTF_8);
    put("dir/range.bin", data);
    assertThat(get("dir/range.bin")).isEqualTo(data);
    GetObjectRequest gr = new GetObjectRequest(bucket, "dir/range.bin");
    gr.setRange(6, 8);
    try (COSObject o = cos.getObject(gr); InputStream in = o.getObjectContent()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("678");
      assertThat(o.getObjectMetadata().getCrc64Ecma()).isEqualTo(Crc64.toUnsignedString(Crc64.of(data)));
    }
  }

  @Test
  void headComputesCrcForObjectsNotWrittenThroughTheProxy() throws IOException {
    byte[] data = "written behind the proxy's back".getBytes(StandardCharsets.UTF_8);
    // a fresh proxy has an empty CRC cache
    try (DialectProxy other = DialectProxy.start(Dialect.COS, store.endpoint())) {
      COSClient c2 = TestCosClients.pathres(other.port(), 0);
      try {
        ObjectMetadata md = new ObjectMetadata();
        md.setContentLength(data.length);
        c2.putObject(new PutObjectRequest(bucket, "behind", new ByteArrayInputStream(data), md));
      } finally {
        c2.shutdown();
      }
    }
    assertThat(cos.getObjectMetadata(bucket, "behind").getCrc64Ecma())
        .isEqualTo(Crc64.toUnsignedString(Crc64.of(data)));
  }

  @Test
  void multipartOutOfOrderCompletesWithCombinedCrc() throws IOException {
    int part = 5 * 1024 * 1024;
    byte[] data = new byte[2 * part + 12345];
    new Random(42).nextBytes(data);
    String key = "big/multi.bin";
    String uploadId =
        cos.initiateMultipartUpload(new InitiateMultipartUploadRequest(bucket, key)).getUploadId();
    List<PartETag> etags = new ArrayList<>();
    for (int n : new int[] {2, 3, 1}) {
      int off = (n - 1) * part;
      int len = n == 3 ? data.length - off : part;
      UploadPartRequest up = new UploadPartRequest().withBucketName(bucket).withKey(key).withUploadId(uploadId)
          .withPartNumber(n).withInputStream(new ByteArrayInputStream(data, off, len)).withPartSize(len);
      UploadPartResult r = cos.uploadPart(up);
      assertThat(r.getCrc64Ecma()).isEqualTo(Crc64.toUnsignedString(Crc64.of(data, off, len)));
      etags.add(r.getPartETag());
    }
    etags.sort(Comparator.comparingInt(PartETag::getPartNumber));
    List<PartSummary> listed = cos.listParts(new ListPartsRequest(bucket, key, uploadId)).getParts();
    assertThat(listed).extracting(PartSummary::getPartNumber).containsExactly(1, 2, 3);
    assertThat(listed).extracting(PartSummary::getSize).containsExactly((long) part, (long) part,
        (long) data.length - 2L * part);
    assertThat(listed).extracting(PartSummary::getETag)
        .containsExactlyElementsOf(etags.stream().map(PartETag::getETag).toList());
    CompleteMultipartUploadResult done =
        cos.completeMultipartUpload(new CompleteMultipartUploadRequest(bucket, key, uploadId, etags));
    String expected = Crc64.toUnsignedString(Crc64.of(data));
    assertThat(done.getCrc64Ecma()).isEqualTo(expected);
    assertThat(cos.getObjectMetadata(bucket, key).getCrc64Ecma()).isEqualTo(expected);
    assertThat(get(key)).isEqualTo(data);

    List<RecordedRequest> parts = proxy.requests().stream()
        .filter(r -> r.operation() == Operation.UPLOAD_PART && r.key().equals(key)).toList();
    assertThat(parts).extracting(RecordedRequest::partNumber).containsExactly(2, 3, 1);
    assertThat(parts).allSatisfy(r -> {
      assertThat(r.uploadId()).isEqualTo(uploadId);
      assertThat(r.status()).isEqualTo(200);
    });
    assertThat(proxy.requests()).extracting(RecordedRequest::operation)
        .contains(Operation.INITIATE_MULTIPART, Operation.COMPLETE_MULTIPART, Operation.HEAD_OBJECT,
            Operation.GET_OBJECT);
  }

  @Test
  void copyObjectKeepsContentAndMetadata() throws IOException {
    byte[] data = "copy me".getBytes(StandardCharsets.UTF_8);
    ObjectMetadata md = new ObjectMetadata();
    md.addUserMetadata("k", "v");
    put("copy/src", data, md);
    String crc = Crc64.toUnsignedString(Crc64.of(data));
    assertThat(cos.copyObject(new CopyObjectRequest(bucket, "copy/src", bucket, "copy/dst")).getCrc64Ecma())
        .isEqualTo(crc);
    assertThat(get("copy/dst")).isEqualTo(data);
    ObjectMetadata head = cos.getObjectMetadata(bucket, "copy/dst");
    assertThat(head.getUserMetadata()).containsEntry("k", "v");
    assertThat(head.getCrc64Ecma()).isEqualTo(Crc64.toUnsignedString(Crc64.of(data)));
    assertThat(proxy.requests()).anyMatch(r -> r.operation() == Operation.COPY_OBJECT
        && r.key().equals("copy/dst") && r.status() == 200);
  }

  @Test
  void listObjectsPagesWithMarkerAndDelimiter() {
    for (int i = 0; i < 25; i++) {
      put(String.format("list/k%02d", i), new byte[] {(byte) i});
    }
    put("list/sub/x", new byte[] {1});
    List<String> keys = new ArrayList<>();
    ListObjectsRequest lr = new ListObjectsRequest();
    lr.setBucketName(bucket);
    lr.setPrefix("list/");
    lr.setDelimiter("/");
    lr.setMaxKeys(10);
    ObjectListing page;
    int pages = 0;
    List<String> prefixes = new ArrayList<>();
    do {
      page = cos.listObjects(lr);
      pages++;
      page.getObjectSummaries().stream().map(COSObjectSummary::getKey).forEach(keys::add);
      prefixes.addAll(page.getCommonPrefixes());
      lr.setMarker(page.getNextMarker());
    } while (page.isTruncated());
    assertThat(pages).isGreaterThanOrEqualTo(3);
    assertThat(keys).hasSize(25).startsWith("list/k00").endsWith("list/k24");
    assertThat(prefixes).containsExactly("list/sub/");
  }

  @Test
  void abortRemovesUploadFromListing() {
    String key = "abort/me";
    String uploadId =
        cos.initiateMultipartUpload(new InitiateMultipartUploadRequest(bucket, key)).getUploadId();
    List<String> ids = cos.listMultipartUploads(new ListMultipartUploadsRequest(bucket)).getMultipartUploads()
        .stream().map(MultipartUpload::getUploadId).toList();
    assertThat(ids).contains(uploadId);
    cos.abortMultipartUpload(new AbortMultipartUploadRequest(bucket, key, uploadId));
    List<String> after = cos.listMultipartUploads(new ListMultipartUploadsRequest(bucket)).getMultipartUploads()
        .stream().map(MultipartUpload::getUploadId).toList();
    assertThat(after).doesNotContain(uploadId);
    assertThat(proxy.requests()).extracting(RecordedRequest::operation)
        .contains(Operation.ABORT_MULTIPART, Operation.LIST_MULTIPART_UPLOADS);
  }

  @Test
  void slowDownFaultIsA503WithErrorCodeThenTrafficRecovers() {
    proxy.faults().failNext(1, r -> r.operation() == Operation.PUT_OBJECT && r.key().equals("fault/503"),
        Fault.slowDown());
    assertThatThrownBy(() -> put("fault/503", new byte[100]))
        .isInstanceOfSatisfying(CosServiceException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(503);
          assertThat(e.getErrorCode()).isEqualTo("SlowDown");
        });
    put("fault/503", new byte[100]);
    assertThat(cos.getObjectMetadata(bucket, "fault/503").getContentLength()).isEqualTo(100);
    assertThat(proxy.requests()).filteredOn(r -> r.key().equals("fault/503"))
        .extracting(RecordedRequest::status).startsWith(503, 200);
  }

  @Test
  void statusAndInternalErrorFaults() {
    put("fault/status", new byte[10]);
    proxy.faults().failNext(1, r -> r.operation() == Operation.GET_OBJECT, Fault.status(403, "AccessDenied"));
    assertThatThrownBy(() -> get("fault/status"))
        .isInstanceOfSatisfying(CosServiceException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(403);
          assertThat(e.getErrorCode()).isEqualTo("AccessDenied");
        });
    proxy.faults().failNext(1, r -> r.operation() == Operation.HEAD_OBJECT, Fault.internalError());
    assertThatThrownBy(() -> cos.getObjectMetadata(bucket, "fault/status"))
        .isInstanceOfSatisfying(CosServiceException.class, e -> assertThat(e.getStatusCode()).isEqualTo(500));
    assertThat(proxy.faults().pending()).isZero();
    assertThat(cos.getObjectMetadata(bucket, "fault/status").getContentLength()).isEqualTo(10);
  }

  @Test
  void connectionResetIsAClientException() {
    proxy.faults().failNext(1, r -> r.operation() == Operation.PUT_OBJECT, Fault.connectionReset());
    assertThatThrownBy(() -> put("fault/reset", new byte[2048]))
        .isInstanceOf(CosClientException.class)
        .isNotInstanceOf(CosServiceException.class);
    put("fault/reset", new byte[2048]);
    assertThat(cos.getObjectMetadata(bucket, "fault/reset").getContentLength()).isEqualTo(2048);
  }

  @Test
  void slowBodyStillDeliversTheContent() throws IOException {
    byte[] data = new byte[8 * 1024];
    new Random(7).nextBytes(data);
    put("fault/slow", data);
    proxy.faults().failNext(1, r -> r.operation() == Operation.GET_OBJECT, Fault.slowBody(Duration.ofMillis(5)));
    long t0 = System.nanoTime();
    assertThat(get("fault/slow")).isEqualTo(data);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(35));
  }

  @Test
  void corruptCrcGivesAHeaderThatDoesNotMatch() {
    byte[] data = "crc".getBytes(StandardCharsets.UTF_8);
    proxy.faults().failNext(1, r -> r.operation() == Operation.PUT_OBJECT, Fault.corruptCrc());
    PutObjectResult r = put("fault/crc", data);
    String local = Crc64.toUnsignedString(Crc64.of(data));
    assertThat(r.getCrc64Ecma()).isNotNull().isNotEqualTo(local);
    assertThat(cos.getObjectMetadata(bucket, "fault/crc").getCrc64Ecma()).isEqualTo(local);
  }

  @Test
  void slowDownWithoutRetryAfterHasNoRetryAfterHeader() throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.URI uri = proxy.endpoint().resolve("/" + bucket + "/fault/no-retry-after");
    proxy.faults().failNext(1, r -> r.key().equals("fault/no-retry-after"), Fault.slowDownWithoutRetryAfter());
    proxy.faults().failNext(1, r -> r.key().equals("fault/no-retry-after"), Fault.slowDown());
    java.net.http.HttpResponse<String> without = http.send(java.net.http.HttpRequest.newBuilder(uri).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    java.net.http.HttpResponse<String> with = http.send(java.net.http.HttpRequest.newBuilder(uri).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(without.statusCode()).isEqualTo(503);
    assertThat(without.body()).contains("<Code>SlowDown</Code>");
    assertThat(without.headers().firstValue("Retry-After")).isEmpty();
    assertThat(with.statusCode()).isEqualTo(503);
    assertThat(with.headers().firstValue("Retry-After")).hasValue("1");
  }

  @Test
  void aBodyResetOrTruncatedHalfwayFailsTheReadAndTheNextReadIsWhole() throws IOException {
    byte[] data = new byte[64 * 1024];
    new Random(11).nextBytes(data);
    put("fault/cut", data);
    proxy.faults().failNext(1, r -> r.operation() == Operation.GET_OBJECT, Fault.resetDuringBody());
    assertThatThrownBy(() -> get("fault/cut")).isInstanceOfAny(IOException.class, CosClientException.class);
    proxy.faults().failNext(1, r -> r.operation() == Operation.GET_OBJECT, Fault.truncateBody());
    assertThatThrownBy(() -> get("fault/cut")).isInstanceOfAny(IOException.class, CosClientException.class);
    assertThat(get("fault/cut")).isEqualTo(data);
  }

  @Test
  void aRequestBodyResetHalfwayIsNotStored() {
    proxy.faults().failNext(1, r -> r.operation() == Operation.PUT_OBJECT, Fault.resetDuringBody());
    assertThatThrownBy(() -> put("fault/half-put", new byte[256 * 1024])).isInstanceOf(CosClientException.class)
        .isNotInstanceOf(CosServiceException.class);
    assertThatThrownBy(() -> cos.getObjectMetadata(bucket, "fault/half-put"))
        .isInstanceOfSatisfying(CosServiceException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
  }

  @Test
  void okWithErrorBodyOnCompleteIsNotForwardedAndOmitEtagAndEmptyListingRewriteTheAnswer() {
    String key = "fault/complete-200";
    String uploadId = cos.initiateMultipartUpload(new InitiateMultipartUploadRequest(bucket, key)).getUploadId();
    byte[] part = new byte[1024];
    UploadPartResult p1 = cos.uploadPart(new UploadPartRequest().withBucketName(bucket).withKey(key)
        .withUploadId(uploadId).withPartNumber(1).withInputStream(new ByteArrayInputStream(part))
        .withPartSize(part.length));
    assertThat(cos.listParts(new ListPartsRequest(bucket, key, uploadId)).getParts()).hasSize(1);
    proxy.faults().failNext(1, r -> r.operation() == Operation.LIST_PARTS, Fault.emptyListing());
    assertThat(cos.listParts(new ListPartsRequest(bucket, key, uploadId)).getParts()).isEmpty();

    proxy.faults().failNext(1, r -> r.operation() == Operation.COMPLETE_MULTIPART, Fault.okWithErrorBody());
    CompleteMultipartUploadRequest complete = new CompleteMultipartUploadRequest(bucket, key, uploadId,
        new ArrayList<>(List.of(p1.getPartETag())));
    assertThatThrownBy(() -> cos.completeMultipartUpload(complete))
        .isInstanceOfSatisfying(CosServiceException.class, e -> assertThat(e.getErrorCode()).isEqualTo("InternalError"));
    assertThat(proxy.requests()).filteredOn(r -> r.operation() == Operation.COMPLETE_MULTIPART)
        .extracting(RecordedRequest::status).containsExactly(200);
    assertThatThrownBy(() -> cos.getObjectMetadata(bucket, key)).isInstanceOf(CosServiceException.class);
    cos.completeMultipartUpload(complete);

    proxy.faults().failNext(1, r -> r.operation() == Operation.HEAD_OBJECT, Fault.omitEtag());
    assertThat(cos.getObjectMetadata(bucket, key).getETag()).isNull();
    assertThat(cos.getObjectMetadata(bucket, key).getETag()).isNotNull();
  }

  @Test
  void eachRequestRecordsHowManyWereInFlight() {
    put("fault/gauge", new byte[1]);
    assertThat(proxy.requests()).filteredOn(r -> r.key().equals("fault/gauge"))
        .extracting(RecordedRequest::concurrent).allMatch(n -> n >= 1);
  }

  @Test
  void deleteAndMissingKey() {
    put("del/x", new byte[1]);
    cos.deleteObject(bucket, "del/x");
    assertThatThrownBy(() -> cos.getObjectMetadata(bucket, "del/x"))
        .isInstanceOfSatisfying(CosServiceException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
    assertThat(proxy.requests()).anyMatch(r -> r.operation() == Operation.DELETE_OBJECT && r.key().equals("del/x"));
  }

  @Test
  void emptyObjectAndUnusualKeys() throws IOException {
    PutObjectResult empty = put("odd/empty", new byte[0]);
    assertThat(empty.getCrc64Ecma()).isEqualTo("0");
    assertThat(cos.getObjectMetadata(bucket, "odd/empty").getCrc64Ecma()).isEqualTo("0");
    String key = "odd/\u4e2d\u6587 +&=?#%.txt";
    byte[] data = "odd".getBytes(StandardCharsets.UTF_8);
    put(key, data);
    assertThat(get(key)).isEqualTo(data);
    assertThat(cos.getObjectMetadata(bucket, key).getCrc64Ecma())
        .isEqualTo(Crc64.toUnsignedString(Crc64.of(data)));
    ListObjectsRequest lr = new ListObjectsRequest();
    lr.setBucketName(bucket);
    lr.setPrefix("odd/");
    assertThat(cos.listObjects(lr).getObjectSummaries()).extracting(COSObjectSummary::getKey)
        .containsExactlyInAnyOrder("odd/empty", key);
    assertThat(proxy.requests()).anyMatch(r -> r.operation() == Operation.PUT_OBJECT && r.key().equals(key));
  }

  @Test
  void listingsShowTheStorageClassesOfObjectsWrittenThroughTheProxy() throws IOException {
    ObjectMetadata ia = new ObjectMetadata();
    ia.setHeader("x-cos-storage-class", "standard_ia");
    String odd = "sc/\u4e2d +&%.bin";
    put(odd, new byte[] {1}, ia);
    ObjectMetadata archive = new ObjectMetadata();
    archive.setHeader("x-cos-storage-class", "ARCHIVE");
    put("sc/archive", new byte[] {2}, archive);
    put("sc/plain", new byte[] {3});
    store.putObject(bucket, "sc/seeded", new byte[] {4});
    String uploadId = cos.initiateMultipartUpload(new InitiateMultipartUploadRequest(bucket, "sc/multi")
        .withStorageClass(StorageClass.Standard_IA)).getUploadId();
    UploadPartRequest part = new UploadPartRequest().withBucketName(bucket).withKey("sc/multi")
        .withUploadId(uploadId).withPartNumber(1).withPartSize(1)
        .withInputStream(new ByteArrayInputStream(new byte[] {5}));
    String etag = cos.uploadPart(part).getETag();
    cos.completeMultipartUpload(new CompleteMultipartUploadRequest(bucket, "sc/multi", uploadId,
        new ArrayList<>(List.of(new PartETag(1, etag)))));
    CopyObjectRequest copy = new CopyObjectRequest(bucket, "sc/archive", bucket, "sc/copied");
    cos.copyObject(copy);
    CopyObjectRequest replaced = new CopyObjectRequest(bucket, "sc/archive", bucket, "sc/replaced");
    ObjectMetadata standard = new ObjectMetadata();
    standard.setHeader("x-cos-storage-class", "STANDARD_IA");
    replaced.setNewObjectMetadata(standard);
    replaced.setMetadataDirective("Replaced");
    cos.copyObject(replaced);
    for (String encoding : new String[] {null, "url"}) {
      ListObjectsRequest lr = new ListObjectsRequest();
      lr.setBucketName(bucket);
      lr.setPrefix("sc/");
      lr.setEncodingType(encoding);
      java.util.Map<String, String> classes = new java.util.TreeMap<>();
      for (COSObjectSummary o : cos.listObjects(lr).getObjectSummaries()) {
        // cos_api leaves url-encoded keys as they came (form encoding: '+' would be a space)
        classes.put(encoding == null ? o.getKey() : java.net.URLDecoder.decode(o.getKey(), StandardCharsets.UTF_8),
            o.getStorageClass());
      }
      assertThat(classes).as("encoding-type %s", encoding).containsEntry(odd, "STANDARD_IA")
          .containsEntry("sc/archive", "ARCHIVE").containsEntry("sc/plain", "STANDARD")
          .containsEntry("sc/seeded", "STANDARD").containsEntry("sc/multi", "STANDARD_IA")
          .containsEntry("sc/copied", "ARCHIVE").containsEntry("sc/replaced", "STANDARD_IA").hasSize(7);
    }
    assertThat(proxy.requests()).filteredOn(r -> r.operation() == Operation.COPY_OBJECT)
        .anyMatch(r -> r.key().equals("sc/copied") && r.copySource().equals("/" + bucket + "/sc/archive")
            && r.isCopy());
    assertThat(proxy.requests()).filteredOn(r -> r.operation() == Operation.PUT_OBJECT).noneMatch(
        RecordedRequest::isCopy);
  }
}
