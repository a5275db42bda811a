package io.github.cosmigrate.source.s3.internal;

import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ObjectInfo}s from S3 listings and responses. The modification time is cut to whole seconds everywhere:
 * HEAD and GET give an HTTP date (seconds), a listing gives milliseconds (always {@code .000} on AWS), and the
 * fingerprint of an unchanged object must not depend on which of them it came from.
 */
public final class S3Objects {
  private S3Objects() {}

  /** A listed object: size, ETag and modification time; a listing carries no version id and no headers. */
  public static ObjectInfo fromListing(String relativeKey, S3Object o) {
    return new ObjectInfo(relativeKey, o.size() == null ? 0 : o.size(), seconds(o.lastModified()),
        Optional.ofNullable(o.eTag()), OptionalLong.empty(), ObjectMetadata.empty(), Optional.empty());
  }

  /** A HEAD response, with its headers and version id. */
  public static ObjectInfo fromHead(String relativeKey, HeadObjectResponse r) {
    ObjectMetadata m = metadata(r.contentType(), r.cacheControl(), r.contentDisposition(), r.contentEncoding(),
        r.contentLanguage(), r.expiresString(), r.metadata(), r.storageClassAsString(),
        r.serverSideEncryptionAsString());
    return new ObjectInfo(relativeKey, r.contentLength() == null ? 0 : r.contentLength(), seconds(r.lastModified()),
        Optional.ofNullable(r.eTag()), OptionalLong.empty(), m, Optional.ofNullable(r.versionId()));
  }

  /** A full GET response, with its headers and version id. */
  public static ObjectInfo fromGet(String relativeKey, GetObjectResponse r) {
    ObjectMetadata m = metadata(r.contentType(), r.cacheControl(), r.contentDisposition(), r.contentEncoding(),
        r.contentLanguage(), r.expiresString(), r.metadata(), r.storageClassAsString(),
        r.serverSideEncryptionAsString());
    return new ObjectInfo(relativeKey, r.contentLength() == null ? 0 : r.contentLength(), seconds(r.lastModified()),
        Optional.ofNullable(r.eTag()), OptionalLong.empty(), m, Optional.ofNullable(r.versionId()));
  }

  private static Optional<Instant> seconds(Instant t) {
    return Optional.ofNullable(t).map(i -> i.truncatedTo(ChronoUnit.SECONDS));
  }

  private static ObjectMetadata metadata(String contentType, String cacheControl, String contentDisposition,
      String contentEncoding, String contentLanguage, String expires, Map<String, String> user,
      String storageClass, String sse) {
    return ObjectMetadata.builder().contentType(contentType).cacheControl(cacheControl)
        .contentDisposition(contentDisposition).contentEncoding(contentEncoding).contentLanguage(contentLanguage)
        .expires(expires).userMetadata(user == null ? Map.of() : user).storageClass(storageClass)
        .serverSideEncryption(sse).build();
  }
}
