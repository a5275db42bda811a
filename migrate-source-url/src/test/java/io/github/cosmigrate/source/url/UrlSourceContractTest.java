package io.github.cosmigrate.source.url;

import io.github.cosmigrate.server.RangeFileServer;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.testkit.AbstractSourceContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The Source kit against files served by {@link RangeFileServer}, listed one URL a line. */
class UrlSourceContractTest extends AbstractSourceContractTest {
  @TempDir Path tmp;
  private RangeFileServer server;
  private Path list;

  @Override
  protected Source createSource(Map<String, byte[]> objects) throws Exception {
    Path root = Files.createDirectories(tmp.resolve("served"));
    StringBuilder lines = new StringBuilder("# the kit's objects\n\n");
    for (Map.Entry<String, byte[]> e : objects.entrySet()) {
      Path f = root.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.write(f, e.getValue());
    }
    server = RangeFileServer.serve(root);
    for (String key : objects.keySet()) {
      lines.append(server.uriOf(key)).append('\n');
    }
    list = Files.writeString(tmp.resolve("urls.txt"), lines);
    return reopenSource();
  }

  @Override
  protected Source reopenSource() throws Exception {
    return UrlSource.open(UrlSourceConfig.builder(list).pageSize(7).build());
  }

  @Override
  protected boolean supportsRangeReads() {
    return true;
  }

  @Override
  protected boolean replaceObject(String key, byte[] content) throws Exception {
    Path f = tmp.resolve("served").resolve(key);
    FileTime before = Files.getLastModifiedTime(f);
    Files.write(f, content);
    Files.setLastModifiedTime(f, FileTime.fromMillis(before.toMillis() + 5_000));
    return true;
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }
}
