package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.ObjectStoreServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * A COS-compatible server on loopback: S3Proxy storing objects on disk, behind the COS dialect proxy (which adds
 * {@code x-cos-hash-crc64ecma} and passes plain S3 requests through). Not for production data.
 */
public final class EmbeddedCos implements AutoCloseable {
  private final ObjectStoreServer server;
  private final DialectProxy proxy;

  private EmbeddedCos(ObjectStoreServer server, DialectProxy proxy) {
    this.server = server;
    this.proxy = proxy;
  }

  /** Starts a server storing under {@code dir}. */
  public static EmbeddedCos startOnDisk(Path dir) throws IOException {
    ObjectStoreServer server = ObjectStoreServer.startOnDisk(dir, ObjectStoreServer.Auth.none());
    try {
      return new EmbeddedCos(server, DialectProxy.start(Dialect.COS, server.endpoint()));
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** The COS endpoint clients use: {@code http://127.0.0.1:PORT}, path style. */
  public URI endpoint() {
    return proxy.endpoint();
  }

  public void createBucket(String bucket) {
    server.createBucket(bucket);
  }

  public DialectProxy proxy() {
    return proxy;
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
