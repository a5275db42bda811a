package io.github.cosmigrate.sink.cos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.cosmigrate.model.MultipartUpload;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.model.UploadedPart;
import io.github.cosmigrate.model.Verification;
import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.ObjectStoreServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Path style puts every object at its key in its bucket, whether the server routes by the Host header (S3Proxy
 * with {@code s3proxy.virtual-host}, the COS dialect proxy forwarding the client's Host) or by the path only
 * (plain S3Proxy behind the dialect proxy). Every sink operation goes through the real cos_api client; the store is
 * then read back, whole, by an independent client (AWS SDK v2, path style, straight at S3Proxy).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CosSinkAddressingTest {
  private static final int PART = 5 << 20; // S3Proxy's minimum non-last part

  /** One server and its dialect front. */
  record Stand(String name, ObjectStoreServer store, DialectProxy proxy) {
    @Override
    public String toString() {
      return name;
    }
  }

  private final List<Stand> stands = new ArrayList<>();

  @BeforeAll
  void start() throws IOException {
    ObjectStoreServer byHost =
        ObjectStoreServer.startInMemoryRoutingByHost(ObjectStoreServer.Auth.none(), "127.0.0.1");
    stands.add(new Stand("routes by Host", byHost, DialectProxy.startForwardingHost(Dialect.COS, byHost.endpoint())));
    ObjectStoreServer byPath = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none());
    stands.add(new Stand("routes by path", byPath, DialectProxy.start(Dialect.COS, byPath.endpoint())));
  }

  @AfterAll
  void stop() {
    for (Stand s : stands) {
      s.proxy().close();
      s.store().close();
    }
  }

  Stream<Stand> stands() {
    return stands.stream();
  }

  private static CosSink sink(Stand stand, String bucket) {
    return CosSink.create(CosSinkConfig.builder().region(CosTestServers.REGION).bucket(bucket)
        .credentials(CosTestServers.SECRET_ID, CosTestServers.SECRET_KEY)
        .endpoint(URI.create("http://127.0.0.1:" + stand.proxy().port())).pathStyle(true)
        .limits(SinkLimits.s3()).sdkMaxRetries(0).build());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stands")
  void everyOperationAddressesTheBucketAndKeyItNames(Stand stand) throws IOException {
    String bucket = "addr" + UUID.randomUUID().toString().substring(0, 8) + "-1250000000";
    stand.store().createBucket(bucket);
    byte[] small = bytes(1000, 1);
    byte[] big = bytes(PART + 123, 2);
    try (CosSink sink = sink(stand, bucket)) {
      // put; HEAD of what is there and of what is not (skip-mode destination)
      assertThat(put(sink, "in/a.txt", small).verification()).isEqualTo(Verification.VERIFIED);
      Optional<ObjectInfo> head = sink.stat("in/a.txt");
      assertThat(head).hasValueSatisfying(i -> assertThat(i.size()).isEqualTo(small.length));
      assertThat(sink.stat("in/missing.txt")).isEmpty();

      // multipart: initiate, parts, list parts, complete
      String id = sink.initiateMultipart("in/big.bin", ObjectMetadata.empty());
      PartResult p1 = sink.uploadPart("in/big.bin", id, 1, new ByteArrayInputStream(big, 0, PART), PART);
      PartResult p2 = sink.uploadPart("in/big.bin", id, 2,
          new ByteArrayInputStream(big, PART, big.length - PART), big.length - PART);
      assertThat(sink.listParts("in/big.bin", id)).extracting(UploadedPart::partNumber).containsExactly(1, 2);
      assertThat(sink.completeMultipart("in/big.bin", id, List.of(p1, p2)).verification())
          .isEqualTo(Verification.VERIFIED);
      assertThat(sink.stat("in/big.bin")).hasValueSatisfying(i -> assertThat(i.size()).isEqualTo(big.length));

      // an orphan upload is listed (orphan clean-up) and aborted
      String orphan = sink.initiateMultipart("in/orphan.bin", ObjectMetadata.empty());
      sink.uploadPart("in/orphan.bin", orphan, 1, new ByteArrayInputStream(small), small.length);
      assertThat(sink.listMultipartUploads("in/")).extracting(MultipartUpload::key, MultipartUpload::uploadId)
          .containsExactly(tuple("in/orphan.bin", orphan));
      sink.abortMultipart("in/orphan.bin", orphan);
      assertThat(sink.listMultipartUploads("in/")).isEmpty();

      // delete
      put(sink, "in/gone.txt", small);
      assertThat(sink.stat("in/gone.txt")).isPresent();
      sink.delete("in/gone.txt");
      assertThat(sink.stat("in/gone.txt")).isEmpty();
    }

    // read back the whole store with an independent client: the two objects at their keys, nothing else anywhere
    try (S3Client s3 = s3(stand.store())) {
      Map<String, Map<String, byte[]>> store = wholeStore(s3);
      assertThat(store).containsOnlyKeys(bucket);
      assertThat(store.get(bucket)).containsOnlyKeys("in/a.txt", "in/big.bin");
      assertThat(store.get(bucket).get("in/a.txt")).isEqualTo(small);
      assertThat(Arrays.equals(store.get(bucket).get("in/big.bin"), big)).isTrue();
      assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    } finally {
      deleteAll(stand.store());
    }
  }

  @Test
  void theHostRoutingStandReallyRoutesByHost() throws IOException {
    // the premise of the first stand: a Host naming a bucket selects it and the whole path is the key
    ObjectStoreServer store = stands.get(0).store();
    String bucket = "host" + UUID.randomUUID().toString().substring(0, 8) + "-1250000000";
    store.createBucket(bucket);
    store.putObject(bucket, "k", bytes(10, 3));
    try {
      assertThat(headStatus(store, bucket + ".127.0.0.1", "/k")).isEqualTo(200);
      assertThat(headStatus(store, bucket + ".127.0.0.1", "/" + bucket + "/k")).isEqualTo(404);
      assertThat(headStatus(store, "127.0.0.1:" + store.port(), "/" + bucket + "/k")).isEqualTo(200);
    } finally {
      deleteAll(store);
    }
  }

  /** A HEAD with this Host (java.net.http will not set one), its status. */
  private static int headStatus(ObjectStoreServer store, String host, String path) throws IOException {
    try (Socket sock = new Socket("127.0.0.1", store.port())) {
      sock.getOutputStream().write(("HEAD " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String line = new String(sock.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(line.substring(9, 12));
    }
  }

  private static PutResult put(CosSink sink, String key, byte[] data) throws IOException {
    return sink.put(key, new ByteArrayInputStream(data), data.length, ObjectMetadata.empty());
  }

  static S3Client s3(ObjectStoreServer store) {
    return S3Client.builder().endpointOverride(store.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
        .credentialsProvider(AnonymousCredentialsProvider.create()).build();
  }

  /** Every bucket, every key and its bytes. */
  static Map<String, Map<String, byte[]>> wholeStore(S3Client s3) {
    Map<String, Map<String, byte[]>> all = new TreeMap<>();
    for (Bucket b : s3.listBuckets().buckets()) {
      Map<String, byte[]> objects = new TreeMap<>();
      for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(b.name())).contents()) {
        objects.put(o.key(), s3.getObjectAsBytes(r -> r.bucket(b.name()).key(o.key())).asByteArray());
      }
      all.put(b.name(), objects);
    }
    return all;
  }

  /** Empties the store (every bucket: a misplaced object must not leak into the next test). */
  private static void deleteAll(ObjectStoreServer store) {
    try (S3Client s3 = s3(store)) {
      for (Bucket b : s3.listBuckets().buckets()) {
        for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(b.name())).contents()) {
          s3.deleteObject(r -> r.bucket(b.name()).key(o.key()));
        }
        s3.deleteBucket(r -> r.bucket(b.name()));
      }
    }
  }

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }
}
