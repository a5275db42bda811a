package io.github.cosmigrate.sink.cos;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.exception.CosServiceException;
import com.qcloud.cos.model.AbortMultipartUploadRequest;
import com.qcloud.cos.model.CompleteMultipartUploadRequest;
import com.qcloud.cos.model.CompleteMultipartUploadResult;
import com.qcloud.cos.model.CopyObjectRequest;
import com.qcloud.cos.model.CopyObjectResult;
import com.qcloud.cos.model.CopyPartRequest;
import com.qcloud.cos.model.CopyPartResult;
import com.qcloud.cos.model.COSObject;
import com.qcloud.cos.model.GetObjectMetadataRequest;
import com.qcloud.cos.model.GetObjectRequest;
import com.qcloud.cos.model.HeadBucketRequest;
import com.qcloud.cos.model.InitiateMultipartUploadRequest;
import com.qcloud.cos.model.PartETag;
import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.CopyResult;
import io.github.cosmigrate.model.MultipartUpload;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectLocation;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.model.UploadedPart;
import io.github.cosmigrate.model.Verification;
import io.github.cosmigrate.sink.cos.internal.BodySender;
import io.github.cosmigrate.sink.cos.internal.CosClients;
import io.github.cosmigrate.sink.cos.internal.CosCopyRequests;
import io.github.cosmigrate.sink.cos.internal.CosErrors;
import io.github.cosmigrate.sink.cos.internal.CosListings;
import io.github.cosmigrate.sink.cos.internal.CosObjects;
import io.github.cosmigrate.sink.cos.internal.CosProbe;
import io.github.cosmigrate.sink.cos.internal.CosRequests;
import io.github.cosmigrate.sink.cos.internal.CrcChecks;
import io.github.cosmigrate.sink.cos.internal.CrcInputStream;
import io.github.cosmigrate.sink.cos.internal.EncryptingSink;
import io.github.cosmigrate.sink.cos.internal.ReadBackStream;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.capability.ObjectReader;
import io.github.cosmigrate.spi.capability.Probe;
import io.github.cosmigrate.spi.capability.ServerSideCopier;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Sink} that writes to one Tencent COS bucket with cos_api, verifying every put, part and completion
 * against COS's {@code x-cos-hash-crc64ecma}. A {@link Probe}: the engine checks endpoint, TLS, credentials, bucket
 * and region with it before the first transfer ({@link #probe()}). Also a {@link ServerSideCopier}: PUT Object - Copy up to
 * {@link SinkLimits#maxSingleCopySize()}, Upload Part - Copy for the parts of larger objects, both pinned to the
 * source's ETag ({@code x-cos-copy-source-If-Match}) and version; a copy COS refuses with 403 or 405 (a source of
 * another account) is {@code UNSUPPORTED}, so that the engine streams the object instead.
 *
 * <p>Thread-safe; one instance serves all of the engine's threads over one connection pool
 * ({@link CosSinkConfig#maxConnections()}; with {@link CosSinkConfig#directPuts()}, the default, a second pool of
 * that size carries the put and part bodies). Bodies are streamed, never buffered whole, and never retried inside
 * the sink or the SDK (the engine retries with a fresh stream); other requests are retried at most
 * {@link CosSinkConfig#sdkMaxRetries()} times inside the SDK. With {@code directPuts}, a put or part is built and
 * signed by cos_api and sent on the sink's own HTTP client (same URL, headers and signature, compared with
 * cos_api's on the wire by the tests), without cos_api's per-request machinery around it.
 *
 * <p>Verification: the CRC-64/XZ of the bytes actually handed to the SDK is compared with the CRC COS returns.
 * A mismatch throws {@code INTEGRITY_MISMATCH} (and, for a put or completion, the corrupt object is deleted on a
 * best-effort basis); a missing header gives {@link Verification#UNVERIFIABLE} with the reason
 * {@value #NO_CRC_REASON}. Also an {@link ObjectReader}, so that the engine can read such objects back. A copy returns COS's CRC in its
 * {@link io.github.cosmigrate.model.CopyResult} (read from the copied object with a HEAD when the copy answer lacks
 * it; empty when COS has none): nothing passed through this process to compare with, so the caller compares it
 * with the source's CRC.
 *
 * <p>cos_api also hashes every put and part body with MD5 and compares it with the ETag, unless the system
 * property {@code com.Qcloud.services.cos.disablePutObjectMD5Validation=true} is set. With the CRC-64 check above
 * that second hash of the same bytes is redundant whenever COS returns its CRC (it always does); the command line
 * sets the property, a library user may. Without it, the MD5 check remains the only check of an
 * {@link Verification#UNVERIFIABLE} result.
 *
 * <p>cos_api 5.6.265 does not expose the headers of an error response, so {@code Retry-After} is not available:
 * {@code THROTTLED} errors carry no retry-after hint.
 *
 * <p><b>Security:</b> cos_api's {@code com.qcloud.cos.http.DefaultCosHttpClient} logs requests that fail with a
 * network error at {@code ERROR} <i>with their {@code Authorization} header</i> (the signature) and security
 * token. Turn the {@code com.qcloud} logger off in applications that use this sink (see the
 * {@linkplain io.github.cosmigrate.sink.cos package documentation}). This class never logs a secret; it disables
 * cos_api's log of HTTP-status failures and keeps signatures short-lived (about 16 minutes).
 */
public final class CosSink implements Sink, ServerSideCopier, ObjectReader, Probe {
  private static final Logger LOG = LoggerFactory.getLogger(CosSink.class);
  /** The reason of an {@link Verification#UNVERIFIABLE} put or completion. */
  public static final String NO_CRC_REASON = CrcChecks.NO_CRC_REASON;

  private final CosSinkConfig config;
  private final COSClient cos;
  /** Sends put and part bodies: itself or through cos_api ({@link CosSinkConfig#directPuts()}). */
  private final BodySender bodies;
  private final String location;
  private final CosRequests requests;
  private final CosCopyRequests copies;
  private final CrcChecks checks;
  private final CosListings listings;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean bucketSeen;

  private CosSink(CosSinkConfig config, CosClients.SinkClient cos) {
    this.config = config;
    this.cos = cos;
    this.bodies = BodySender.create(config, cos);
    this.location = "cos:" + config.region() + "/" + config.bucket();
    this.requests = new CosRequests(config, location);
    this.copies = new CosCopyRequests(config, location, requests);
    this.checks = new CrcChecks(cos, config.bucket(), location);
    this.listings = new CosListings(cos, config.bucket(), location);
  }

  /** A sink for {@code config}. Does no I/O; a wrong bucket or credentials show on the first request. */
  public static CosSink create(CosSinkConfig config) {
    return new CosSink(config, CosClients.create(config));
  }

  /**
   * The sink for {@code config}: a {@link CosSink}, behind client-side encryption when
   * {@link CosSinkConfig#clientEncryption()} is set (then neither a {@link ServerSideCopier} nor an
   * {@link ObjectReader}; see {@link io.github.cosmigrate.spi.capability.TransformsContent}). Does no I/O.
   */
  public static Sink open(CosSinkConfig config) {
    CosSink sink = create(config);
    return config.clientEncryption().<Sink>map(k -> new EncryptingSink(sink, k)).orElse(sink);
  }

  /** The configuration this sink was created with. */
  public CosSinkConfig config() {
    return config;
  }

  @Override
  public String describe() {
    return location + config.endpoint().map(e -> "@" + e.getScheme() + "://" + e.getRawAuthority()
        + (e.getRawPath() == null ? "" : e.getRawPath())).orElse("");
  }

  @Override
  public SinkLimits limits() {
    return config.limits();
  }

  @Override
  public String toString() {
    return "CosSink[" + describe() + "]";
  }

  /**
   * Checks the endpoint, TLS, credentials, bucket and region with a HEAD Bucket (and a GET Bucket location when COS
   * answers 403), before the first transfer: a {@link io.github.cosmigrate.error.ConfigurationException} names the
   * provider settings at fault ({@code endpoint}, {@code region}, {@code bucket}, {@code secret-id}/{@code
   * secret-key}); a 5xx or throttling is thrown with its usual kind; an access denied to both requests (a policy
   * that allows object writes only) returns normally.
   */
  @Override
  public void probe() throws IOException {
    checkOpen();
    if (new CosProbe(cos, config, describe()).run()) {
      bucketSeen = true;
    }
  }

  // ---------------------------------------------------------------- stat

  @Override
  public Optional<ObjectInfo> stat(String key) throws IOException {
    checkKey(key);
    com.qcloud.cos.model.ObjectMetadata m;
    try {
      m = cos.getObjectMetadata(new GetObjectMetadataRequest(config.bucket(), key));
    } catch (CosServiceException e) {
      if (e.getStatusCode() == 404 && !"NoSuchBucket".equals(e.getErrorCode())) {
        checkBucketExists();
        return Optional.empty();
      }
      throw CosErrors.map(e, "stat", location, key);
    } catch (RuntimeException e) {
      throw CosErrors.map(e, "stat", location, key);
    }
    bucketSeen = true;
    return Optional.of(CosObjects.info(key, m));
  }

  private void checkBucketExists() throws IOException {
    if (bucketSeen) {
      return;
    }
    try {
      cos.headBucket(new HeadBucketRequest(config.bucket()));
      bucketSeen = true;
    } catch (CosServiceException e) {
      if (e.getStatusCode() == 404) {
        throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "bucket '" + config.bucket() + "' does not"
            + " exist in " + location + ": check the bucket name (name-appid, e.g. photos-1250000000) and that"
            + " the region is the bucket's region", e);
      }
      throw CosErrors.map(e, "head bucket", location, null);
    } catch (RuntimeException e) {
      throw CosErrors.map(e, "head bucket", location, null);
    }
  }

  // ---------------------------------------------------------------- read back

  /**
   * The stored content of {@code key} (GET Object), streamed; {@code NOT_FOUND} when there is none. For
   * {@link io.github.cosmigrate.api.VerifyMode#REREAD}: the caller computes the CRC-64 itself.
   */
  @Override
  public InputStream read(String key) throws IOException {
    checkKey(key);
    COSObject o;
    try {
      o = cos.getObject(new GetObjectRequest(config.bucket(), key));
    } catch (RuntimeException e) {
      throw CosErrors.map(e, "read back", location, key);
    }
    bucketSeen = true;
    return o.getObjectContent() == null ? InputStream.nullInputStream() : new ReadBackStream(o.getObjectContent());
  }

  // ---------------------------------------------------------------- put

  @Override
  public PutResult put(String key, InputStream body, long length, ObjectMetadata metadata) throws IOException {
    checkKey(key);
    if (length < 0) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "put '" + key + "': negative length " + length);
    }
    if (length > config.limits().maxSinglePutSize()) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "put '" + key + "' in " + location + ": " + length
          + " bytes exceed the single-put limit of " + config.limits().maxSinglePutSize()
          + " bytes (SinkLimits.maxSinglePutSize); use a multipart upload");
    }
    com.qcloud.cos.model.ObjectMetadata om = requests.toCos(key, metadata);
    om.setContentLength(length);
    CrcInputStream in = new CrcInputStream(body, length, key);
    BodySender.Stored r;
    try {
      r = bodies.put(key, om, in, length);
    } catch (RuntimeException e) {
      IOException mapped = CosErrors.map(e, "put", location, key);
      if (mapped instanceof MigrateException m && m.kind() == ErrorKind.INTEGRITY_MISMATCH) {
        checks.deleteQuietly(key); // the SDK's MD5 check failed after COS stored the object
      }
      throw mapped;
    }
    bucketSeen = true;
    checks.checkSentAll(in, "put", key, length);
    long local = in.crc();
    Verification v = checks.verify(r.crc64(), local, "put", key, true);
    return new PutResult(ObjectInfo.unquoteEtag(r.etag()), local, v, Optional.ofNullable(r.versionId()),
        CrcChecks.unverifiable(v));
  }

  // ---------------------------------------------------------------- multipart

  @Override
  public String initiateMultipart(String key, ObjectMetadata metadata) throws IOException {
    checkKey(key);
    com.qcloud.cos.model.ObjectMetadata om = requests.toCos(key, metadata);
    try {
      String id = cos.initiateMultipartUpload(new InitiateMultipartUploadRequest(config.bucket(), key, om))
          .getUploadId();
      bucketSeen = true;
      return id;
    } catch (RuntimeException e) {
      throw CosErrors.map(e, "initiate multipart upload of", location, key);
    }
  }

  @Override
  public PartResult uploadPart(String key, String uploadId, int partNumber, InputStream body, long length)
      throws IOException {
    checkKey(key);
    requests.checkPart(key, partNumber, length);
    CrcInputStream in = new CrcInputStream(body, length, key + " part " + partNumber);
    BodySender.Stored r;
    String op = "upload part " + partNumber + " of";
    try {
      r = bodies.uploadPart(key, uploadId, partNumber, in, length);
    } catch (RuntimeException e) {
      throw CosErrors.map(e, op, location, key);
    }
    checks.checkSentAll(in, op, key, length);
    String etag = ObjectInfo.unquoteEtag(r.etag());
    if (etag.isEmpty()) {
      // CompleteMultipartUpload needs every part's ETag: without it the upload could only be refused later as
      // "invalid part", blamed on the object; the part is sent again instead
      throw new MigrateException(ErrorKind.TRANSIENT, op + " '" + key + "' in " + location + ": COS answered"
          + " without an ETag, which completing the upload needs; the part is sent again");
    }
    long local = in.crc();
    Verification v = checks.verify(r.crc64(), local, op, key, false);
    return new PartResult(partNumber, length, etag, local, v);
  }

  @Override
  public List<UploadedPart> listParts(String key, String uploadId) throws IOException {
    checkKey(key);
    return listings.parts(key, uploadId);
  }

  @Override
  public PutResult completeMultipart(String key, String uploadId, List<PartResult> parts) throws IOException {
    CompleteMultipartUploadResult r = complete(key, uploadId, parts);
    long crc = 0;
    boolean first = true;
    for (PartResult p : sorted(parts)) {
      crc = first ? p.crc64() : Crc64.combine(crc, p.crc64(), p.size());
      first = false;
    }
    Verification v = checks.verify(r.getCrc64Ecma(), crc, "complete", key, true);
    return new PutResult(ObjectInfo.unquoteEtag(r.getETag()), crc, v, Optional.ofNullable(r.getVersionId()),
        CrcChecks.unverifiable(v));
  }

  private static List<PartResult> sorted(List<PartResult> parts) {
    List<PartResult> sorted = new ArrayList<>(parts);
    sorted.sort(Comparator.comparingInt(PartResult::partNumber));
    return sorted;
  }

  private CompleteMultipartUploadResult complete(String key, String uploadId, List<PartResult> parts)
      throws IOException {
    checkKey(key);
    if (parts.isEmpty()) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "complete '" + key + "': an upload needs at least one"
          + " part");
    }
    Set<Integer> seen = new HashSet<>();
    List<PartETag> etags = new ArrayList<>(parts.size());
    for (PartResult p : sorted(parts)) {
      if (!seen.add(p.partNumber())) {
        throw new MigrateException(ErrorKind.INVALID_INPUT, "complete '" + key + "': part " + p.partNumber()
            + " is listed twice");
      }
      etags.add(new PartETag(p.partNumber(), p.etag()));
    }
    try {
      return cos.completeMultipartUpload(new CompleteMultipartUploadRequest(config.bucket(), key, uploadId, etags));
    } catch (RuntimeException e) {
      throw CosErrors.map(e, "complete upload " + uploadId + " of", location, key);
    }
  }

  @Override
  public void abortMultipart(String key, String uploadId) throws IOException {
    checkKey(key);
    try {
      cos.abortMultipartUpload(new AbortMultipartUploadRequest(config.bucket(), key, uploadId));
    } catch (RuntimeException e) {
      IOException mapped = CosErrors.map(e, "abort upload " + uploadId + " of", location, key);
      if (!(mapped instanceof MigrateException m && m.kind() == ErrorKind.NOT_FOUND
          && !isNoSuchBucket(e))) {
        throw mapped;
      }
    }
  }

  private static boolean isNoSuchBucket(RuntimeException e) {
    return e instanceof CosServiceException s && "NoSuchBucket".equals(s.getErrorCode());
  }

  @Override
  public List<MultipartUpload> listMultipartUploads(String prefix) throws IOException {
    checkOpen();
    return listings.uploads(prefix);
  }

  // ---------------------------------------------------------------- delete, copy

  @Override
  public void delete(String key) throws IOException {
    checkKey(key);
    try {
      cos.deleteObject(config.bucket(), key);
    } catch (RuntimeException e) {
      IOException mapped = CosErrors.map(e, "delete", location, key);
      if (!(mapped instanceof MigrateException m && m.kind() == ErrorKind.NOT_FOUND && !isNoSuchBucket(e))) {
        throw mapped;
      }
    }
  }

  @Override
  public CopyResult copy(ObjectLocation from, String key, ObjectMetadata metadata) throws IOException {
    checkKey(key);
    String what = "copy from " + from + " to";
    copies.checkSource(from, what, key);
    CopyObjectRequest req = copies.copyObject(from, key, metadata);
    CopyObjectResult r;
    try {
      r = cos.copyObject(req);
    } catch (RuntimeException e) {
      throw copies.error(e, what, key);
    }
    if (r == null) {
      // cos_api answers a copy whose If-Match failed (412) with null
      throw new MigrateException(ErrorKind.SOURCE_CHANGED, what + " '" + key + "' in " + location + ": the source"
          + " is no longer the listed version");
    }
    bucketSeen = true;
    return new CopyResult(ObjectInfo.unquoteEtag(r.getETag()), storedCrc(r.getCrc64Ecma(), key),
        Optional.ofNullable(r.getVersionId()));
  }

  @Override
  public PartResult copyPart(ObjectLocation from, String key, String uploadId, int partNumber, long offset,
      long length) throws IOException {
    checkKey(key);
    requests.checkPart(key, partNumber, length);
    String what = "copy of bytes " + offset + "+" + length + " of " + from + " as part " + partNumber + " of";
    copies.checkSource(from, what, key);
    if (offset < 0 || length == 0) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, what + " '" + key + "': a copied part needs offset >= 0"
          + " and at least one byte");
    }
    CopyPartRequest req = copies.copyPart(from, key, uploadId, partNumber, offset, length);
    CopyPartResult r;
    try {
      r = cos.copyPart(req);
    } catch (RuntimeException e) {
      throw copies.error(e, what, key);
    }
    if (r == null) {
      throw new MigrateException(ErrorKind.SOURCE_CHANGED, what + " '" + key + "' in " + location + ": the source"
          + " is no longer the listed version");
    }
    return new PartResult(partNumber, length, ObjectInfo.unquoteEtag(r.getETag()),
        CosObjects.crc(r.getCrc64Ecma()).orElse(0L), Verification.UNVERIFIABLE);
  }

  @Override
  public CopyResult completeCopy(String key, String uploadId, List<PartResult> parts) throws IOException {
    CompleteMultipartUploadResult r = complete(key, uploadId, parts);
    return new CopyResult(ObjectInfo.unquoteEtag(r.getETag()), storedCrc(r.getCrc64Ecma(), key),
        Optional.ofNullable(r.getVersionId()));
  }

  /** The CRC-64 COS gave in an answer, else the stored object's (not every answer to a copy carries it). */
  private OptionalLong storedCrc(String header, String key) throws IOException {
    OptionalLong crc = CosObjects.crc(header);
    if (crc.isEmpty()) {
      Optional<ObjectInfo> stored = stat(key);
      if (stored.isPresent()) {
        crc = stored.get().crc64();
      }
    }
    return crc;
  }

  /** The service identity of this sink's endpoint (see {@link ObjectLocation#service()}). */
  public String service() {
    return CosClients.serviceId(config.endpoint());
  }

  // ---------------------------------------------------------------- helpers

  /** The CopyObject request for a copy (for tests of its metadata directive). */
  CopyObjectRequest copyRequest(ObjectLocation from, String key, ObjectMetadata metadata) throws MigrateException {
    return copies.copyObject(from, key, metadata);
  }

  private void checkKey(String key) throws MigrateException {
    checkOpen();
    requests.checkKey(key);
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException(this + " is closed");
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        bodies.close();
      } catch (IOException | RuntimeException e) {
        LOG.warn("closing the HTTP client for {} failed: {}", location, e.getClass().getSimpleName());
      }
      try {
        cos.shutdown();
      } catch (RuntimeException e) {
        LOG.warn("closing the COS client for {} failed: {}", location, e.getClass().getSimpleName());
      }
    }
  }
}
