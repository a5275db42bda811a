package io.github.cosmigrate.cli.internal;

import java.util.Map;

/** What the commands for remote sources share: credentials from the environment, the job identity. */
public final class RemoteSource {
  private RemoteSource() {}

  /** Copies the credentials found in {@code env} into the provider settings (never printed: they are secrets). */
  static void credentials(Map<String, String> env, Map<String, String> settings, String idSetting, String idVar,
      String secretSetting, String secretVar, String tokenSetting, String tokenVar) {
    copy(env, idVar, settings, idSetting);
    copy(env, secretVar, settings, secretSetting);
    copy(env, tokenVar, settings, tokenSetting);
  }

  private static void copy(Map<String, String> env, String var, Map<String, String> settings, String setting) {
    String v = env.get(var);
    if (v != null && !v.isBlank()) {
      settings.put(setting, v);
    }
  }

  /**
   * The job identity's source description: type, where (endpoint or region), bucket and prefix, so that two
   * source buckets never share a ledger. An endpoint's query string, if any, is left out. Public for the tests
   * that open a job's ledger.
   */
  public static String identity(String type, String where, String bucket, String prefix) {
    int q = where.indexOf('?');
    String w = q < 0 ? where : where.substring(0, q);
    return type + ":" + w + "/" + bucket + "/" + prefix;
  }

  /** The manifest flags, shared by the bucket sources. */
  static final java.util.List<Flag> MANIFEST_FLAGS = java.util.List.of(
      Flag.value("manifest", "FILE", "list from this inventory instead of the bucket (S3 Inventory or OSS inventory"
          + " CSV, gzip accepted, or a plain list of full keys): no LIST request is sent; bad lines fail with their"
          + " line number"),
      Flag.value("manifest-schema", "S", "the inventory's columns, as in its manifest.json fileSchema (default"
          + " \"Bucket, Key, Size, ETag\"; add LastModifiedDate so that manifest and listing runs recognise each"
          + " other's work)"));

  /** The manifest the flags name, if any. */
  static java.util.Optional<SourceSpec.Manifest> manifest(CliArgs a, String bucket, String prefix)
      throws UsageException {
    java.util.Optional<String> file = a.get("manifest");
    if (file.isEmpty()) {
      if (a.get("manifest-schema").isPresent()) {
        throw new UsageException("--manifest-schema needs --manifest FILE");
      }
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new SourceSpec.Manifest(java.nio.file.Path.of(file.get()).toAbsolutePath(),
        a.get("manifest-schema"), bucket, prefix));
  }
}
