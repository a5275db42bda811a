package io.github.cosmigrate.cli;

import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.ObjectStoreServer;
import io.github.cosmigrate.sink.cos.CosSink;
import io.github.cosmigrate.sink.cos.CosSinkConfig;
import io.github.cosmigrate.spi.Sink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An in-process COS: S3Proxy (on disk) behind the COS dialect proxy, and sinks onto its buckets. Either started
 * at once ({@link #startOnDisk}) or, as a JUnit extension, once per test class:
 * {@code @RegisterExtension static final CosFixture cos = CosFixture.perClass();} (started before the class's first
 * test on a temporary folder, closed and deleted after its last).
 */
final class CosFixture implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
  static final String REGION = "ap-guangzhou";
  ObjectStoreServer server;
  DialectProxy proxy;
  private Path ownDir;

  private CosFixture(ObjectStoreServer server, DialectProxy proxy) {
    this.server = server;
    this.proxy = proxy;
  }

  static CosFixture startOnDisk(Path dir) throws IOException {
    CosFixture f = new CosFixture(null, null);
    f.start(dir);
    return f;
  }

  /** A fixture that starts before a test class's first test and stops after its last. */
  static CosFixture perClass() {
    return new CosFixture(null, null);
  }

  private void start(Path dir) throws IOException {
    server = ObjectStoreServer.startOnDisk(dir, ObjectStoreServer.Auth.none());
    proxy = DialectProxy.start(Dialect.COS, server.endpoint());
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    ownDir = Files.createTempDirectory("cos-fixture-");
    start(ownDir);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    try {
      close();
    } finally {
      try (Stream<Path> files = Files.walk(ownDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> {
          try {
            Files.deleteIfExists(f);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
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
      if (proxy != null) {
        proxy.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }
}
