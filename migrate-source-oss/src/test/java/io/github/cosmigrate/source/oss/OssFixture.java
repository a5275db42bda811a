package io.github.cosmigrate.source.oss;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.ObjectStoreServer;
import io.github.cosmigrate.server.OssSignatureVerifier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One in-process S3Proxy per test JVM behind a {@link DialectProxy} speaking OSS, with OSS signature V1 checked on
 * every request (a wrong secret gets 403 SignatureDoesNotMatch, as from OSS), and a plain OSS SDK client signed
 * with the right keys to write to it. Tests use a new random bucket each.
 */
final class OssFixture {
  static final String ACCESS_KEY_ID = "LTAItestaccesskey";
  static final String SECRET = "oss-test-secret-do-not-print";

  private static ObjectStoreServer store;
  private static DialectProxy proxy;
  private static OSS writer;

  private OssFixture() {}

  static synchronized ObjectStoreServer store() {
    start();
    return store;
  }

  /** The OSS endpoint: the dialect proxy, signatures checked. */
  static synchronized DialectProxy proxy() {
    start();
    return proxy;
  }

  private static void start() {
    if (store != null) {
      return;
    }
    try {
      store = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none());
      proxy = DialectProxy.start(Dialect.OSS, store.endpoint());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    proxy.requireSignatures(OssSignatureVerifier.of(ACCESS_KEY_ID, SECRET));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      proxy.close();
      store.close();
    }));
  }

  /** A plain OSS SDK client on the proxy (right keys, path style), for seeding and replacing objects. */
  static synchronized OSS writer() {
    if (writer == null) {
      ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
      conf.setSLDEnabled(true);
      conf.setMaxErrorRetry(0);
      writer = new OSSClientBuilder().build(proxy().endpoint().toString(), ACCESS_KEY_ID, SECRET, conf);
    }
    return writer;
  }

  /** A new empty bucket. */
  static String newBucket() {
    String b = "t" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    store().createBucket(b);
    return b;
  }

  /** PutObject through the OSS dialect, signed. */
  static void put(String bucket, String key, byte[] content) {
    put(bucket, key, content, null, Map.of());
  }

  /** PutObject through the OSS dialect with a Content-Type and user metadata ({@code x-oss-meta-*}). */
  static void put(String bucket, String key, byte[] content, String contentType, Map<String, String> meta) {
    com.aliyun.oss.model.ObjectMetadata md = new com.aliyun.oss.model.ObjectMetadata();
    md.setContentLength(content.length);
    if (contentType != null) {
      md.setContentType(contentType);
    }
    meta.forEach(md::addUserMetadata);
    writer().putObject(bucket, key, new ByteArrayInputStream(content), md);
  }

  /** Settings for a source on {@code bucket} of the fixture, with the right keys. */
  static OssSourceConfig.Builder config(String bucket) {
    return OssSourceConfig.builder().bucket(bucket).endpoint(proxy().endpoint()).credentials(ACCESS_KEY_ID, SECRET)
        .sdkMaxRetries(0);
  }
}
