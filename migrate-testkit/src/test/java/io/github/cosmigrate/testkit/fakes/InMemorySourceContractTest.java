package io.github.cosmigrate.testkit.fakes;

import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.testkit.AbstractSourceContractTest;
import java.util.Map;

class InMemorySourceContractTest extends AbstractSourceContractTest {
  private Map<String, byte[]> fixture = Map.of();

  @Override
  protected Source createSource(Map<String, byte[]> objects) {
    fixture = objects;
    return InMemorySource.of(objects).pageSize(7);
  }

  @Override
  protected Source reopenSource() {
    return InMemorySource.of(fixture).pageSize(7);
  }

  @Override
  protected boolean supportsRangeReads() {
    return true;
  }

  @Override
  protected void checkAfterTest(Source source) {
    ((InMemorySource) source).checkNoOpenStreams();
  }
}
