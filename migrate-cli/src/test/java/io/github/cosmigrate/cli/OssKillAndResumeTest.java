package io.github.cosmigrate.cli;

import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.ObjectStoreServer;
import io.github.cosmigrate.server.OssSignatureVerifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@link RemoteKillAndResumeTest} for {@code cos-migrate oss}: the source is S3Proxy behind the OSS dialect proxy,
 * OSS signatures checked.
 */
class OssKillAndResumeTest extends RemoteKillAndResumeTest {
  private String endpoint;

  @Override
  protected ObjectStoreServer startStore(Path dir) throws Exception {
    return ObjectStoreServer.startOnDisk(dir, ObjectStoreServer.Auth.none());
  }

  @Override
  protected AutoCloseable startSource(ObjectStoreServer store) throws Exception {
    DialectProxy proxy = DialectProxy.start(Dialect.OSS, store.endpoint());
    proxy.requireSignatures(OssSignatureVerifier.of(ACCESS_KEY, SECRET_KEY));
    endpoint = proxy.endpoint().toString();
    return proxy;
  }

  @Override
  protected List<String> sourceArgs(String srcBucket) {
    return List.of("oss", "--src-bucket", srcBucket, "--src-endpoint", endpoint, "--src-path-style");
  }

  @Override
  protected Map<String, String> sourceEnv() {
    return Map.of("OSS_ACCESS_KEY_ID", ACCESS_KEY, "OSS_ACCESS_KEY_SECRET", SECRET_KEY);
  }
}
