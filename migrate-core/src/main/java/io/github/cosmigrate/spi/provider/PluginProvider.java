package io.github.cosmigrate.spi.provider;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Builds one type of plugin from flat string settings. Implementations are public classes with a public no-argument
 * constructor, listed in {@code META-INF/services} under {@link SourceProvider}, {@link SinkProvider} or
 * {@link LedgerProvider}. Stateless and thread-safe.
 *
 * @param <T> what it builds
 */
public interface PluginProvider<T> {

  /** Source, sink or ledger. */
  PluginKind kind();

  /** The type name users give, e.g. {@code local}, {@code cos}, {@code rocksdb}; unique within its kind. */
  String type();

  /** One line saying what the plugin does. */
  String description();

  /** Every setting this provider accepts. */
  List<SettingSpec> settings();

  /**
   * Builds a new plugin from settings bound with {@link #bind(Map)} (or {@link PluginSettings#bind}). The caller
   * closes it.
   *
   * @throws InvalidSettingsException when a value is malformed or the combination is impossible
   * @throws IOException when the plugin cannot be opened (e.g. a directory that cannot be read)
   */
  T create(PluginSettings settings) throws IOException;

  /** Names this plugin in messages, e.g. {@code source 'local'}. */
  default String describe() {
    return kind().describe(type());
  }

  /** Checks {@code raw} against {@link #settings()} and fills in the defaults. */
  default PluginSettings bind(Map<String, String> raw) {
    return PluginSettings.bind(describe(), settings(), raw);
  }

  /** {@code create(bind(raw))}. */
  default T build(Map<String, String> raw) throws IOException {
    return create(bind(raw));
  }
}
