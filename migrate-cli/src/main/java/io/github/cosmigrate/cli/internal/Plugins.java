package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.api.ManifestSource;

import io.github.cosmigrate.ledger.rocksdb.RocksDbLedgerProvider;
import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.sink.cos.CosSinkProvider;
import io.github.cosmigrate.source.local.LocalSource;
import io.github.cosmigrate.source.local.LocalSourceProvider;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.provider.InvalidSettingsException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the CLI's plugins through the providers ({@link io.github.cosmigrate.api.Plugins}): flags become a settings
 * map, the provider builds the plugin, and a settings error becomes a usage error naming the flag.
 */
public final class Plugins {
  private Plugins() {}

  /** The source a command's flags describe. */
  public static Source source(SourceSpec spec) throws UsageException {
    Source source;
    try {
      source = io.github.cosmigrate.api.Plugins.source(spec.type(), spec.settings());
    } catch (InvalidSettingsException e) {
      throw usage(e, spec.flags());
    } catch (IOException e) {
      throw new UsageException(spec.subject() + ": " + e.getMessage());
    }
    if (spec.manifest().isEmpty()) {
      return source;
    }
    SourceSpec.Manifest m = spec.manifest().get();
    try {
      ManifestSource.Builder b = ManifestSource.builder(source, m.file()).bucket(m.bucket()).prefix(m.prefix());
      m.schema().ifPresent(b::schema);
      return b.build();
    } catch (IllegalArgumentException | IOException e) {
      try {
        source.close();
      } catch (IOException | RuntimeException ignored) {
        // the manifest's error is the one to report
      }
      throw new UsageException("--manifest " + m.file() + ": " + e.getMessage());
    }
  }

  /** The settings of the COS sink for a target; {@code maxConnections} at least the engine's concurrency. */
  public static Map<String, String> cosSettings(CosTarget t, int maxConnections) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(CosSinkProvider.REGION, t.region());
    s.put(CosSinkProvider.BUCKET, t.bucket());
    t.endpoint().ifPresent(e -> s.put(CosSinkProvider.ENDPOINT, e.toString()));
    s.put(CosSinkProvider.PATH_STYLE, String.valueOf(t.pathStyle()));
    s.put(CosSinkProvider.SECRET_ID, t.secretId());
    s.put(CosSinkProvider.SECRET_KEY, t.secretKey());
    t.token().ifPresent(tok -> s.put(CosSinkProvider.TOKEN, tok));
    s.put(CosSinkProvider.MAX_CONNECTIONS, String.valueOf(Math.max(16, maxConnections)));
    s.put(CosSinkProvider.LIMITS, t.s3Limits() ? "s3" : "cos");
    t.proxy().ifPresent(p -> s.put(CosSinkProvider.PROXY, p));
    s.put(CosSinkProvider.TRAFFIC_LIMIT, String.valueOf(t.trafficLimit()));
    s.putAll(t.encryption());
    if (t.sdkPuts()) {
      s.put(CosSinkProvider.DIRECT_PUTS, "false");
    }
    return s;
  }

  private static final Map<String, String> COS_FLAGS = SettingNames.SINK;

  /** The COS sink for a target; {@code maxConnections} at least the engine's concurrency. */
  public static Sink cosSink(CosTarget t, int maxConnections) throws UsageException {
    try {
      return io.github.cosmigrate.api.Plugins.sink(CosSinkProvider.TYPE, cosSettings(t, maxConnections));
    } catch (InvalidSettingsException e) {
      throw usage(e, COS_FLAGS);
    } catch (IOException e) {
      throw new UsageException("--bucket " + t.bucket() + ": " + e.getMessage());
    }
  }

  /** The local source over {@code root}. */
  public static Source localSource(Path root, boolean followSymlinks, List<String> excludes) throws IOException {
    return localSource(root, followSymlinks, excludes, Optional.empty());
  }

  /**
   * The local source over {@code root}, optionally listing only the files named in {@code fileList}. The settings
   * go through the provider; the root stays the given {@link Path}, which may belong to any file system (a string
   * setting names a path of the default one only).
   */
  public static Source localSource(Path root, boolean followSymlinks, List<String> excludes,
      Optional<Path> fileList) throws IOException {
    SourceSpec spec = LocalCommand.spec(root, followSymlinks, excludes, fileList);
    LocalSourceProvider p = (LocalSourceProvider) io.github.cosmigrate.api.Plugins.sourceProvider(spec.type());
    return LocalSource.open(p.config(p.bind(spec.settings())).toBuilder().root(root).build());
  }

  /** The RocksDB ledger of one job under {@code baseDir}. */
  public static Ledger ledger(Path baseDir, JobIdentity identity) throws IOException {
    return io.github.cosmigrate.api.Plugins.ledger(RocksDbLedgerProvider.TYPE,
        RocksDbLedgerProvider.settingsOf(baseDir, identity));
  }

  /** A settings error as a usage error naming the flag the setting came from, when there is one. */
  static UsageException usage(InvalidSettingsException e, Map<String, String> flags) {
    Optional<String> flag = e.setting().map(flags::get);
    return new UsageException(flag.isPresent() ? flag.get() + " " + e.problem() : e.getMessage());
  }
}
