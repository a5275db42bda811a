package io.github.cosmigrate.source.s3;

import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.testkit.AbstractSourceContractTest;
import java.util.Map;

class S3SourceContractTest extends AbstractSourceContractTest {
  private String bucket;

  @Override
  protected Source createSource(Map<String, byte[]> objects) {
    bucket = S3Fixture.newBucket();
    objects.forEach((k, v) -> S3Fixture.put(bucket, k, v));
    return reopenSource();
  }

  @Override
  protected Source reopenSource() {
    return S3Source.open(S3Fixture.config(bucket).pageSize(7).build());
  }

  @Override
  protected boolean supportsRangeReads() {
    return true;
  }

  @Override
  protected boolean replaceObject(String key, byte[] content) {
    S3Fixture.put(bucket, key, content);
    return true;
  }
}
