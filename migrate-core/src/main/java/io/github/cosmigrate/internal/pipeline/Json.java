package io.github.cosmigrate.internal.pipeline;

import static io.github.cosmigrate.api.JsonString.quote;

/** The failures file's JSON lines (strings quoted by {@link io.github.cosmigrate.api.JsonString}). */
final class Json {
  private Json() {}

  /** One line of the failures file (without the newline). */
  static String failureLine(String key, String kind, String reason, int attempts) {
    return "{\"key\":" + quote(key) + ",\"kind\":" + quote(kind) + ",\"reason\":" + quote(reason)
        + ",\"attempts\":" + attempts + "}";
  }
}
