package io.github.cosmigrate.server;

import java.util.Map;
import java.util.Set;

/** Tells which {@link Operation} a request to the {@link DialectProxy} is, and whether it speaks plain S3. */
final class RequestClassifier {
  static final Set<String> OBJECT_SUBRESOURCES =
      Set.of("acl", "tagging", "restore", "torrent", "retention", "legal-hold", "attributes", "symlink",
          "append", "select", "uploads");
  static final Set<String> LIST_PARAMS =
      Set.of("prefix", "delimiter", "marker", "max-keys", "list-type", "continuation-token", "start-after",
          "encoding-type", "fetch-owner");
  private final Dialect dialect;

  RequestClassifier(Dialect dialect) {
    this.dialect = dialect;
  }

  /** True for a request signed or marked as plain S3 (AWS V2/V4 signature or {@code x-amz-*} headers). */
  static boolean isS3(Headers h) {
    String auth = h.get("Authorization");
    if (auth != null && (auth.startsWith("AWS4-") || auth.startsWith("AWS "))) {
      return true;
    }
    return h.anyStartsWith("x-amz-");
  }

  /** The operation a request performs, from its method, path and query (the log's and the faults' view). */
  Operation classify(String method, String bucket, String key, Map<String, String> q, Headers h) {
    boolean hasKey = !key.isEmpty();
    boolean hasUploadId = q.containsKey("uploadId");
    boolean objectSub = false;
    for (String k : q.keySet()) {
      if (OBJECT_SUBRESOURCES.contains(k)) {
        objectSub = true;
        break;
      }
    }
    switch (method) {
      case "PUT":
        if (!hasKey) {
          return Operation.OTHER;
        }
        if (hasUploadId && q.containsKey("partNumber")) {
          return Operation.UPLOAD_PART;
        }
        if (objectSub) {
          return Operation.OTHER;
        }
        return h.has(dialect.headerPrefix() + "copy-source") || h.has("x-amz-copy-source")
            ? Operation.COPY_OBJECT : Operation.PUT_OBJECT;
      case "GET":
        if (hasKey) {
          if (hasUploadId) {
            return Operation.LIST_PARTS;
          }
          return objectSub ? Operation.OTHER : Operation.GET_OBJECT;
        }
        if (bucket.isEmpty()) {
          return Operation.OTHER;
        }
        if (q.containsKey("uploads")) {
          return Operation.LIST_MULTIPART_UPLOADS;
        }
        return LIST_PARAMS.containsAll(q.keySet()) ? Operation.LIST_OBJECTS : Operation.OTHER;
      case "HEAD":
        return hasKey && !objectSub ? Operation.HEAD_OBJECT : Operation.OTHER;
      case "DELETE":
        if (!hasKey) {
          return Operation.OTHER;
        }
        if (hasUploadId) {
          return Operation.ABORT_MULTIPART;
        }
        return objectSub ? Operation.OTHER : Operation.DELETE_OBJECT;
      case "POST":
        if (!hasKey) {
          return Operation.OTHER;
        }
        if (q.containsKey("uploads")) {
          return Operation.INITIATE_MULTIPART;
        }
        return hasUploadId ? Operation.COMPLETE_MULTIPART : Operation.OTHER;
      default:
        return Operation.OTHER;
    }
  }

  /** The {@code partNumber} query value; 0 when absent or not a number. */
  static int partNumber(String v) {
    if (v == null) {
      return 0;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
