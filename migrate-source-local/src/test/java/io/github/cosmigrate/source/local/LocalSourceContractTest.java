package io.github.cosmigrate.source.local;

import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.testkit.AbstractSourceContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

class LocalSourceContractTest extends AbstractSourceContractTest {
  @TempDir Path tmp;
  private Path root;

  @Override
  protected Source createSource(Map<String, byte[]> objects) throws Exception {
    root = Files.createDirectories(tmp.resolve("root"));
    for (Map.Entry<String, byte[]> e : objects.entrySet()) {
      Path f = root.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.write(f, e.getValue());
    }
    return reopenSource();
  }

  @Override
  protected Source reopenSource() throws Exception {
    return LocalSource.open(LocalSourceConfig.builder(root).pageSize(7).build());
  }

  @Override
  protected boolean supportsRangeReads() {
    return true;
  }
}
