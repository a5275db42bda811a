package io.github.cosmigrate.server;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How the dialect proxy translates headers: a COS or OSS request's into the S3 backend's (metadata prefix, the
 * storage class and SSE kept in hidden "shim" metadata, copy source and directive, the dialect's Authorization and
 * Host dropped), and the backend's answer back into the dialect's. S3 requests pass through but for hop-by-hop
 * headers. Stateless apart from its settings; thread-safe.
 */
final class DialectHeaders {
  /** OSS classes whose objects need a restore before a read; an OSS listing names them. */
  private static final Set<String> OSS_ARCHIVE_CLASSES = Set.of("archive", "coldarchive", "deepcoldarchive");
  private static final String SHIM_PREFIX = "x-amz-meta-shim-";
  private static final String FORM_TYPE = "application/x-www-form-urlencoded";
  private static final Set<String> HOP_BY_HOP =
      Set.of("connection", "keep-alive", "expect", "transfer-encoding", "content-length", "te", "upgrade",
          "proxy-connection", "proxy-authorization", "trailer");
  private static final Set<String> COPY_CONDITIONS =
      Set.of("copy-source-if-match", "copy-source-if-none-match", "copy-source-if-modified-since",
          "copy-source-if-unmodified-since", "copy-source-range");

  private final Dialect dialect;
  private final boolean forwardHost;

  DialectHeaders(Dialect dialect, boolean forwardHost) {
    this.dialect = dialect;
    this.forwardHost = forwardHost;
  }

  /** The backend request's headers for a client request {@code h} (framing and Host are the caller's). */
  Headers toBackend(Headers h, boolean s3, Operation op) {
    Headers bh = new Headers();
    for (String[] e : h.entries()) {
      String name = e[0];
      String lower = name.toLowerCase(Locale.ROOT);
      String value = e[1];
      if (HOP_BY_HOP.contains(lower)) {
        continue;
      }
      if (!s3) {
        if (lower.equals("authorization") || (lower.equals("host") && !forwardHost)) {
          continue;
        }
        String prefix = dialect.headerPrefix();
        if (lower.startsWith(prefix)) {
          String rest = lower.substring(prefix.length());
          if (rest.startsWith("meta-")) {
            bh.add("x-amz-meta-" + name.substring(prefix.length() + 5), value);
          } else if (rest.equals("storage-class")) {
            bh.add(DialectProxy.SHIM_STORAGE_CLASS, value);
            if (dialect == Dialect.OSS && OSS_ARCHIVE_CLASSES.contains(value.toLowerCase(Locale.ROOT))) {
              bh.add("x-amz-storage-class", "GLACIER"); // so that listings show it (as OSS's do)
            }
          } else if (rest.equals("server-side-encryption")) {
            bh.add(DialectProxy.SHIM_SSE, value);
          } else if (rest.equals("copy-source")) {
            bh.add("x-amz-copy-source", S3Names.s3CopySource(value));
          } else if (rest.equals("metadata-directive")) {
            bh.add("x-amz-metadata-directive", S3Names.s3MetadataDirective(value));
          } else if (COPY_CONDITIONS.contains(rest)) {
            bh.add("x-amz-" + rest, value);
          }
          continue; // other dialect headers are dropped
        }
      }
      if (lower.equals("content-type")) {
        // Jetty eats form bodies and normalizes parameters ("; charset" -> ";charset"): keep the original
        boolean form = value.toLowerCase(Locale.ROOT).startsWith(FORM_TYPE);
        boolean storesMetadata = op == Operation.PUT_OBJECT || op == Operation.INITIATE_MULTIPART
            || op == Operation.COPY_OBJECT;
        bh.add(name, form ? "application/octet-stream" : value);
        if (form || (!s3 && storesMetadata)) {
          bh.add(DialectProxy.SHIM_CONTENT_TYPE, value);
        }
        continue;
      }
      if (lower.startsWith(SHIM_PREFIX)) {
        continue; // clients may not forge the shim's own metadata
      }
      bh.add(name, value);
    }
    return bh;
  }

  /**
   * The dialect's own headers of a client request as the request log keeps them: names lower-case, user metadata
   * and security tokens left out (a token is a credential).
   */
  Map<String, String> recorded(Headers h) {
    Map<String, String> out = new java.util.TreeMap<>();
    String prefix = dialect.headerPrefix();
    for (String[] e : h.entries()) {
      String lower = e[0].toLowerCase(Locale.ROOT);
      if (lower.startsWith(prefix) && !lower.startsWith(prefix + "meta-") && !lower.contains("token")) {
        out.put(lower, e[1]);
      }
    }
    return out;
  }

  /** The client's answer headers for the backend's {@code rh} (framing and CRC-64 are the caller's). */
  Headers toClient(Headers rh, boolean s3) {
    Headers oh = new Headers();
    String shimClass = null;
    String shimSse = null;
    String shimType = null;
    String amzClass = null;
    for (String[] e : rh.entries()) {
      String name = e[0];
      String lower = name.toLowerCase(Locale.ROOT);
      if (HOP_BY_HOP.contains(lower)) {
        continue;
      }
      if (lower.equals(DialectProxy.SHIM_STORAGE_CLASS)) {
        shimClass = e[1];
        continue;
      }
      if (lower.equals(DialectProxy.SHIM_SSE)) {
        shimSse = e[1];
        continue;
      }
      if (lower.equals(DialectProxy.SHIM_CONTENT_TYPE)) {
        shimType = e[1];
        continue;
      }
      if (lower.startsWith(SHIM_PREFIX)) {
        continue;
      }
      if (!s3 && lower.startsWith("x-amz-")) {
        if (lower.equals("x-amz-storage-class")) {
          amzClass = e[1];
        } else {
          oh.add(dialect.headerPrefix() + name.substring(6), e[1]);
        }
        continue;
      }
      oh.add(Headers.canonical(name), e[1]);
    }
    if (shimType != null) {
      oh.set("Content-Type", shimType);
    }
    if (!s3) {
      String sc = shimClass != null ? shimClass
          : amzClass != null && !"STANDARD".equalsIgnoreCase(amzClass) ? amzClass : null;
      if (sc != null) {
        // COS accepts any case and answers with upper-case names (STANDARD_IA, MAZ_ARCHIVE); OSS keeps its own
        oh.add(dialect.headerPrefix() + "storage-class", dialect == Dialect.COS ? sc.toUpperCase(Locale.ROOT) : sc);
      }
      if (shimSse != null) {
        oh.add(dialect.headerPrefix() + "server-side-encryption", shimSse);
      }
    }
    return oh;
  }
}
