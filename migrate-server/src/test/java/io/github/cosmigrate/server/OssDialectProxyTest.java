package io.github.cosmigrate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.CompleteMultipartUploadResult;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ListObjectsRequest;
import com.aliyun.oss.model.ListObjectsV2Request;
import com.aliyun.oss.model.ListObjectsV2Result;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.OSSObjectSummary;
import com.aliyun.oss.model.ObjectListing;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.PutObjectResult;
import com.aliyun.oss.model.UploadPartRequest;
import io.github.cosmigrate.api.Crc64;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OssDialectProxyTest {
  private static ObjectStoreServer store;
  private static DialectProxy proxy;
  private static OSS oss;
  private static final String BUCKET = "oss-bucket";

  @BeforeAll
  static void start() throws IOException {
    store = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none());
    proxy = DialectProxy.start(Dialect.OSS, store.endpoint());
    proxy.requireSignatures(OssSignatureVerifier.of("ak", "sk")); // every request below is signature-checked
    ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
    conf.setSLDEnabled(true);
    conf.setCrcCheckEnabled(true);
    conf.setMaxErrorRetry(0);
    oss = new OSSClientBuilder().build(proxy.endpoint().toString(), "ak", "sk", conf);
    store.createBucket(BUCKET);
  }

  @AfterAll
  static void stop() {
    oss.shutdown();
    proxy.close();
    store.close();
  }

  @Test
  void listsMoreThanAThousandKeysInPages() throws Exception {
    int n = 1010;
    for (int i = 0; i < n; i++) {
      store.putObject(BUCKET, String.format("many/k%04d", i), new byte[] {7});
    }
    List<String> keys = new ArrayList<>();
    String marker = null;
    int pages = 0;
    ObjectListing page;
    do {
      page = oss.listObjects(new ListObjectsRequest(BUCKET).withPrefix("many/").withMarker(marker)
          .withMaxKeys(500));
      pages++;
      page.getObjectSummaries().stream().map(OSSObjectSummary::getKey).forEach(keys::add);
      marker = page.getNextMarker();
    } while (page.isTruncated());
    assertThat(pages).isEqualTo(3);
    assertThat(keys).hasSize(n).doesNotHaveDuplicates().isSorted();

    ListObjectsV2Result v2 = oss.listObjectsV2(new ListObjectsV2Request(BUCKET).withPrefix("many/")
        .withMaxKeys(1000));
    assertThat(v2.getObjectSummaries()).hasSize(1000);
    assertThat(v2.isTruncated()).isTrue();
    ListObjectsV2Result rest = oss.listObjectsV2(new ListObjectsV2Request(BUCKET).withPrefix("many/")
        .withContinuationToken(v2.getNextContinuationToken()));
    assertThat(rest.getObjectSummaries()).hasSize(n - 1000);
  }

  @Test
  void metadataAndCrcRoundTrip() throws IOException {
    byte[] data = "oss content with metadata".getBytes(StandardCharsets.UTF_8);
    ObjectMetadata md = new ObjectMetadata();
    md.addUserMetadata("origin", "oss-test");
    md.setContentType("text/plain");
    PutObjectResult put = oss.putObject(BUCKET, "meta/obj", new ByteArrayInputStream(data), md);
    long crc = Crc64.of(data);
    assertThat(put.getServerCRC()).isEqualTo(crc);
    assertThat(put.getClientCRC()).isEqualTo(crc);
    ObjectMetadata head = oss.getObjectMetadata(BUCKET, "meta/obj");
    assertThat(head.getUserMetadata()).containsEntry("origin", "oss-test");
    assertThat(head.getContentType()).isEqualTo("text/plain");
    assertThat(head.getServerCRC()).isEqualTo(crc);
    try (OSSObject o = oss.getObject(BUCKET, "meta/obj"); InputStream in = o.getObjectContent()) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void copyObjectKeepsContentAndMetadata() throws IOException {
    ObjectMetadata md = new ObjectMetadata();
    md.addUserMetadata("k", "v");
    oss.putObject(BUCKET, "copy/src", new ByteArrayInputStream("copied".getBytes(StandardCharsets.UTF_8)), md);
    oss.copyObject(BUCKET, "copy/src", BUCKET, "copy/dst");
    try (OSSObject o = oss.getObject(BUCKET, "copy/dst"); InputStream in = o.getObjectContent()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("copied");
      assertThat(o.getObjectMetadata().getUserMetadata()).containsEntry("k", "v");
    }
  }

  @Test
  void multipartWithClientCrcCheck() {
    int part = 5 * 1024 * 1024;
    byte[] data = new byte[part + 4321];
    new Random(3).nextBytes(data);
    String key = "multi/oss.bin";
    String id = oss.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key)).getUploadId();
    List<PartETag> etags = new ArrayList<>();
    for (int p = 1; p <= 2; p++) {
      int off = (p - 1) * part;
      int len = p == 1 ? part : data.length - part;
      UploadPartRequest up = new UploadPartRequest(BUCKET, key, id, p, new ByteArrayInputStream(data, off, len),
          len);
      etags.add(oss.uploadPart(up).getPartETag());
    }
    CompleteMultipartUploadResult done =
        oss.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, id, etags));
    assertThat(done.getServerCRC()).isEqualTo(Crc64.of(data));
  }
}
