package io.github.cosmigrate.spi.provider;

import java.util.Locale;

/** What a provider builds. */
public enum PluginKind {
  SOURCE,
  SINK,
  LEDGER;

  /** The lower-case word used in messages: {@code source}, {@code sink}, {@code ledger}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Names one plugin in messages, e.g. {@code source 's3'}. */
  public String describe(String type) {
    return label() + " '" + type + "'";
  }
}
