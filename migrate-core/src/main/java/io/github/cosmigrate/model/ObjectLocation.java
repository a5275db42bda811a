package io.github.cosmigrate.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a source object is stored in an object service, so that a sink of the same service can copy it without
 * the bytes passing through this process (see {@link io.github.cosmigrate.spi.capability.ObjectLocator}).
 *
 * @param service the storage service, as an identity two parties compare: equal strings name the same service
 *     reached at the same endpoint (e.g. {@code cos} for Tencent COS's public endpoints,
 *     {@code cos@http://127.0.0.1:9000} for an endpoint override). Never contains credentials or a query string
 * @param region the bucket's region
 * @param bucket the bucket
 * @param key the object's full key in the bucket (the source's prefix included)
 * @param etag the ETag of the version to copy, without quotes: a copy is pinned to it, when present
 * @param versionId the version id of the version to copy, in a versioned bucket
 */
public record ObjectLocation(
    String service, String region, String bucket, String key, Optional<String> etag, Optional<String> versionId) {

  public ObjectLocation {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    etag = Objects.requireNonNull(etag, "etag").map(ObjectInfo::unquoteEtag).filter(e -> !e.isEmpty());
    Objects.requireNonNull(versionId, "versionId");
  }

  /** {@code service:region/bucket/key}, for messages. */
  @Override
  public String toString() {
    return service + ":" + region + "/" + bucket + "/" + key;
  }
}
