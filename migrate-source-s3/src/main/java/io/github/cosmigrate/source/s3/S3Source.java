package io.github.cosmigrate.source.s3;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceRead;
import io.github.cosmigrate.spi.ClientLeases;
import io.github.cosmigrate.source.s3.internal.ResponseBody;
import io.github.cosmigrate.source.s3.internal.S3Clients;
import io.github.cosmigrate.source.s3.internal.S3Errors;
import io.github.cosmigrate.source.s3.internal.S3Lister;
import io.github.cosmigrate.source.s3.internal.S3Objects;
import io.github.cosmigrate.source.s3.internal.S3Probe;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.capability.Probe;
import io.github.cosmigrate.spi.capability.RangeReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * An S3 bucket (AWS or an S3-compatible store) as a {@link Source}, with range reads, on the AWS SDK for Java v2
 * (the sync {@link S3Client} over Apache HttpClient 5), and a {@link Probe}: the engine checks endpoint, TLS,
 * bucket, region and credentials with it before the first transfer. See the package documentation for the contract.
 */
public final class S3Source implements Source, RangeReader, Probe {
  private final S3SourceConfig config;
  private final S3Client s3;
  private final ClientLeases holder;
  private final S3Lister lister;
  private final String description;
  private volatile boolean closed;

  private S3Source(S3SourceConfig config, S3Client s3) {
    this.config = config;
    this.s3 = s3;
    this.holder = new ClientLeases(s3::close);
    this.lister = new S3Lister(s3, config.bucket(), config.prefix(), config.pageSize(), this::headFull);
    this.description = "s3://" + config.bucket() + "/" + config.prefix()
        + config.endpoint().map(e -> " (endpoint " + e.getScheme() + "://" + e.getRawAuthority() + ")").orElse("");
  }

  /**
   * A source over {@code config}'s bucket. Nothing is sent yet: a missing bucket or bad credentials show at
   * {@link #probe} or the first {@link #list} as {@code FATAL_CONFIGURATION}.
   */
  public static S3Source open(S3SourceConfig config) {
    return open(config, null);
  }

  /** As {@link #open(S3SourceConfig)}, resolving host names with {@code dns} (for tests of virtual-host style). */
  static S3Source open(S3SourceConfig config, DnsResolver dns) {
    Objects.requireNonNull(config, "config");
    return new S3Source(config, S3Clients.create(config, dns));
  }

  public S3SourceConfig config() {
    return config;
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public synchronized ListBatch list(Optional<ListCursor> after) throws IOException {
    ensureOpen();
    return lister.page(after);
  }

  /**
   * A HEAD Bucket (and a ListObjectsV2 of at most one key when it is answered with 400, 401 or 403): an endpoint
   * that cannot be reached or fails the TLS handshake, a missing bucket, another region or rejected credentials
   * throw a {@link io.github.cosmigrate.error.ConfigurationException} naming the provider settings at fault
   * ({@code endpoint}, {@code bucket}, {@code region}, {@code access-key-id}/{@code secret-access-key}); an access
   * denied returns normally (the listing decides); a 5xx or throttling is thrown with its usual kind.
   */
  @Override
  public void probe() throws IOException {
    ensureOpen();
    new S3Probe(s3, config).run();
  }

  @Override
  public ObjectInfo stat(String key) throws IOException {
    ensureOpen();
    return S3Objects.fromHead(key, headFull(full(key)));
  }

  /** A HEAD of a full key, mapped to this module's errors. */
  private HeadObjectResponse headFull(String fullKey) throws IOException {
    try {
      return s3.headObject(HeadObjectRequest.builder().bucket(config.bucket()).key(fullKey).build());
    } catch (SdkException e) {
      throw S3Errors.map(e, S3Errors.Op.OBJECT, config.bucket(), where(fullKey));
    }
  }

  @Override
  public boolean pinsReads() {
    return true;
  }

  /** False: ListObjectsV2 carries neither Content-Type nor user metadata; they come from HEAD and GET. */
  @Override
  public boolean listsMetadata() {
    return false;
  }

  @Override
  public Optional<String> provenance(ObjectInfo object) {
    return Optional.of("s3://" + config.bucket() + "/" + full(object.key()));
  }

  @Override
  public SourceRead open(ObjectInfo object) throws IOException {
    ensureOpen();
    ResponseInputStream<GetObjectResponse> in = get(object, null);
    GetObjectResponse r = in.response();
    ObjectInfo observed = S3Objects.fromGet(object.key(), r);
    return new SourceRead(ResponseBody.open(in, observed.size(), "GET of " + where(full(object.key())), holder), observed);
  }

  @Override
  public InputStream openRange(ObjectInfo object, long offset, long length) throws IOException {
    ensureOpen();
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative range [" + offset + ", +" + length + ") of " + object.key());
    }
    if (offset + length > object.size()) {
      throw new MigrateException(ErrorKind.SOURCE_CHANGED, "range [" + offset + ", " + (offset + length) + ") of "
          + where(full(object.key())) + " reaches past its listed size " + object.size());
    }
    if (length == 0) {
      return InputStream.nullInputStream();
    }
    ResponseInputStream<GetObjectResponse> in = get(object, "bytes=" + offset + "-" + (offset + length - 1));
    Long got = in.response().contentLength();
    if (got == null || got != length) {
      in.abort();
      throw new MigrateException(ErrorKind.SOURCE_CHANGED, "range [" + offset + ", " + (offset + length) + ") of "
          + where(full(object.key())) + " returned " + got + " bytes: the object changed since it was listed");
    }
    return ResponseBody.open(in, length, "GET of bytes " + offset + "+" + length + " of "
        + where(full(object.key())), holder);
  }

  /** A GET pinned to the listed ETag (If-Match) and version id, when the info has them. */
  private ResponseInputStream<GetObjectResponse> get(ObjectInfo object, String range) throws IOException {
    String key = full(object.key());
    GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(config.bucket()).key(key);
    object.etag().ifPresent(e -> req.ifMatch("\"" + e + "\""));
    object.versionId().ifPresent(req::versionId);
    if (range != null) {
      req.range(range);
    }
    try {
      return s3.getObject(req.build());
    } catch (SdkException e) {
      throw S3Errors.map(e, S3Errors.Op.OBJECT, config.bucket(), where(key));
    }
  }

  private String full(String key) {
    return config.prefix() + key;
  }

  private String where(String fullKey) {
    return "S3 object s3://" + config.bucket() + "/" + fullKey;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(description + " is closed");
    }
  }

  @Override
  public void close() {
    closed = true;
    holder.close();
  }

  @Override
  public String toString() {
    return "S3Source[" + description + "]";
  }
}
