package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.ledger.rocksdb.RocksDbLedger;
import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.sink.cos.CosCredentials;
import io.github.cosmigrate.sink.cos.CosCredentialsProvider;
import io.github.cosmigrate.sink.cos.CosSink;
import io.github.cosmigrate.sink.cos.CosSinkConfig;
import io.github.cosmigrate.source.local.LocalSource;
import io.github.cosmigrate.source.local.LocalSourceConfig;
import io.github.cosmigrate.source.local.SymlinkPolicy;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Builds the plugins from the CLI's settings: the one place that knows their configuration types. */
public final class Plugins {
  private Plugins() {}

  /** The COS sink for a target; {@code maxConnections} at least the engine's concurrency. */
  public static Sink cosSink(CosTarget t, int maxConnections) throws UsageException {
    CosCredentials creds = t.token().isPresent()
        ? CosCredentials.temporary(t.secretId(), t.secretKey(), t.token().get())
        : CosCredentials.of(t.secretId(), t.secretKey());
    CosSinkConfig.Builder b = CosSinkConfig.builder()
        .region(t.region())
        .bucket(t.bucket())
        .credentials(CosCredentialsProvider.of(creds))
        .pathStyle(t.pathStyle())
        .maxConnections(Math.max(16, maxConnections))
        .limits(t.s3Limits() ? SinkLimits.s3() : SinkLimits.cos());
    t.endpoint().ifPresent(b::endpoint);
    CosSinkConfig config;
    try {
      config = b.build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    return CosSink.create(config);
  }

  /** The local source over {@code root}. */
  public static Source localSource(Path root, boolean followSymlinks, List<String> excludes) throws IOException {
    return localSource(root, followSymlinks, excludes, Optional.empty());
  }

  /** The local source over {@code root}, optionally listing only the files named in {@code fileList}. */
  public static Source localSource(Path root, boolean followSymlinks, List<String> excludes,
      Optional<Path> fileList) throws IOException {
    LocalSourceConfig.Builder b = LocalSourceConfig.builder(root)
        .symlinks(followSymlinks ? SymlinkPolicy.FOLLOW : SymlinkPolicy.SKIP)
        .excludes(excludes);
    fileList.ifPresent(b::fileList);
    return LocalSource.open(b.build());
  }

  /** The RocksDB ledger of one job under {@code baseDir}. */
  public static Ledger ledger(Path baseDir, JobIdentity identity) throws IOException {
    return RocksDbLedger.open(baseDir, identity);
  }
}
