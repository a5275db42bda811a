package io.github.cosmigrate.source.s3;

import io.github.cosmigrate.server.ObjectStoreServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * One in-process S3Proxy per test JVM with AWS Signature V4 checked, and a plain AWS SDK client to write to it.
 * Tests use a new random bucket each.
 */
final class S3Fixture {
  static final String ACCESS_KEY = "test-access-key";
  static final String SECRET_KEY = "test-secret-key-do-not-print";

  private static ObjectStoreServer server;
  private static S3Client writer;

  private S3Fixture() {}

  static synchronized ObjectStoreServer server() {
    if (server == null) {
      try {
        server = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.awsV4(ACCESS_KEY, SECRET_KEY));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    }
    return server;
  }

  /** A plain SDK client on the server, for seeding and replacing objects. */
  static synchronized S3Client writer() {
    if (writer == null) {
      writer = S3Client.builder().endpointOverride(server().endpoint()).region(Region.US_EAST_1)
          .forcePathStyle(true).credentialsProvider(credentials()).build();
    }
    return writer;
  }

  static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
  }

  /** A new empty bucket. */
  static String newBucket() {
    String b = "t" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    writer().createBucket(r -> r.bucket(b));
    return b;
  }

  static void put(String bucket, String key, byte[] content) {
    put(bucket, key, content, null, Map.of());
  }

  static void put(String bucket, String key, byte[] content, String contentType, Map<String, String> meta) {
    PutObjectRequest.Builder req = PutObjectRequest.builder().bucket(bucket).key(key).metadata(meta);
    if (contentType != null) {
      req.contentType(contentType);
    }
    writer().putObject(req.build(), RequestBody.fromBytes(content));
  }

  /** Settings for a source on {@code bucket} of the fixture, path style, with the right keys. */
  static S3SourceConfig.Builder config(String bucket) {
    return S3SourceConfig.builder(bucket).endpoint(server().endpoint()).region("us-east-1").pathStyle(true)
        .credentials(credentials());
  }
}
