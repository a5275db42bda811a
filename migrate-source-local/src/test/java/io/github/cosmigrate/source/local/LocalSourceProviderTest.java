package io.github.cosmigrate.source.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.provider.InvalidSettingsException;
import io.github.cosmigrate.spi.provider.PluginProvider;
import io.github.cosmigrate.testkit.AbstractProviderContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalSourceProviderTest extends AbstractProviderContractTest<Source> {

  @Override
  protected PluginProvider<Source> provider() {
    return new LocalSourceProvider();
  }

  @Override
  protected Map<String, String> requiredSettings(Path dir) throws Exception {
    return Map.of("root", Files.createDirectories(dir.resolve("root")).toString());
  }

  @Override
  protected Map<String, String> allSettings(Path dir) throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    Path list = Files.writeString(dir.resolve("list.txt"), "a.txt\n");
    return Map.of("root", root.toString(), "symlinks", "skip", "exclude", "tmp/\nglob:**/*.tmp",
        "include-suffix", ".txt\n.jpg", "ignore-suffix", ".bak", "ignore-empty-files", "true",
        "ignore-younger-than", "5m", "file-list", list.toString(), "page-size", "50");
  }

  @Test
  void everySettingReachesTheConfig() throws Exception {
    LocalSourceProvider p = new LocalSourceProvider();
    LocalSourceConfig c = p.config(p.bind(allSettings(dir)));
    assertThat(c.symlinks()).isEqualTo(SymlinkPolicy.SKIP);
    assertThat(c.excludes()).containsExactly("tmp/", "glob:**/*.tmp");
    assertThat(c.includeSuffixes()).containsExactly(".txt", ".jpg");
    assertThat(c.ignoreSuffixes()).containsExactly(".bak");
    assertThat(c.ignoreEmptyFiles()).isTrue();
    assertThat(c.ignoreYoungerThan()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.fileList()).contains(dir.resolve("list.txt"));
    assertThat(c.pageSize()).isEqualTo(50);
    assertThat(p.config(p.bind(requiredSettings(dir))).excludes()).isEqualTo(List.of());
  }

  @Test
  void aBadPageSizeIsNamed() throws Exception {
    LocalSourceProvider p = new LocalSourceProvider();
    assertThatThrownBy(() -> p.build(Map.of("root", dir.toString(), "page-size", "x")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessage("setting 'page-size' of source 'local' must be a positive integer, was 'x'");
  }
}
