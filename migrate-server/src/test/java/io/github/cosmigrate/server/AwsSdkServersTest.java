package io.github.cosmigrate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class AwsSdkServersTest {
  private static ObjectStoreServer signed;
  private static ObjectStoreServer open;
  private static DialectProxy proxy;

  @BeforeAll
  static void start() throws IOException {
    signed = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.awsV4("AKIAtest", "s3cret"));
    open = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none());
    proxy = DialectProxy.start(Dialect.COS, open.endpoint());
  }

  @AfterAll
  static void stop() {
    proxy.close();
    open.close();
    signed.close();
  }

  static S3Client client(URI endpoint, String ak, String sk) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ak, sk)))
        .build();
  }

  @Test
  void sigV4IsCheckedForReal() {
    signed.createBucket("signed");
    try (S3Client good = client(signed.endpoint(), "AKIAtest", "s3cret");
        S3Client bad = client(signed.endpoint(), "AKIAtest", "wrong")) {
      good.putObject(b -> b.bucket("signed").key("a/b.txt"), RequestBody.fromString("signed content"));
      assertThat(good.getObjectAsBytes(b -> b.bucket("signed").key("a/b.txt")).asUtf8String())
          .isEqualTo("signed content");
      assertThatThrownBy(() -> bad.getObjectAsBytes(b -> b.bucket("signed").key("a/b.txt")))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
      assertThat(signed.endpoint().getHost()).isEqualTo("127.0.0.1");
    }
  }

  @Test
  void s3ClientsPassThroughTheDialectProxy() {
    open.createBucket("passthrough");
    byte[] small = new byte[3000];
    new Random(1).nextBytes(small);
    try (S3Client s3 = client(proxy.endpoint(), "any", "any")) {
      s3.putObject(b -> b.bucket("passthrough").key("dir/small").metadata(java.util.Map.of("origin", "s3")),
          RequestBody.fromBytes(small));
      assertThat(s3.getObjectAsBytes(b -> b.bucket("passthrough").key("dir/small")).asByteArray())
          .isEqualTo(small);
      HeadObjectResponse head = s3.headObject(b -> b.bucket("passthrough").key("dir/small"));
      assertThat(head.contentLength()).isEqualTo(3000);
      assertThat(head.metadata()).containsEntry("origin", "s3");
      assertThat(s3.getObjectAsBytes(b -> b.bucket("passthrough").key("dir/small").range("bytes=10-19"))
          .asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(small, 10, 20));

      int part = 5 * 1024 * 1024;
      byte[] big = new byte[part + 777];
      new Random(2).nextBytes(big);
      String id = s3.createMultipartUpload(b -> b.bucket("passthrough").key("big")).uploadId();
      String e1 = s3.uploadPart(b -> b.bucket("passthrough").key("big").uploadId(id).partNumber(1),
          RequestBody.fromBytes(java.util.Arrays.copyOfRange(big, 0, part))).eTag();
      String e2 = s3.uploadPart(b -> b.bucket("passthrough").key("big").uploadId(id).partNumber(2),
          RequestBody.fromBytes(java.util.Arrays.copyOfRange(big, part, big.length))).eTag();
      s3.completeMultipartUpload(b -> b.bucket("passthrough").key("big").uploadId(id).multipartUpload(
          m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
              CompletedPart.builder().partNumber(2).eTag(e2).build())));
      assertThat(s3.getObjectAsBytes(b -> b.bucket("passthrough").key("big")).asByteArray()).isEqualTo(big);

      List<String> keys = s3.listObjectsV2(b -> b.bucket("passthrough")).contents().stream()
          .map(S3Object::key).toList();
      assertThat(keys).containsExactly("big", "dir/small");
    }
    assertThat(proxy.requests()).filteredOn(r -> r.bucket().equals("passthrough"))
        .extracting(RecordedRequest::operation)
        .contains(Operation.PUT_OBJECT, Operation.GET_OBJECT, Operation.HEAD_OBJECT,
            Operation.INITIATE_MULTIPART, Operation.UPLOAD_PART, Operation.COMPLETE_MULTIPART,
            Operation.LIST_OBJECTS);
  }

  @Test
  void s3ClientsRetryThroughInjectedFaults() {
    open.createBucket("faulty");
    byte[] body = new byte[200_000];
    new Random(9).nextBytes(body);
    proxy.faults().failNext(1, r -> r.bucket().equals("faulty") && r.operation() == Operation.PUT_OBJECT,
        Fault.slowDown());
    proxy.faults().failNext(1, r -> r.bucket().equals("faulty") && r.operation() == Operation.PUT_OBJECT,
        Fault.connectionReset());
    try (S3Client s3 = client(proxy.endpoint(), "any", "any")) {
      s3.putObject(b -> b.bucket("faulty").key("k"), RequestBody.fromBytes(body)); // the SDK retries
      assertThat(s3.getObjectAsBytes(b -> b.bucket("faulty").key("k")).asByteArray()).isEqualTo(body);
    }
    assertThat(proxy.requests()).filteredOn(r -> r.bucket().equals("faulty")
            && r.operation() == Operation.PUT_OBJECT)
        .extracting(RecordedRequest::status).containsExactly(503, 0, 200);
  }
}
