package io.github.cosmigrate.cli;

import io.github.cosmigrate.cli.internal.RemoteSource;
import io.github.cosmigrate.server.ObjectStoreServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@link CrashLoopTest} for {@code cos-migrate s3}: the source is S3Proxy (on disk) checking AWS Signature V4. */
class S3CrashLoopTest extends CrashLoopTest {
  private static final String ACCESS_KEY = "crash-access-key";
  private static final String SECRET_KEY = "crash-secret-key";
  private static final String BUCKET = "crash-src";
  private ObjectStoreServer store;

  @Override
  protected AutoCloseable startSource(Path dir) throws Exception {
    store = ObjectStoreServer.startOnDisk(dir, ObjectStoreServer.Auth.awsV4(ACCESS_KEY, SECRET_KEY));
    store.createBucket(BUCKET);
    return store;
  }

  @Override
  protected void put(String key, byte[] content) {
    store.putObject(BUCKET, key, content);
  }

  @Override
  protected List<String> sourceArgs() {
    return List.of("s3", "--src-bucket", BUCKET, "--src-region", "us-east-1", "--src-endpoint",
        store.endpoint().toString(), "--src-path-style");
  }

  @Override
  protected String sourceIdentity() {
    return RemoteSource.identity("s3", store.endpoint().toString(), BUCKET, "");
  }

  @Override
  protected Map<String, String> sourceEnv() {
    return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
  }
}
