package io.github.cosmigrate.cli.internal;

import java.nio.file.Path;
import java.util.Optional;

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
 * @param manifest the manifest that replaces the source's listing ({@code --manifest}), if any
 */
public record SourceSpec(String type, Map<String, String> settings, String identity, Map<String, String> flags,
    String subject, Optional<Manifest> manifest) {

  /**
   * A listing from a manifest file ({@code --manifest FILE [--manifest-schema S]}).
   *
   * @param file the inventory CSV (or gzip) or plain key list
   * @param schema the inventory's column order, when not the default
   * @param bucket the source bucket the manifest's rows must name
   * @param prefix the source prefix (keys outside it are not part of the job)
   */
  public record Manifest(Path file, Optional<String> schema, String bucket, String prefix) {
    public Manifest {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(schema, "schema");
      Objects.requireNonNull(bucket, "bucket");
      Objects.requireNonNull(prefix, "prefix");
    }
  }

  /** A source listed by itself. */
  public SourceSpec(String type, Map<String, String> settings, String identity, Map<String, String> flags,
      String subject) {
    this(type, settings, identity, flags, subject, Optional.empty());
  }

  public SourceSpec {
    Objects.requireNonNull(type, "type");
    settings = Map.copyOf(settings);
    Objects.requireNonNull(identity, "identity");
    flags = Map.copyOf(flags);
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(manifest, "manifest");
  }

  /** This spec with its listing from {@code m}. */
  public SourceSpec withManifest(Optional<Manifest> m) {
    return new SourceSpec(type, settings, identity, flags, subject, m);
  }

  @Override
  public String toString() {
    return "SourceSpec[" + type + " " + identity + "]";
  }
}
