package io.github.cosmigrate.cli.internal;

import java.util.Map;

/** What the commands for remote sources share: credentials from the environment, the job identity. */
final class RemoteSource {
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
   * source buckets never share a ledger. An endpoint's query string, if any, is left out.
   */
  static String identity(String type, String where, String bucket, String prefix) {
    int q = where.indexOf('?');
    String w = q < 0 ? where : where.substring(0, q);
    return type + ":" + w + "/" + bucket + "/" + prefix;
  }
}
