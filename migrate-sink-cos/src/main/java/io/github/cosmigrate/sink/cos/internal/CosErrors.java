package io.github.cosmigrate.sink.cos.internal;

import com.qcloud.cos.exception.CosClientException;
import com.qcloud.cos.exception.CosServiceException;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.util.Locale;
import org.apache.http.conn.ConnectTimeoutException;

/**
 * Maps cos_api exceptions onto {@link ErrorKind}s, with messages that say what to check. Messages are built from
 * the operation, bucket, key, HTTP status, COS error code and request id only: never from the SDK's own message
 * text beyond the service's error message, and never with credentials, signatures or query strings.
 */
public final class CosErrors {
  private CosErrors() {}

  /**
   * The exception to throw for {@code e}, raised while doing {@code op} on {@code key} (may be null) in
   * {@code location} ({@code cos:region/bucket}).
   */
  public static IOException map(RuntimeException e, String op, String location, String key) {
    String what = op + (key == null ? "" : " '" + key + "'") + " in " + location;
    // a MigrateException or interrupt raised by our own body stream travels inside the SDK's exception
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof MigrateException m) {
        return new MigrateException(m.kind(), m.getMessage(), m.retryAfter().orElse(null), e);
      }
      if ((c instanceof InterruptedIOException && !(c instanceof SocketTimeoutException)
          && !(c instanceof ConnectTimeoutException))
          || c instanceof InterruptedException || c instanceof com.qcloud.cos.exception.AbortedException
          || c instanceof ClosedByInterruptException) {
        return interrupted(what, e);
      }
    }
    if (e instanceof CosServiceException s) {
      return mapService(s, what);
    }
    if (e instanceof IllegalArgumentException) {
      return new MigrateException(ErrorKind.INVALID_INPUT, what + " was rejected by the COS client before sending: "
          + firstLine(String.valueOf(e.getMessage())), e);
    }
    if (Thread.currentThread().isInterrupted()
        || (e.getMessage() != null && e.getMessage().contains("interrupted"))) {
      return interrupted(what, e);
    }
    if (e instanceof CosClientException c) {
      return mapClient(c, what);
    }
    return new MigrateException(ErrorKind.TRANSIENT, what + " failed: " + e.getClass().getSimpleName(), e);
  }

  private static IOException interrupted(String what, Throwable cause) {
    Thread.currentThread().interrupt();
    InterruptedIOException ie = new InterruptedIOException(what + " was interrupted");
    ie.initCause(cause);
    return ie;
  }

  private static IOException mapService(CosServiceException s, String what) {
    int status = s.getStatusCode();
    String code = s.getErrorCode() == null ? "" : s.getErrorCode();
    String detail = " (HTTP " + status + (code.isEmpty() ? "" : ", " + code)
        + (s.getRequestId() == null || s.getRequestId().isEmpty() ? "" : ", request id " + s.getRequestId())
        + ")";
    String service = safeServiceMessage(s);
    String base = what + " failed" + detail + service;
    switch (code) {
      case "SlowDown":
      case "TooManyRequests":
      case "RequestRateLimited":
        return new MigrateException(ErrorKind.THROTTLED, base + ": COS asks to slow down", s);
      case "AccessDenied":
        return new MigrateException(ErrorKind.ACCESS_DENIED, base + ": access denied. Check the SecretId/SecretKey,"
            + " the bucket name (name-appid) and region, and that the sub-account's policy allows this action on"
            + " this bucket and key", s);
      case "InvalidAccessKeyId":
      case "SignatureDoesNotMatch":
      case "InvalidSecretId":
      case "InvalidToken":
      case "RequestTimeTooSkewed":
        return new MigrateException(ErrorKind.FATAL_CONFIGURATION, base + ": COS rejected the credentials or the"
            + " signature. Check the SecretId/SecretKey (and the session token of temporary credentials) and the"
            + " machine clock", s);
      case "ExpiredToken":
      case "TokenExpired":
        // the provider is asked again on the next request: a refreshing provider heals this on a retry
        return new MigrateException(ErrorKind.TRANSIENT, base + ": the temporary credentials expired. Check that"
            + " the credentials provider refreshes them before they expire", s);
      case "NoSuchBucket":
        return new MigrateException(ErrorKind.FATAL_CONFIGURATION, base + ": the bucket does not exist. Check the"
            + " bucket name (name-appid, e.g. photos-1250000000) and that the region is the bucket's region", s);
      case "NoSuchKey":
      case "NoSuchUpload":
      case "NoSuchVersion":
        return new MigrateException(ErrorKind.NOT_FOUND, base, s);
      case "InvalidArgument":
      case "KeyTooLong":
      case "EntityTooLarge":
      case "EntityTooSmall":
      case "InvalidObjectName":
      case "InvalidPart":
      case "InvalidPartOrder":
      case "InvalidStorageClass":
      case "MetadataTooLarge":
      case "InvalidDigest":
        return new MigrateException(ErrorKind.INVALID_INPUT, base + ": COS rejected the request as given", s);
      case "BadDigest":
        return new MigrateException(ErrorKind.INTEGRITY_MISMATCH, base + ": the body COS received does not match"
            + " its checksum", s);
      default:
        break;
    }
    if (status == 429 || status == 503) {
      return new MigrateException(ErrorKind.THROTTLED, base + ": COS asks to slow down", s);
    }
    if (status >= 500 || status == 408) {
      return new MigrateException(ErrorKind.TRANSIENT, base + ": a server-side error, likely temporary", s);
    }
    if (status == 403) {
      return new MigrateException(ErrorKind.ACCESS_DENIED, base + ": access denied. Check the SecretId/SecretKey,"
          + " the bucket name (name-appid) and region, and that the sub-account's policy allows this action", s);
    }
    if (status == 404) {
      return new MigrateException(ErrorKind.NOT_FOUND, base, s);
    }
    if (status == 400 || status == 411 || status == 413 || status == 414) {
      return new MigrateException(ErrorKind.INVALID_INPUT, base + ": COS rejected the request as given", s);
    }
    return new MigrateException(ErrorKind.TRANSIENT, base, s);
  }

  private static String safeServiceMessage(CosServiceException s) {
    String m = s.getErrorMessage();
    if (m == null || m.isBlank()) {
      return "";
    }
    // the service's message never holds our secret, but be strict: drop anything that looks like a signature
    String lower = m.toLowerCase(Locale.ROOT);
    if (lower.contains("q-signature") || lower.contains("q-ak=") || lower.contains("signature=")) {
      return "";
    }
    return ": " + (m.length() > 200 ? m.substring(0, 200) + "..." : m);
  }

  private static IOException mapClient(CosClientException c, String what) {
    Throwable root = c;
    for (Throwable t = c; t != null; t = t.getCause()) {
      root = t;
      if (t instanceof SocketTimeoutException || t instanceof ConnectTimeoutException) {
        return new MigrateException(ErrorKind.TRANSIENT, what + " timed out (" + t.getClass().getSimpleName()
            + "); check the network path to COS or raise socketTimeout", c);
      }
      if (t instanceof UnknownHostException) {
        return new MigrateException(ErrorKind.TRANSIENT, what + " failed: the COS host name does not resolve;"
            + " check the region, the endpoint setting and DNS", c);
      }
      if (t instanceof javax.net.ssl.SSLException) {
        return new MigrateException(ErrorKind.TRANSIENT, what + " failed: the TLS handshake with COS failed ("
            + t.getClass().getSimpleName() + "); check that the endpoint speaks https and that its certificate is"
            + " trusted by this JVM (javax.net.ssl.trustStore)", c);
      }
      if (t instanceof ConnectException) {
        return new MigrateException(ErrorKind.TRANSIENT, what + " failed: could not connect to COS; check the"
            + " endpoint, proxy and firewall", c);
      }
    }
    String msg = c.getMessage() == null ? "" : c.getMessage();
    if (msg.contains("Unable to verify integrity of data upload")) {
      return new MigrateException(ErrorKind.INTEGRITY_MISMATCH, what + " failed: the MD5 COS computed differs"
          + " from the MD5 of the bytes sent", c);
    }
    if (root instanceof IOException) {
      return new MigrateException(ErrorKind.TRANSIENT, what + " failed: " + root.getClass().getSimpleName()
          + (root.getMessage() == null ? "" : " (" + firstLine(root.getMessage()) + ")")
          + "; a network error, likely temporary", c);
    }
    return new MigrateException(ErrorKind.TRANSIENT, what + " failed in the COS client: " + firstLine(msg), c);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String l = nl < 0 ? s : s.substring(0, nl);
    int q = l.indexOf('?');
    // never echo a query string (it may be a presigned URL)
    if (q >= 0 && l.indexOf("http", 0) >= 0) {
      l = l.substring(0, q) + "?...";
    }
    return l.length() > 200 ? l.substring(0, 200) + "..." : l;
  }
}
