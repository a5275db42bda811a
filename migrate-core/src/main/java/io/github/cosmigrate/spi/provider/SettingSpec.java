package io.github.cosmigrate.spi.provider;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One setting a provider declares.
 *
 * @param name lower-case words joined by {@code -}, e.g. {@code page-size}
 * @param description one line for help texts and messages
 * @param required whether the setting must be given (a required setting has no default)
 * @param defaultValue the value used when the setting is not given
 * @param secret whether the value is a secret (printed as {@code ***} everywhere)
 */
public record SettingSpec(String name, String description, boolean required, Optional<String> defaultValue,
    boolean secret) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(?:-[a-z0-9]+)*");

  public SettingSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(defaultValue, "defaultValue");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("setting name '" + name + "' must be lower-case words joined by '-'");
    }
    if (required && defaultValue.isPresent()) {
      throw new IllegalArgumentException("setting '" + name + "' is required and cannot have a default");
    }
  }

  /** A setting that must be given. */
  public static SettingSpec required(String name, String description) {
    return new SettingSpec(name, description, true, Optional.empty(), false);
  }

  /** An optional setting without a default. */
  public static SettingSpec optional(String name, String description) {
    return new SettingSpec(name, description, false, Optional.empty(), false);
  }

  /** An optional setting with a default. */
  public static SettingSpec withDefault(String name, String defaultValue, String description) {
    return new SettingSpec(name, description, false, Optional.of(defaultValue), false);
  }

  /** The same setting, marked secret. */
  public SettingSpec asSecret() {
    return new SettingSpec(name, description, required, defaultValue, true);
  }
}
