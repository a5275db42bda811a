package io.github.cosmigrate.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the command line's log level is chosen, and that the loggers which could write secrets stay capped. */
class LogConfiguratorTest {
  @Test
  void thePropertyWinsOverTheEnvironmentAndNeitherMeansTheDefault() {
    Map<String, String> props = Map.of(LogConfigurator.LEVEL_PROPERTY, "Debug");
    Map<String, String> env = Map.of(LogConfigurator.LEVEL_ENV, "info");
    assertThat(LogConfigurator.chosenLevel(props::get, env::get)).hasValue(Level.DEBUG);
    assertThat(LogConfigurator.chosenLevel(k -> null, env::get)).hasValue(Level.INFO);
    assertThat(LogConfigurator.chosenLevel(k -> null, k -> null)).isEmpty();
    assertThat(LogConfigurator.chosenLevel(k -> " ", k -> " trace ")).hasValue(Level.TRACE);
  }

  @Test
  void aValueThatNamesNoLevelIsIgnored() {
    assertThat(LogConfigurator.chosenLevel(k -> null, Map.of(LogConfigurator.LEVEL_ENV, "loud")::get)).isEmpty();
  }

  @Test
  void debugRaisesCosMigratesLoggersButNotTheOnesThatWriteHeadersOrWireBytes() {
    Map<String, Level> debug = LogConfigurator.levels(Level.DEBUG);
    assertThat(debug).containsEntry("io.github.cosmigrate", Level.DEBUG)
        .containsEntry("com.qcloud", Level.OFF)
        .containsEntry("org.apache.http", Level.WARN)
        .containsEntry("org.apache.hc", Level.WARN)
        .containsEntry("software.amazon.awssdk.request", Level.INFO)
        .containsEntry("software.amazon.awssdk.http", Level.INFO)
        .containsEntry("com.aliyun", Level.INFO);
    for (Map.Entry<String, Level> e : debug.entrySet()) {
      if (!e.getKey().equals("io.github.cosmigrate")) {
        assertThat(e.getValue().isGreaterOrEqual(Level.INFO)).as(e.getKey()).isTrue();
      }
    }
    // the default is what it always was: warnings only, cos_api silent
    Map<String, Level> warn = LogConfigurator.levels(Level.WARN);
    assertThat(warn.values()).allMatch(l -> l == Level.WARN || l == Level.OFF);
    assertThat(warn).containsEntry("com.qcloud", Level.OFF);
    // a stricter level than a cap wins
    assertThat(LogConfigurator.levels(Level.ERROR)).containsEntry("org.apache.http", Level.ERROR)
        .containsEntry("com.qcloud", Level.OFF);
  }
}
