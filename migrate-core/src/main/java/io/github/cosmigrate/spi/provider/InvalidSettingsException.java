package io.github.cosmigrate.spi.provider;

import java.util.Objects;
import java.util.Optional;

/**
 * Settings a provider cannot build a plugin from. The message names the plugin and, when one setting is at fault,
 * the setting: {@code setting 'bucket' of source 's3' is required}. It never contains a secret value.
 */
public class InvalidSettingsException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String plugin;
  private final String setting;
  private final String problem;

  /**
   * One setting is at fault.
   *
   * @param plugin e.g. {@code source 's3'}
   * @param setting the setting's name
   * @param problem what is wrong, as the end of a sentence whose subject is the setting, e.g.
   *     {@code must be a positive integer, was 'x'}
   */
  public InvalidSettingsException(String plugin, String setting, String problem) {
    super("setting '" + setting + "' of " + plugin + " " + problem);
    this.plugin = Objects.requireNonNull(plugin, "plugin");
    this.setting = Objects.requireNonNull(setting, "setting");
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /** The settings as a whole are at fault (e.g. a combination); {@code problem} is a full sentence. */
  public InvalidSettingsException(String plugin, String problem, Throwable cause) {
    super(plugin + ": " + problem, cause);
    this.plugin = Objects.requireNonNull(plugin, "plugin");
    this.setting = null;
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /** The plugin, e.g. {@code source 's3'}. */
  public String plugin() {
    return plugin;
  }

  /** The setting at fault, when one is. */
  public Optional<String> setting() {
    return Optional.ofNullable(setting);
  }

  /** What is wrong, without the plugin and setting: lets a command line name its flag instead. */
  public String problem() {
    return problem;
  }
}
