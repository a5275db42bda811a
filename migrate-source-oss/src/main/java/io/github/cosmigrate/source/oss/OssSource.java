package io.github.cosmigrate.source.oss;

import com.aliyun.oss.OSS;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceRead;
import io.github.cosmigrate.source.oss.internal.OssClients;
import io.github.cosmigrate.source.oss.internal.OssListing;
import io.github.cosmigrate.source.oss.internal.OssReads;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.capability.RangeReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An Aliyun OSS bucket (below an optional prefix) as a {@link Source}, on {@code aliyun-sdk-oss}. See the package
 * documentation for the contract. Thread-safe; share one per bucket.
 */
public final class OssSource implements Source, RangeReader {
  private final OssSourceConfig config;
  private final OSS oss;
  private final OssListing listing;
  private final OssReads reads;
  private final AtomicBoolean closed = new AtomicBoolean();

  private OssSource(OssSourceConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.oss = OssClients.create(config);
    this.reads = new OssReads(oss, config.bucket(), config.prefix());
    this.listing = new OssListing(oss, config.bucket(), config.prefix(), config.pageSize(),
        fullKey -> reads.headFull(fullKey).getObjectRawRestore());
  }

  /** A source over {@code config}. Does no I/O: a missing bucket or bad credentials show on the first listing. */
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
    return listing.page(after);
  }

  @Override
  public ObjectInfo stat(String key) throws IOException {
    return reads.stat(key);
  }

  @Override
  public SourceRead open(ObjectInfo object) throws IOException {
    return reads.open(object);
  }

  @Override
  public InputStream openRange(ObjectInfo object, long offset, long length) throws IOException {
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
      try {
        oss.shutdown();
      } catch (RuntimeException e) {
        // closing: nothing left to report to
      }
    }
  }

  @Override
  public String toString() {
    return "OssSource[" + config + "]";
  }
}
