package io.github.cosmigrate.cli;

import io.github.cosmigrate.cli.internal.RemoteSource;
import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.ObjectStoreServer;
import io.github.cosmigrate.server.OssSignatureVerifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@link CrashLoopTest} for {@code cos-migrate oss}: the source is S3Proxy behind the OSS dialect proxy, OSS
 * signatures checked; a smaller tree than the local and S3 loops.
 */
class OssCrashLoopTest extends CrashLoopTest {
  private static final String ACCESS_KEY = "crash-access-key";
  private static final String SECRET_KEY = "crash-secret-key";
  private static final String BUCKET = "crash-src";
  private ObjectStoreServer store;
  private DialectProxy proxy;

  @Override
  protected AutoCloseable startSource(Path dir) throws Exception {
    store = ObjectStoreServer.startOnDisk(dir, ObjectStoreServer.Auth.none());
    store.createBucket(BUCKET);
    proxy = DialectProxy.start(Dialect.OSS, store.endpoint());
    proxy.requireSignatures(OssSignatureVerifier.of(ACCESS_KEY, SECRET_KEY));
    return () -> {
      proxy.close();
      store.close();
    };
  }

  @Override
  protected void put(String key, byte[] content) {
    store.putObject(BUCKET, key, content);
  }

  @Override
  protected int smallObjects() {
    return 300;
  }

  @Override
  protected List<String> sourceArgs() {
    return List.of("oss", "--src-bucket", BUCKET, "--src-endpoint", proxy.endpoint().toString(),
        "--src-path-style");
  }

  @Override
  protected String sourceIdentity() {
    return RemoteSource.identity("oss", proxy.endpoint().toString(), BUCKET, "");
  }

  @Override
  protected Map<String, String> sourceEnv() {
    return Map.of("OSS_ACCESS_KEY_ID", ACCESS_KEY, "OSS_ACCESS_KEY_SECRET", SECRET_KEY);
  }
}
