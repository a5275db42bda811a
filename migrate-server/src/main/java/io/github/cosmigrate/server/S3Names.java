package io.github.cosmigrate.server;

/** How COS and OSS spellings of S3 values map to S3's, for the requests the dialect proxy forwards. */
final class S3Names {
  private S3Names() {}

  /** COS says {@code Replaced} / {@code Copy}, S3 (and OSS) {@code REPLACE} / {@code COPY}. */
  static String s3MetadataDirective(String value) {
    String v = value.trim();
    if (v.equalsIgnoreCase("Replaced") || v.equalsIgnoreCase("Replace")) {
      return "REPLACE";
    }
    return v.equalsIgnoreCase("Copy") ? "COPY" : v;
  }

  /** {@code bucket.cos.region.myqcloud.com/key}, {@code bucket.cos.local/key}, {@code /bucket/key} → {@code /bucket/key}. */
  static String s3CopySource(String v) {
    String s = v.trim();
    int scheme = s.indexOf("://");
    if (scheme >= 0) {
      s = s.substring(scheme + 3);
    }
    if (s.startsWith("/")) {
      return s;
    }
    int slash = s.indexOf('/');
    if (slash < 0) {
      return "/" + s;
    }
    String host = s.substring(0, slash);
    int dot = host.indexOf('.');
    String bucket = dot < 0 ? host : host.substring(0, dot);
    return "/" + bucket + s.substring(slash);
  }

  /** An ETag without its quotes (plain or XML-escaped) and spaces; empty for none. */
  static String normalizeEtag(String etag) {
    if (etag == null) {
      return "";
    }
    return etag.replace("&quot;", "").replace("\"", "").trim();
  }
}
