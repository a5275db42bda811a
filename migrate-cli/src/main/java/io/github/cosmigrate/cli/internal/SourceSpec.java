package io.github.cosmigrate.cli.internal;

import java.util.Map;
import java.util.Objects;

/**
 * The source of a migration command, as the provider settings the command's flags map to.
 *
 * @param type the source provider's type, e.g. {@code local}
 * @param settings the provider's settings (may contain secrets: never printed)
 * @param identity the job identity's source description, e.g. {@code local:/data}; no secrets
 * @param flags the flag each setting came from ({@code page-size -> --page-size}), to name flags in errors
 * @param subject what I/O errors opening the source are prefixed with, e.g. {@code --source /data}
 */
public record SourceSpec(String type, Map<String, String> settings, String identity, Map<String, String> flags,
    String subject) {

  public SourceSpec {
    Objects.requireNonNull(type, "type");
    settings = Map.copyOf(settings);
    Objects.requireNonNull(identity, "identity");
    flags = Map.copyOf(flags);
    Objects.requireNonNull(subject, "subject");
  }

  @Override
  public String toString() {
    return "SourceSpec[" + type + " " + identity + "]";
  }
}
