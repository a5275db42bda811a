package io.github.cosmigrate.cli;

import io.github.cosmigrate.server.ObjectStoreServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@link RemoteKillAndResumeTest} for {@code cos-migrate s3}: the source is S3Proxy checking AWS Signature V4. */
class S3KillAndResumeTest extends RemoteKillAndResumeTest {
  private String endpoint;

  @Override
  protected ObjectStoreServer startStore(Path dir) throws Exception {
    return ObjectStoreServer.startOnDisk(dir, ObjectStoreServer.Auth.awsV4(ACCESS_KEY, SECRET_KEY));
  }

  @Override
  protected AutoCloseable startSource(ObjectStoreServer store) {
    endpoint = store.endpoint().toString();
    return () -> { };
  }

  @Override
  protected List<String> sourceArgs(String srcBucket) {
    return List.of("s3", "--src-bucket", srcBucket, "--src-region", "us-east-1", "--src-endpoint", endpoint,
        "--src-path-style");
  }

  @Override
  protected Map<String, String> sourceEnv() {
    return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
  }
}
