/**
 * Plugin discovery: every source, sink and ledger is built by a provider found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.github.cosmigrate.spi.provider.SourceProvider},
 * {@code ...SinkProvider}, {@code ...LedgerProvider}) from a flat map of string settings.
 *
 * <h2>Contract</h2>
 * A provider names its type ({@code local}, {@code cos}, {@code rocksdb}, ...), declares its settings
 * ({@link io.github.cosmigrate.spi.provider.SettingSpec}: name, description, required or default, secret or not)
 * and builds a fully working plugin from {@link io.github.cosmigrate.spi.provider.PluginSettings} alone: the
 * settings are plain strings, so they can be shipped to another process (e.g. a remote worker) and the plugin
 * built there. Credentials may also come from the standard environment when not given.
 *
 * <h2>Values</h2>
 * Setting names are lower-case words joined by {@code -}. A blank value is the same as an absent one. Lists are
 * newline-separated (entries trimmed, empty ones dropped). Sizes are whole byte counts with an optional binary unit
 * ({@code 8MiB}); durations are {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 2d} or ISO-8601
 * ({@code PT10S}); booleans are {@code true}/{@code false}.
 *
 * <h2>Errors and secrets</h2>
 * {@link io.github.cosmigrate.spi.provider.PluginSettings#bind} rejects unknown settings (listing the known ones)
 * and names every missing required one; typed getters fail with an
 * {@link io.github.cosmigrate.spi.provider.InvalidSettingsException} naming the setting and the plugin. Values of
 * secret settings never appear in {@code toString()}, in messages or in exceptions: they print as {@code ***}.
 *
 * <h2>Threading and lifecycle</h2>
 * Providers are stateless and thread-safe; {@code create} may be called many times and each call returns a new
 * plugin that the caller closes. {@link io.github.cosmigrate.spi.provider.PluginSettings} is immutable.
 */
package io.github.cosmigrate.spi.provider;
