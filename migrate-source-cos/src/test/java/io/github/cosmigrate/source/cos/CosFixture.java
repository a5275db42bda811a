package io.github.cosmigrate.source.cos;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.PutObjectRequest;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.ObjectStoreServer;
import io.github.cosmigrate.sink.cos.CosSinkConfig;
import io.github.cosmigrate.sink.cos.internal.CosClients;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.UUID;

/**
 * One S3Proxy (auth none, in memory) behind a COS dialect proxy per test JVM; a fresh bucket per test; a raw cos_api
 * client through the proxy to seed and replace objects.
 */
final class CosFixture {
  static final String REGION = "ap-guangzhou";
  static final String SECRET_ID = "AKIDsourceTestId01";
  static final String SECRET_KEY = "source-secret-KEY-do-not-print-42";

  private static ObjectStoreServer store;
  private static DialectProxy proxy;
  private static COSClient writer;

  private CosFixture() {}

  static synchronized DialectProxy proxy() {
    if (proxy == null) {
      try {
        store = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none());
        proxy = DialectProxy.start(Dialect.COS, store.endpoint());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        proxy.close();
        store.close();
      }));
    }
    return proxy;
  }

  static URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy().port());
  }

  /** A new empty bucket. */
  static String newBucket() {
    proxy();
    String bucket = "t" + UUID.randomUUID().toString().substring(0, 8) + "-1250000000";
    store.createBucket(bucket);
    return bucket;
  }

  /** A source on {@code bucket} through the proxy, path style, no SDK retries. */
  static CosSourceConfig.Builder source(String bucket) {
    return CosSourceConfig.builder().region(REGION).bucket(bucket).credentials(SECRET_ID, SECRET_KEY)
        .endpoint(endpoint()).pathStyle(true).sdkMaxRetries(0);
  }

  /** A sink on {@code bucket} through the same proxy (S3Proxy's part limits). */
  static CosSinkConfig.Builder sink(String bucket) {
    return CosSinkConfig.builder().region(REGION).bucket(bucket).credentials(SECRET_ID, SECRET_KEY)
        .endpoint(endpoint()).pathStyle(true).limits(SinkLimits.s3()).sdkMaxRetries(0);
  }

  /** A plain cos_api client on the proxy (any bucket). */
  static synchronized COSClient writer() {
    if (writer == null) {
      writer = CosClients.create(sink("w-1250000000").build());
    }
    return writer;
  }

  static void put(String bucket, String key, byte[] content) {
    put(bucket, key, content, Map.of(), null, null);
  }

  static void put(String bucket, String key, byte[] content, Map<String, String> meta, String contentType,
      String storageClass) {
    com.qcloud.cos.model.ObjectMetadata m = new com.qcloud.cos.model.ObjectMetadata();
    m.setContentLength(content.length);
    meta.forEach(m::addUserMetadata);
    if (contentType != null) {
      m.setContentType(contentType);
    }
    if (storageClass != null) {
      m.setHeader("x-cos-storage-class", storageClass);
    }
    writer().putObject(new PutObjectRequest(bucket, key, new ByteArrayInputStream(content), m));
  }
}
