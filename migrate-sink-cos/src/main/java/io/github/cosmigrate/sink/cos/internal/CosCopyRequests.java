package io.github.cosmigrate.sink.cos.internal;

import com.qcloud.cos.exception.CosServiceException;
import com.qcloud.cos.model.CopyObjectRequest;
import com.qcloud.cos.model.CopyPartRequest;
import com.qcloud.cos.region.Region;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ObjectLocation;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.sink.cos.CosSinkConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The server-side copies of the COS sink: which sources it can copy from, the pinned CopyObject and Upload Part -
 * Copy requests, and what a refused or failed copy means to the engine. Stateless apart from its settings;
 * thread-safe.
 */
public final class CosCopyRequests {
  private final CosSinkConfig config;
  private final String location;
  private final CosRequests requests;

  public CosCopyRequests(CosSinkConfig config, String location, CosRequests requests) {
    this.config = config;
    this.location = location;
    this.requests = requests;
  }

  /** Refuses ({@code UNSUPPORTED}, so the engine streams) a source this sink cannot copy from server-side. */
  public void checkSource(ObjectLocation from, String what, String key) throws MigrateException {
    String service = CosClients.serviceId(config.endpoint());
    if (!from.service().equals(service)) {
      throw new MigrateException(ErrorKind.UNSUPPORTED, what + " '" + key + "' in " + location + ": the source is"
          + " on another service or endpoint (" + from.service() + ", this sink " + service + "); stream it instead");
    }
    if (config.endpoint().isPresent() && !from.region().equals(config.region())) {
      throw new MigrateException(ErrorKind.UNSUPPORTED, what + " '" + key + "' in " + location + ": with an endpoint"
          + " override only same-region copies are possible; stream it instead");
    }
  }

  /**
   * A failed copy: a refusal (HTTP 403 or 405, as for a source of another account, or a request COS cannot serve
   * in one piece) is {@code UNSUPPORTED} so that the engine streams the object; a failed If-Match (412) or a range
   * past the source's end (416) is {@code SOURCE_CHANGED}; the rest as for any request.
   */
  public IOException error(RuntimeException e, String what, String key) {
    if (e instanceof CosServiceException s) {
      String code = s.getErrorCode() == null ? "" : s.getErrorCode();
      String detail = " (HTTP " + s.getStatusCode() + (code.isEmpty() ? "" : ", " + code)
          + (s.getRequestId() == null || s.getRequestId().isEmpty() ? "" : ", request id " + s.getRequestId()) + ")";
      if (s.getStatusCode() == 403 || s.getStatusCode() == 405) {
        return new MigrateException(ErrorKind.UNSUPPORTED, what + " '" + key + "' in " + location + " was refused"
            + detail + ": these credentials may not read the source (another account?); streaming instead", e);
      }
      if (code.equals("EntityTooLarge") || code.equals("InvalidRequest")) {
        return new MigrateException(ErrorKind.UNSUPPORTED, what + " '" + key + "' in " + location
            + ": COS cannot copy this object this way" + detail + "; streaming instead", e);
      }
      if (s.getStatusCode() == 412 || code.equals("PreconditionFailed") || s.getStatusCode() == 416) {
        return new MigrateException(ErrorKind.SOURCE_CHANGED, what + " '" + key + "' in " + location + " failed"
            + detail + ": the source is no longer the listed version", e);
      }
    }
    return CosErrors.map(e, what, location, key);
  }

  /**
   * The CopyObject request, pinned to the source's ETag (and version) when the location has them: metadata given
   * (or a default storage class / SSE-COS configured) replaces the source's ({@code x-cos-metadata-directive:
   * Replaced}); otherwise the source's metadata is kept.
   */
  public CopyObjectRequest copyObject(ObjectLocation from, String key, ObjectMetadata metadata)
      throws MigrateException {
    CopyObjectRequest req = new CopyObjectRequest(new Region(from.region()), from.bucket(), from.key(),
        config.bucket(), key);
    from.etag().ifPresent(e -> req.withMatchingETagConstraint("\"" + e + "\""));
    from.versionId().ifPresent(req::setSourceVersionId);
    if (config.endpoint().isPresent()) {
      req.setSourceEndpointBuilder(CosClients.sourceEndpointBuilder(config));
    }
    if (!metadata.equals(ObjectMetadata.empty()) || config.defaultStorageClass().isPresent() || config.sseCos()
        || config.sseKms().isPresent()) {
      req.setNewObjectMetadata(requests.toCos(key, metadata));
      req.setMetadataDirective("Replaced");
    } else {
      req.setMetadataDirective("Copy");
    }
    return req;
  }

  /** The Upload Part - Copy request for bytes {@code [offset, offset + length)} of {@code from}, pinned like a copy. */
  public CopyPartRequest copyPart(ObjectLocation from, String key, String uploadId, int partNumber, long offset,
      long length) {
    CopyPartRequest req = new CopyPartRequest()
        .withSourceBucketRegion(new Region(from.region()))
        .withSourceBucketName(from.bucket())
        .withSourceKey(from.key())
        .withDestinationBucketName(config.bucket())
        .withDestinationKey(key)
        .withUploadId(uploadId)
        .withPartNumber(partNumber)
        .withFirstByte(offset)
        .withLastByte(offset + length - 1);
    from.etag().ifPresent(e -> req.setMatchingETagConstraints(new ArrayList<>(List.of("\"" + e + "\""))));
    from.versionId().ifPresent(req::setSourceVersionId);
    if (config.endpoint().isPresent()) {
      req.setSourceEndpointBuilder(CosClients.sourceEndpointBuilder(config));
    }
    return req;
  }
}
