package io.github.cosmigrate.cli;

import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.ObjectStoreServer;
import io.github.cosmigrate.sink.cos.CosSink;
import io.github.cosmigrate.sink.cos.CosSinkConfig;
import io.github.cosmigrate.spi.Sink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** An in-process COS: S3Proxy (on disk) behind the COS dialect proxy, and sinks onto its buckets. */
final class CosFixture implements AutoCloseable {
  static final String REGION = "ap-guangzhou";
  final ObjectStoreServer server;
  final DialectProxy proxy;

  private CosFixture(ObjectStoreServer server, DialectProxy proxy) {
    this.server = server;
    this.proxy = proxy;
  }

  static CosFixture startOnDisk(Path dir) throws IOException {
    ObjectStoreServer s = ObjectStoreServer.startOnDisk(dir, ObjectStoreServer.Auth.none());
    return new CosFixture(s, DialectProxy.start(Dialect.COS, s.endpoint()));
  }

  /** A new empty bucket with a random name. */
  String newBucket(String stem) {
    String b = stem + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL) + "-1250000000";
    server.createBucket(b);
    return b;
  }

  String endpoint() {
    return proxy.endpoint().toString();
  }

  Sink sink(String bucket) {
    return CosSink.create(CosSinkConfig.builder().region(REGION).bucket(bucket).credentials("dummy-id", "dummy-key")
        .endpoint(proxy.endpoint()).pathStyle(true).limits(SinkLimits.s3()).build());
  }

  @Override
  public void close() {
    try {
      proxy.close();
    } finally {
      server.close();
    }
  }
}
