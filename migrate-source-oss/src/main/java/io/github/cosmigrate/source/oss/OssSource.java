package io.github.cosmigrate.source.oss;

import com.aliyun.oss.OSS;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceRead;
import io.github.cosmigrate.spi.ClientLeases;
import io.github.cosmigrate.source.oss.internal.OssClients;
import io.github.cosmigrate.source.oss.internal.OssListing;
import io.github.cosmigrate.source.oss.internal.OssProbe;
import io.github.cosmigrate.source.oss.internal.OssReads;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.capability.Probe;
import io.github.cosmigrate.spi.capability.RangeReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An Aliyun OSS bucket (below an optional prefix) as a {@link Source}, on {@code aliyun-sdk-oss}, and a
 * {@link Probe}: the engine checks endpoint, TLS, bucket and credentials with it before the first transfer. See the
 * package documentation for the contract. Thread-safe; share one per bucket.
 */
public final class OssSource implements Source, RangeReader, Probe {
  private final OssSourceConfig config;
  private final OSS oss;
  private final ClientLeases holder;
  private final OssListing listing;
  private final OssReads reads;
  private final AtomicBoolean closed = new AtomicBoolean();

  private OssSource(OssSourceConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.oss = OssClients.create(config);
    this.holder = new ClientLeases(oss::shutdown);
    this.reads = new OssReads(oss, holder, config.bucket(), config.prefix());
    this.listing = new OssListing(oss, config.bucket(), config.prefix(), config.pageSize(),
        fullKey -> reads.headFull(fullKey).getObjectRawRestore());
  }

  /**
   * A source over {@code config}. Does no I/O: a missing bucket or bad credentials show at {@link #probe} or the first
   * listing.
   */
  public static OssSource open(OssSourceConfig config) {
    return new OssSource(config);
  }

  public OssSourceConfig config() {
    return config;
  }

  @Override
  public String describe() {
    return "oss://" + config.bucket() + "/" + config.prefix() + " (" + config.endpoint().getHost() + ")";
  }

  @Override
  public ListBatch list(Optional<ListCursor> after) throws IOException {
    ensureOpen();
    return listing.page(after);
  }

  /**
   * One ListObjects of at most one key under the prefix: an endpoint that cannot be reached or fails the TLS
   * handshake, a missing bucket or rejected credentials throw a {@link io.github.cosmigrate.error.ConfigurationException}
   * naming the provider settings at fault ({@code endpoint}, {@code bucket}, {@code access-key-id}/{@code
   * access-key-secret}); an access denied returns normally (the listing decides); a 5xx or throttling is thrown with
   * its usual kind.
   */
  @Override
  public void probe() throws IOException {
    ensureOpen();
    new OssProbe(oss, config).run();
  }

  @Override
  public ObjectInfo stat(String key) throws IOException {
    ensureOpen();
    return reads.stat(key);
  }

  @Override
  public SourceRead open(ObjectInfo object) throws IOException {
    ensureOpen();
    return reads.open(object);
  }

  @Override
  public InputStream openRange(ObjectInfo object, long offset, long length) throws IOException {
    ensureOpen();
    return reads.openRange(object, offset, length);
  }

  /** True: reads carry {@code If-Match} with the listed ETag and fail with {@code SOURCE_CHANGED} otherwise. */
  @Override
  public boolean pinsReads() {
    return true;
  }

  /** False: an OSS listing has no content type, user metadata or CRC-64; stat (HEAD) and reads have them. */
  @Override
  public boolean listsMetadata() {
    return false;
  }

  /** {@code oss://bucket/<full key>}. */
  @Override
  public Optional<String> provenance(ObjectInfo object) {
    return Optional.of("oss://" + config.bucket() + "/" + config.prefix() + object.key());
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      holder.close(); // the client shuts down when the last stream opened before now is closed
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException(describe() + " is closed");
    }
  }

  @Override
  public String toString() {
    return "OssSource[" + config + "]";
  }
}
