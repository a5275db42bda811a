package io.github.cosmigrate.sink.cos;

import com.qcloud.cos.COSClient;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.ObjectStoreServer;
import io.github.cosmigrate.sink.cos.internal.CosClients;
import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/** One S3Proxy (auth none, in memory) behind a COS DialectProxy, shared by the tests of this JVM. */
final class CosTestServers {
  static final String REGION = "ap-guangzhou";
  static final String SECRET_ID = "AKIDkitTestId123";
  static final String SECRET_KEY = "kit-secret-KEY-do-not-print-0123456789";

  private static ObjectStoreServer store;
  private static DialectProxy proxy;

  private CosTestServers() {}

  static synchronized DialectProxy proxy() throws IOException {
    if (proxy == null) {
      store = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none());
      proxy = DialectProxy.start(Dialect.COS, store.endpoint());
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        proxy.close();
        store.close();
      }));
    }
    return proxy;
  }

  /** A fresh bucket on the shared server. */
  static String newBucket() throws IOException {
    proxy();
    String bucket = "t" + UUID.randomUUID().toString().substring(0, 8) + "-1250000000";
    store.createBucket(bucket);
    return bucket;
  }

  /** A config for {@code bucket} through the dialect proxy, S3 part limits, no SDK retries. */
  static CosSinkConfig.Builder config(String bucket) throws IOException {
    return CosSinkConfig.builder().region(REGION).bucket(bucket).credentials(SECRET_ID, SECRET_KEY)
        .endpoint(URI.create("http://127.0.0.1:" + proxy().port())).pathStyle(true).limits(SinkLimits.s3())
        .sdkMaxRetries(0);
  }

  /** A raw cos_api client on the same endpoint, for cross-checks. */
  static COSClient rawClient(String bucket) throws IOException {
    return CosClients.create(config(bucket).build());
  }

  /** The ETag a COS (or S3) server gives a single-part object: the body's MD5 in hex, quoted. */
  static String md5Etag(byte[] body) {
    try {
      return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body)) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no MD5", e);
    }
  }
}
