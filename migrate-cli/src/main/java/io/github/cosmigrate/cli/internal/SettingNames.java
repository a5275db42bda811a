package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.error.ConfigurationException;
import io.github.cosmigrate.sink.cos.CosSinkProvider;
import io.github.cosmigrate.spi.provider.PluginKind;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The command line's names of plugin settings: a {@link ConfigurationException} of the COS sink or of the command's
 * source becomes one line naming the flags or environment variables at fault; and the warning about endpoints given
 * as plain {@code http://}.
 */
public final class SettingNames {
  private SettingNames() {}

  /** The flag or environment variable each COS sink setting comes from. */
  static final Map<String, String> SINK = Map.ofEntries(Map.entry(CosSinkProvider.REGION, "--region"),
      Map.entry(CosSinkProvider.BUCKET, "--bucket"), Map.entry(CosSinkProvider.ENDPOINT, "--endpoint"),
      Map.entry(CosSinkProvider.PATH_STYLE, "--path-style"), Map.entry(CosSinkProvider.LIMITS, "--sink-limits"),
      Map.entry(CosSinkProvider.SECRET_ID, "COS_SECRET_ID"), Map.entry(CosSinkProvider.SECRET_KEY, "COS_SECRET_KEY"),
      Map.entry(CosSinkProvider.TOKEN, "COS_TOKEN"),
      Map.entry(CosSinkProvider.PROXY, "--proxy"), Map.entry(CosSinkProvider.TRAFFIC_LIMIT, "--traffic-limit"),
      Map.entry(CosSinkProvider.SSE, "--sse"),
      Map.entry(CosSinkProvider.SSE_KMS_KEY_ID, "--sse-kms-key-id"),
      Map.entry(CosSinkProvider.SSE_KMS_CONTEXT, "--sse-kms-context"),
      Map.entry(CosSinkProvider.CLIENT_ENCRYPTION_KEY, "--client-encryption-key"),
      Map.entry(CosSinkProvider.DIRECT_PUTS, "--sdk-puts"));

  /**
   * The one-line reason for a configuration error: the flags it names, then the problem ({@code --bucket, --region:
   * bucket ... does not exist ...}); empty when the error is not of the sink or the source, or names a setting no
   * flag sets (the error's own message then serves).
   */
  static Optional<String> line(ConfigurationException e, SourceSpec source) {
    Map<String, String> names;
    if (e.plugin().equals(PluginKind.SINK.describe(CosSinkProvider.TYPE))) {
      names = SINK;
    } else if (e.plugin().equals(PluginKind.SOURCE.describe(source.type()))) {
      names = source.flags();
    } else {
      return Optional.empty();
    }
    return line(e, names);
  }

  /** As {@link #line(ConfigurationException, SourceSpec)} for a command with no source ({@code uploads}). */
  static Optional<String> sinkLine(ConfigurationException e) {
    return e.plugin().equals(PluginKind.SINK.describe(CosSinkProvider.TYPE)) ? line(e, SINK) : Optional.empty();
  }

  private static Optional<String> line(ConfigurationException e, Map<String, String> names) {
    List<String> flags = new ArrayList<>();
    for (String setting : e.settings()) {
      String flag = names.get(setting);
      if (flag == null) {
        return Optional.empty();
      }
      flags.add(flag);
    }
    return Optional.of(String.join(", ", flags) + ": " + e.problem());
  }

  /**
   * The one warning line for a job whose destination or source endpoint was given as plain {@code http://}, naming
   * each such endpoint and its flag; empty when every endpoint is HTTPS.
   */
  public static Optional<String> plainHttpWarning(MigrationJob job) {
    Map<String, String> plain = new LinkedHashMap<>();
    job.target().endpoint().filter(SettingNames::isPlainHttp).ifPresent(u -> plain.put("--endpoint", shown(u)));
    for (Map.Entry<String, String> f : new java.util.TreeMap<>(job.source().flags()).entrySet()) {
      String value = job.source().settings().get(f.getKey());
      if (f.getValue().endsWith("-endpoint") && value != null
          && value.strip().toLowerCase(Locale.ROOT).startsWith("http://")) {
        try {
          plain.put(f.getValue(), shown(new URI(value.strip())));
        } catch (java.net.URISyntaxException e) {
          plain.put(f.getValue(), "http://...");
        }
      }
    }
    if (plain.isEmpty()) {
      return Optional.empty();
    }
    // in the form of the run's other warnings (the log lines: "cos-migrate WARN <logger>: ...")
    StringBuilder sb = new StringBuilder("cos-migrate WARN transport: plain HTTP, not HTTPS, to ");
    int i = 0;
    for (Map.Entry<String, String> p : plain.entrySet()) {
      sb.append(i++ == 0 ? "" : " and ").append(p.getValue()).append(" (").append(p.getKey()).append(')');
    }
    return Optional.of(sb.append(": request signatures, tokens and data cross the network unencrypted; give an"
        + " https:// URL (a bare host name means https) unless this is a test server").toString());
  }

  private static boolean isPlainHttp(URI u) {
    return "http".equalsIgnoreCase(u.getScheme());
  }

  /** Scheme, host, port and path: never user info or a query. */
  private static String shown(URI u) {
    return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort())
        + (u.getRawPath() == null ? "" : u.getRawPath());
  }
}
