package io.github.cosmigrate.server;

import java.util.Map;
import java.util.Objects;

/**
 * One request a {@link DialectProxy} handled.
 *
 * @param method the HTTP method, upper case
 * @param bucket the bucket (first path segment), empty for service-level requests
 * @param key the decoded object key, empty for bucket-level requests
 * @param operation the classified operation
 * @param partNumber the {@code partNumber} query value, 0 if none
 * @param uploadId the {@code uploadId} query value, empty if none
 * @param status the HTTP status sent to the client; 0 while the request has not been answered (what a
 *     {@link FaultPlan} predicate sees) or when the connection was reset / failed before a status was sent
 * @param copySource for CopyObject and UploadPartCopy, the copy source as {@code /bucket/key} (as forwarded to the
 *     backend, the key as the client encoded it); empty for every other request
 * @param dialectHeaders the request's own dialect headers ({@code x-cos-*} or {@code x-oss-*}, names lower-case)
 *     other than user metadata and security tokens, e.g. {@code x-cos-server-side-encryption}: what the proxy saw
 *     even where the backend ignores it (S3Proxy keeps no SSE key id or context); empty for S3 requests
 * @param concurrent how many requests the proxy was handling when this one arrived, itself included (0 when not
 *     measured)
 */
public record RecordedRequest(
    String method, String bucket, String key, Operation operation, int partNumber, String uploadId, int status,
    String copySource, Map<String, String> dialectHeaders, int concurrent) {

  public RecordedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(uploadId, "uploadId");
    Objects.requireNonNull(copySource, "copySource");
    dialectHeaders = Map.copyOf(dialectHeaders);
  }

  /** A request without dialect headers, whose concurrency was not measured. */
  public RecordedRequest(
      String method, String bucket, String key, Operation operation, int partNumber, String uploadId, int status,
      String copySource) {
    this(method, bucket, key, operation, partNumber, uploadId, status, copySource, Map.of(), 0);
  }

  /** A request without a copy source. */
  public RecordedRequest(
      String method, String bucket, String key, Operation operation, int partNumber, String uploadId, int status) {
    this(method, bucket, key, operation, partNumber, uploadId, status, "");
  }

  /** True for CopyObject and UploadPartCopy: the object's bytes did not pass through the client. */
  public boolean isCopy() {
    return !copySource.isEmpty();
  }

  RecordedRequest withStatus(int newStatus) {
    return new RecordedRequest(method, bucket, key, operation, partNumber, uploadId, newStatus, copySource,
        dialectHeaders, concurrent);
  }
}
