package io.github.cosmigrate.error;

import java.util.List;
import java.util.Objects;

/**
 * A {@link ErrorKind#FATAL_CONFIGURATION} error that one or a few settings of a plugin are to blame for: an endpoint
 * that cannot be reached or does not speak TLS, credentials the service rejects, a bucket that does not exist in the
 * region. It names the settings by the plugin's own names (those of its provider, e.g. {@code endpoint},
 * {@code bucket}, {@code region}, {@code secret-id}), so that a command line can name the flag or variable each came
 * from instead. The message never contains a secret.
 */
public class ConfigurationException extends MigrateException {
  private static final long serialVersionUID = 1L;

  private final String plugin;
  private final List<String> settings;
  private final String problem;

  /**
   * @param plugin the plugin, e.g. {@code sink 'cos'} ({@code PluginKind.describe(type)})
   * @param settings the settings at fault, most likely first (at least one)
   * @param problem what is wrong and what to do, a sentence that does not name the settings
   * @param cause the underlying failure, or null
   */
  public ConfigurationException(String plugin, List<String> settings, String problem, Throwable cause) {
    super(ErrorKind.FATAL_CONFIGURATION, message(plugin, settings, problem), cause);
    this.plugin = plugin;
    this.settings = List.copyOf(settings);
    this.problem = problem;
  }

  private static String message(String plugin, List<String> settings, String problem) {
    Objects.requireNonNull(plugin, "plugin");
    Objects.requireNonNull(problem, "problem");
    if (settings.isEmpty()) {
      throw new IllegalArgumentException("a configuration error names at least one setting");
    }
    StringBuilder sb = new StringBuilder(plugin).append(settings.size() == 1 ? " setting " : " settings ");
    for (int i = 0; i < settings.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append('\'').append(settings.get(i)).append('\'');
    }
    return sb.append(": ").append(problem).toString();
  }

  /** The plugin, e.g. {@code sink 'cos'}. */
  public String plugin() {
    return plugin;
  }

  /** The settings at fault, by the plugin's names, most likely first; never empty. */
  public List<String> settings() {
    return settings;
  }

  /** What is wrong and what to do, without the plugin and the settings' names. */
  public String problem() {
    return problem;
  }
}
