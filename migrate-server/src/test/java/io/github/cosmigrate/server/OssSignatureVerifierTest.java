package io.github.cosmigrate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ListObjectsRequest;
import com.aliyun.oss.model.ListObjectsV2Request;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.UploadPartRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OSS SDK's default (V1) signatures, checked by the OSS dialect proxy. */
class OssSignatureVerifierTest {
  private static final String BUCKET = "sig-bucket";
  private static ObjectStoreServer store;
  private static DialectProxy proxy;
  private final List<OSS> clients = new ArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    store = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none());
    proxy = DialectProxy.start(Dialect.OSS, store.endpoint());
    store.createBucket(BUCKET);
  }

  @AfterAll
  static void stop() {
    proxy.close();
    store.close();
  }

  @AfterEach
  void shutdownClients() {
    clients.forEach(OSS::shutdown);
    proxy.requireSignatures(null);
  }

  private OSS client(String ak, String sk, String token) {
    ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
    conf.setSLDEnabled(true);
    conf.setMaxErrorRetry(0);
    OSS oss = token == null ? new OSSClientBuilder().build(proxy.endpoint().toString(), ak, sk, conf)
        : new OSSClientBuilder().build(proxy.endpoint().toString(), ak, sk, token, conf);
    clients.add(oss);
    return oss;
  }

  @Test
  void correctlySignedRequestsOfEveryKindPass() throws IOException {
    proxy.requireSignatures(OssSignatureVerifier.of("LTAIgood", "right-secret"));
    proxy.clearRequests();
    OSS oss = client("LTAIgood", "right-secret", null);
    ObjectMetadata md = new ObjectMetadata();
    md.setContentType("text/plain; charset=utf-8");
    md.addUserMetadata("origin", "sig test");
    byte[] data = "signed content".getBytes(StandardCharsets.UTF_8);
    String key = "dir/odd key+plus%percent 中文.txt";
    oss.putObject(BUCKET, key, new ByteArrayInputStream(data), md);
    assertThat(oss.getObjectMetadata(BUCKET, key).getUserMetadata()).containsEntry("origin", "sig test");
    GetObjectRequest ranged = new GetObjectRequest(BUCKET, key);
    ranged.setRange(2, 5);
    try (OSSObject o = oss.getObject(ranged); InputStream in = o.getObjectContent()) {
      assertThat(in.readAllBytes()).isEqualTo("gned".getBytes(StandardCharsets.UTF_8));
    }
    ListObjectsRequest list = new ListObjectsRequest(BUCKET).withPrefix("dir/").withMaxKeys(10);
    assertThat(oss.listObjects(list).getObjectSummaries()).extracting(s -> s.getKey()).containsExactly(key);
    assertThat(oss.listObjectsV2(new ListObjectsV2Request(BUCKET).withPrefix("dir/")).getKeyCount()).isEqualTo(1);

    int part = 5 * 1024 * 1024;
    byte[] big = new byte[part + 10];
    new Random(1).nextBytes(big);
    String id = oss.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, "multi")).getUploadId();
    List<PartETag> etags = new ArrayList<>();
    etags.add(oss.uploadPart(new UploadPartRequest(BUCKET, "multi", id, 1, new ByteArrayInputStream(big, 0, part),
        part)).getPartETag());
    etags.add(oss.uploadPart(new UploadPartRequest(BUCKET, "multi", id, 2, new ByteArrayInputStream(big, part, 10),
        10)).getPartETag());
    oss.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, "multi", id, etags));
    oss.copyObject(BUCKET, "multi", BUCKET, "multi-copy");
    assertThat(oss.getObjectMetadata(BUCKET, "multi-copy").getContentLength()).isEqualTo(big.length);
    oss.deleteObject(BUCKET, "multi-copy");
    assertThat(proxy.requests()).noneMatch(r -> r.status() == 403);
  }

  @Test
  void wrongSecretIsSignatureDoesNotMatchInOssXml() {
    proxy.requireSignatures(OssSignatureVerifier.of("LTAIgood", "right-secret"));
    OSS bad = client("LTAIgood", "wrong-secret", null);
    OSSException list = catchThrowableOfType(() -> bad.listObjects(BUCKET), OSSException.class);
    assertThat(list.getErrorCode()).isEqualTo("SignatureDoesNotMatch");
    assertThat(list.getRawResponseError()).contains("<SignatureProvided>").contains("<StringToSign>GET\n");
    OSSException get = catchThrowableOfType(() -> bad.getObject(BUCKET, "x"), OSSException.class);
    assertThat(get.getErrorCode()).isEqualTo("SignatureDoesNotMatch");
    // a HEAD has no body: OSS puts the error into x-oss-err, which the SDK decodes
    OSSException head = catchThrowableOfType(() -> bad.getObjectMetadata(BUCKET, "x"), OSSException.class);
    assertThat(head.getErrorCode()).isEqualTo("SignatureDoesNotMatch");
    OSSException put = catchThrowableOfType(() -> bad.putObject(BUCKET, "never",
        new ByteArrayInputStream(new byte[] {1})), OSSException.class);
    assertThat(put.getErrorCode()).isEqualTo("SignatureDoesNotMatch");
    assertThat(client("LTAIgood", "right-secret", null).doesObjectExist(BUCKET, "never")).isFalse();
  }

  @Test
  void unknownAccessKeyAndMissingTokenAreRefused() {
    proxy.requireSignatures(OssSignatureVerifier.of("LTAIgood", "right-secret").withSecurityToken("sts-token"));
    OSSException unknown = catchThrowableOfType(() -> client("LTAIother", "right-secret", "sts-token")
        .listObjects(BUCKET), OSSException.class);
    assertThat(unknown.getErrorCode()).isEqualTo("InvalidAccessKeyId");
    OSSException noToken = catchThrowableOfType(() -> client("LTAIgood", "right-secret", null)
        .listObjects(BUCKET), OSSException.class);
    assertThat(noToken.getErrorCode()).isEqualTo("InvalidSecurityToken");
    assertThat(client("LTAIgood", "right-secret", "sts-token").listObjects(BUCKET).getBucketName())
        .isEqualTo(BUCKET);
  }

  @Test
  void stringToSignFollowsTheV1Rules() {
    Headers h = new Headers();
    h.add("Date", "Fri, 04 Dec 2026 15:00:00 GMT");
    h.add("Content-Type", "text/plain");
    h.add("X-OSS-Meta-B", " two ");
    h.add("x-oss-meta-a", "one");
    h.add("Range", "bytes=0-1");
    String s = OssSignatureVerifier.stringToSign("PUT", "/b/k", List.of(new String[] {"uploadId", "u1"},
        new String[] {"partNumber", "2"}, new String[] {"prefix", "ignored"}, new String[] {"uploads", null}), h);
    assertThat(s).isEqualTo("PUT\n\ntext/plain\nFri, 04 Dec 2026 15:00:00 GMT\nx-oss-meta-a:one\nx-oss-meta-b:two\n"
        + "/b/k?partNumber=2&uploadId=u1&uploads");
    // RFC 2104 test vector 2 for HMAC-SHA1, base64
    assertThat(OssSignatureVerifier.sign("Jefe", "what do ya want for nothing?"))
        .isEqualTo("7/zfauXrL6LSdBbV8YTfnCWafHk=");
  }
}
