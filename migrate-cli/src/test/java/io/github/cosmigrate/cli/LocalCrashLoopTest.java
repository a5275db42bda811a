package io.github.cosmigrate.cli;

import io.github.cosmigrate.cli.internal.LocalCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@link CrashLoopTest} for {@code cos-migrate local}: the source is a tree of real files. */
class LocalCrashLoopTest extends CrashLoopTest {
  private Path root;

  @Override
  protected AutoCloseable startSource(Path dir) throws Exception {
    root = Files.createDirectories(dir).toRealPath();
    return () -> { };
  }

  @Override
  protected void put(String key, byte[] content) throws Exception {
    Path file = root.resolve(key);
    Files.createDirectories(file.getParent());
    Files.write(file, content);
  }

  @Override
  protected List<String> sourceArgs() {
    return List.of("local", "--source", root.toString());
  }

  @Override
  protected String sourceIdentity() {
    return LocalCommand.sourceIdentity(root);
  }
}
