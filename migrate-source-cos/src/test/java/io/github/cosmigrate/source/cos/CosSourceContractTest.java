package io.github.cosmigrate.source.cos;

import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.testkit.AbstractSourceContractTest;
import java.util.Map;

/** The Source contract for CosSource, through S3Proxy behind the COS dialect proxy. */
class CosSourceContractTest extends AbstractSourceContractTest {
  private String bucket;

  @Override
  protected Source createSource(Map<String, byte[]> objects) {
    bucket = CosFixture.newBucket();
    objects.forEach((k, v) -> CosFixture.put(bucket, k, v));
    return reopenSource();
  }

  @Override
  protected Source reopenSource() {
    return CosSource.open(CosFixture.source(bucket).pageSize(7).build());
  }

  @Override
  protected boolean supportsRangeReads() {
    return true;
  }

  @Override
  protected boolean replaceObject(String key, byte[] content) {
    CosFixture.put(bucket, key, content);
    return true;
  }
}
