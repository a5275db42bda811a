package io.github.cosmigrate.source.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.api.Plugins;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.provider.InvalidSettingsException;
import io.github.cosmigrate.spi.provider.PluginProvider;
import io.github.cosmigrate.testkit.AbstractProviderContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UrlSourceProviderTest extends AbstractProviderContractTest<Source> {

  @Override
  protected PluginProvider<Source> provider() {
    return new UrlSourceProvider();
  }

  private static Path list(Path dir) throws Exception {
    return Files.writeString(dir.resolve("urls.txt"), "https://cdn.example.com/a.jpg\n");
  }

  @Override
  protected Map<String, String> requiredSettings(Path dir) throws Exception {
    return Map.of("list", list(dir).toString());
  }

  @Override
  protected Map<String, String> allSettings(Path dir) throws Exception {
    return Map.of("list", list(dir).toString(), "host-first", "true", "connect-timeout", "3s",
        "read-timeout", "2m", "max-redirects", "2", "page-size", "50", "head-concurrency", "4");
  }

  @Test
  void everySettingReachesTheConfig() throws Exception {
    UrlSourceProvider p = new UrlSourceProvider();
    UrlSourceConfig c = p.config(p.bind(allSettings(dir)));
    assertThat(c.list()).isEqualTo(dir.resolve("urls.txt"));
    assertThat(c.hostFirst()).isTrue();
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.readTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.maxRedirects()).isEqualTo(2);
    assertThat(c.pageSize()).isEqualTo(50);
    assertThat(c.headConcurrency()).isEqualTo(4);
    UrlSourceConfig d = p.config(p.bind(requiredSettings(dir)));
    assertThat(d.hostFirst()).isFalse();
    assertThat(d.maxRedirects()).isEqualTo(5);
    assertThat(d.readTimeout()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void badValuesNameTheirSetting() throws Exception {
    String l = list(dir).toString();
    assertThatThrownBy(() -> Plugins.source("url", Map.of("list", l, "max-redirects", "50")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessage("setting 'max-redirects' of source 'url' must be an integer from 0 to 20, was '50'");
    assertThatThrownBy(() -> Plugins.source("url", Map.of("list", l, "read-timeout", "0s")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessage("setting 'read-timeout' of source 'url' must be positive");
    assertThatThrownBy(() -> Plugins.source("url", Map.of("list", dir.resolve("none.txt").toString())))
        .isInstanceOfSatisfying(MigrateException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.FATAL_CONFIGURATION))
        .hasMessageContaining("none.txt");
  }
}
