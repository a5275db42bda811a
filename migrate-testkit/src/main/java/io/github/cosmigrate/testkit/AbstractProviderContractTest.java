package io.github.cosmigrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.api.Plugins;
import io.github.cosmigrate.spi.provider.InvalidSettingsException;
import io.github.cosmigrate.spi.provider.PluginProvider;
import io.github.cosmigrate.spi.provider.PluginSettings;
import io.github.cosmigrate.spi.provider.SettingSpec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link PluginProvider} must meet: it is service-loaded under its type, its declared settings
 * are accepted and build a plugin, unknown settings are rejected with the list of known ones, each missing required
 * setting is named, and secret values never appear in {@code toString()} or messages. Subclass once per provider.
 *
 * @param <T> what the provider builds
 */
public abstract class AbstractProviderContractTest<T extends AutoCloseable> {

  @TempDir protected Path dir;

  /** The provider under test, built the way {@link java.util.ServiceLoader} builds it (or with a test environment). */
  protected abstract PluginProvider<T> provider();

  /** Every required setting and nothing else, with values that build a plugin (files may be made under {@code dir}). */
  protected abstract Map<String, String> requiredSettings(Path dir) throws Exception;

  /** A valid value for every declared setting; secret ones with distinctive values (at least 8 characters). */
  protected abstract Map<String, String> allSettings(Path dir) throws Exception;

  private Set<String> declared() {
    return provider().settings().stream().map(SettingSpec::name).collect(Collectors.toSet());
  }

  @Test
  void isServiceLoadedUnderItsType() {
    PluginProvider<T> p = provider();
    assertThat(Plugins.types(p.kind())).contains(p.type());
    assertThat(Plugins.provider(p.kind(), p.type())).isInstanceOf(p.getClass());
    assertThat(p.description()).isNotBlank();
  }

  @Test
  void declaresUniqueDescribedSettings() {
    assertThat(provider().settings()).extracting(SettingSpec::name).doesNotHaveDuplicates();
    assertThat(provider().settings()).allSatisfy(s -> assertThat(s.description()).isNotBlank());
  }

  @Test
  void allSettingsNameEveryDeclaredOne() throws Exception {
    assertThat(allSettings(dir).keySet()).containsExactlyInAnyOrderElementsOf(declared());
    assertThat(requiredSettings(dir).keySet()).containsExactlyInAnyOrderElementsOf(provider().settings().stream()
        .filter(SettingSpec::required).map(SettingSpec::name).collect(Collectors.toSet()));
  }

  @Test
  void buildsFromEveryDeclaredSetting() throws Exception {
    Map<String, String> all = allSettings(dir);
    try (T plugin = provider().build(all)) {
      assertThat(plugin).isNotNull();
      assertNoSecret(String.valueOf(plugin), all);
    }
  }

  @Test
  void buildsFromTheRequiredOnesWithDefaultsFilledIn() throws Exception {
    PluginSettings s = provider().bind(requiredSettings(dir));
    for (SettingSpec spec : provider().settings()) {
      spec.defaultValue().ifPresent(d -> assertThat(s.get(spec.name())).as(spec.name()).contains(d));
    }
    try (T plugin = provider().create(s)) {
      assertThat(plugin).isNotNull();
    }
  }

  @Test
  void settingsSurviveAShipAsStrings() throws Exception {
    PluginSettings s = provider().bind(allSettings(dir));
    PluginSettings shipped = provider().bind(new HashMap<>(s.values()));
    assertThat(shipped).isEqualTo(s);
  }

  @Test
  void rejectsAnUnknownSettingListingTheKnownOnes() throws Exception {
    Map<String, String> m = new HashMap<>(allSettings(dir));
    m.put("no-such-setting", "x");
    assertThatThrownBy(() -> provider().bind(m))
        .isInstanceOf(InvalidSettingsException.class)
        .satisfies(e -> {
          assertThat(e.getMessage()).contains("'no-such-setting'").contains(provider().describe());
          declared().forEach(n -> assertThat(e.getMessage()).contains(n));
          assertNoSecret(e.getMessage(), m);
        });
  }

  @Test
  void namesEachMissingRequiredSetting() throws Exception {
    for (SettingSpec spec : provider().settings()) {
      if (!spec.required()) {
        continue;
      }
      for (String missing : new String[] {null, "  "}) {
        Map<String, String> m = new HashMap<>(allSettings(dir));
        if (missing == null) {
          m.remove(spec.name());
        } else {
          m.put(spec.name(), missing);
        }
        assertThatThrownBy(() -> provider().build(m))
            .isInstanceOf(InvalidSettingsException.class)
            .hasMessageContaining("setting '" + spec.name() + "' of " + provider().describe() + " is required")
            .satisfies(e -> assertNoSecret(e.getMessage(), m));
      }
    }
  }

  @Test
  void neverPrintsSecrets() throws Exception {
    Map<String, String> all = allSettings(dir);
    PluginSettings s = provider().bind(all);
    assertNoSecret(s.toString(), all);
    assertNoSecret(s.redacted().toString(), all);
    for (String secret : s.secrets()) {
      assertThat(s.toString()).contains(secret + "=" + PluginSettings.MASK);
    }
    assertThat(s.secrets()).isEqualTo(provider().settings().stream().filter(SettingSpec::secret)
        .map(SettingSpec::name).collect(Collectors.toSet()));
  }

  /** Fails when {@code text} contains the value of a secret setting. */
  protected void assertNoSecret(String text, Map<String, String> settings) {
    Set<String> secretNames = new HashSet<>();
    provider().settings().stream().filter(SettingSpec::secret).forEach(s -> secretNames.add(s.name()));
    settings.forEach((k, v) -> {
      if (secretNames.contains(k) && v != null && !v.isBlank()) {
        assertThat(text).as("text printed with secret %s", k).doesNotContain(v.trim());
      }
    });
  }
}
