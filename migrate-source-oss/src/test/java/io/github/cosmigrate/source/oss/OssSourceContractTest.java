package io.github.cosmigrate.source.oss;

import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.testkit.AbstractSourceContractTest;
import java.util.Map;

/** The source contract against the OSS dialect proxy, OSS signature V1 checked on every request. */
class OssSourceContractTest extends AbstractSourceContractTest {
  private String bucket;

  @Override
  protected Source createSource(Map<String, byte[]> objects) {
    bucket = OssFixture.newBucket();
    objects.forEach((k, v) -> OssFixture.put(bucket, k, v));
    return reopenSource();
  }

  @Override
  protected Source reopenSource() {
    return OssSource.open(OssFixture.config(bucket).pageSize(7).build());
  }

  @Override
  protected boolean supportsRangeReads() {
    return true;
  }

  @Override
  protected boolean replaceObject(String key, byte[] content) {
    OssFixture.put(bucket, key, content);
    return true;
  }
}
