package io.github.cosmigrate.api;

import io.github.cosmigrate.error.ErrorKind;
import java.util.Objects;

/**
 * One object that ended failed.
 *
 * @param key the source key
 * @param kind the kind of the last error
 * @param reason a message naming what to check
 */
public record FailedObject(String key, ErrorKind kind, String reason) {
  public FailedObject {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
  }
}
