package io.github.cosmigrate.source.cos;

import com.qcloud.cos.COSClient;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectLocation;
import io.github.cosmigrate.model.SourceRead;
import io.github.cosmigrate.sink.cos.internal.CosClients;
import io.github.cosmigrate.sink.cos.internal.CosProbe;
import io.github.cosmigrate.spi.ClientLeases;
import io.github.cosmigrate.source.cos.internal.CosListing;
import io.github.cosmigrate.source.cos.internal.CosReads;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.capability.ObjectLocator;
import io.github.cosmigrate.spi.capability.Probe;
import io.github.cosmigrate.spi.capability.RangeReader;
import io.github.cosmigrate.spi.provider.PluginKind;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * A Tencent COS bucket (below an optional prefix) as a {@link Source}, with range reads, on cos_api, and an
 * {@link ObjectLocator}: a {@code CosSink} on the same endpoint copies its objects server-side; and a {@link Probe}:
 * the engine checks endpoint, TLS, bucket, region and credentials with it before the first transfer. See the package
 * documentation for the contract. Thread-safe; share one per bucket.
 */
public final class CosSource implements Source, RangeReader, ObjectLocator, Probe {
  private final CosSourceConfig config;
  private final COSClient cos;
  private final ClientLeases holder;
  private final CosListing listing;
  private final CosReads reads;
  private final String service;
  private final String description;
  private final String location;

  private CosSource(CosSourceConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.cos = CosClients.create(config.connection());
    this.holder = new ClientLeases(cos::shutdown);
    this.service = CosClients.serviceId(config.endpoint());
    this.location = "cos://" + config.bucket() + " (" + config.region() + ")";
    this.reads = new CosReads(cos, config.bucket(), config.prefix(), location, holder);
    this.listing = new CosListing(cos, config.bucket(), config.prefix(), config.pageSize(), config.storageClasses(),
        location, reads::headFull);
    this.description = "cos://" + config.bucket() + "/" + config.prefix() + " (" + config.region()
        + config.endpoint().map(e -> ", endpoint " + e.getScheme() + "://" + e.getRawAuthority()).orElse("") + ")";
  }

  /**
   * A source over {@code config}. Does no I/O: a missing bucket or bad credentials show at {@link #probe} or the first
   * listing.
   */
  public static CosSource open(CosSourceConfig config) {
    return new CosSource(config);
  }

  public CosSourceConfig config() {
    return config;
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public synchronized ListBatch list(Optional<ListCursor> after) throws IOException {
    ensureOpen();
    return listing.page(after);
  }

  /**
   * The COS sink's probe on this source's connection (a HEAD Bucket, and a GET Bucket location when COS answers it
   * with 403): an endpoint that cannot be reached or fails the TLS handshake, a missing bucket, another region or
   * rejected credentials throw a {@link io.github.cosmigrate.error.ConfigurationException} of {@code source 'cos'}
   * naming the provider settings at fault ({@code endpoint}, {@code bucket}, {@code region}, {@code
   * secret-id}/{@code secret-key}); an access denied to both requests returns normally (the listing decides); a 5xx
   * or throttling is thrown with its usual kind.
   */
  @Override
  public void probe() throws IOException {
    ensureOpen();
    new CosProbe(cos, config.connection(), location, PluginKind.SOURCE).run();
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

  /** True: reads carry {@code If-Match} with the listed ETag (and its version id) and fail otherwise. */
  @Override
  public boolean pinsReads() {
    return true;
  }

  /** False: a COS listing has no Content-Type, user metadata or CRC-64; stat (HEAD) and reads have them. */
  @Override
  public boolean listsMetadata() {
    return false;
  }

  /** {@code cos://bucket/<full key>}. */
  @Override
  public Optional<String> provenance(ObjectInfo object) {
    return Optional.of("cos://" + config.bucket() + "/" + config.prefix() + object.key());
  }

  /** This bucket, region and full key on this source's service, pinned to the info's ETag and version id. */
  @Override
  public Optional<ObjectLocation> locate(ObjectInfo object) {
    return Optional.of(new ObjectLocation(service, config.region(), config.bucket(), config.prefix() + object.key(),
        object.etag(), object.versionId()));
  }

  private void ensureOpen() {
    if (holder.closing()) {
      throw new IllegalStateException(description + " is closed");
    }
  }

  @Override
  public void close() {
    holder.close();
  }

  @Override
  public String toString() {
    return "CosSource[" + description + "]";
  }
}
