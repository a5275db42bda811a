package io.github.cosmigrate.source.oss.internal;

import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSSException;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.http.conn.ConnectTimeoutException;

/**
 * The one place where OSS SDK exceptions become {@link ErrorKind}s, with messages that say what to check.
 *
 * <p>Messages are built from the operation, bucket, key, OSS error code, HTTP status and request id only. The
 * SDK's own exception text is never used: an {@link OSSException}'s message carries the raw error response,
 * which for {@code SignatureDoesNotMatch} holds the signature and the string to sign (with any STS token), so
 * such an exception is never kept as a cause either. A network error keeps its root {@link IOException} (which
 * names a host and port at most) as the cause.
 */
public final class OssErrors {
  /** What the request was: listing the bucket (where credential and bucket errors are fatal) or an object. */
  public enum Scope {
    LISTING,
    OBJECT
  }

  private static final Pattern NO_BODY_STATUS = Pattern.compile("http status code (\\d{3})");

  private OssErrors() {}

  /**
   * The exception to throw for {@code e}, raised while doing {@code op} on {@code key} (may be null) in
   * {@code location} ({@code oss://bucket}).
   */
  public static IOException map(RuntimeException e, Scope scope, String op, String location, String key) {
    String what = op + (key == null ? "" : " '" + key + "'") + " in " + location;
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof MigrateException m) {
        return new MigrateException(m.kind(), m.getMessage(), m.retryAfter().orElse(null), m);
      }
      if ((c instanceof InterruptedIOException && !(c instanceof SocketTimeoutException)
          && !(c instanceof ConnectTimeoutException))
          || c instanceof InterruptedException || c instanceof ClosedByInterruptException) {
        return interrupted(what);
      }
    }
    if (e instanceof OSSException s) {
      return service(s.getErrorCode(), statusOf(s), s.getRequestId(), scope, what, location);
    }
    if (Thread.currentThread().isInterrupted()) {
      return interrupted(what);
    }
    if (e instanceof ClientException c) {
      return client(c, what);
    }
    if (e instanceof IllegalArgumentException) {
      return new MigrateException(ErrorKind.INVALID_INPUT, what + " was rejected by the OSS client before"
          + " sending (" + e.getClass().getSimpleName() + ")");
    }
    return new MigrateException(ErrorKind.TRANSIENT, what + " failed: " + e.getClass().getSimpleName());
  }

  /**
   * Throws {@link InterruptedIOException} (the flag stays set) when the calling thread is interrupted: the SDK's
   * blocking sockets do not notice an interrupt, so every request and every body read checks first.
   */
  public static void checkInterrupt(String what) throws InterruptedIOException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedIOException(what + " was interrupted");
    }
  }

  /** An I/O error while reading a body the SDK returned. */
  public static IOException read(IOException e, String what) {
    if (e instanceof MigrateException || e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
      return e;
    }
    if (Thread.currentThread().isInterrupted()) {
      return interrupted(what);
    }
    return new MigrateException(ErrorKind.TRANSIENT, what + " failed while reading the body: "
        + e.getClass().getSimpleName() + "; a network error, likely temporary", e);
  }

  /** The HTTP status an {@link OSSException} stands for; 0 when only its code can tell. */
  static int statusOf(OSSException s) {
    String code = s.getErrorCode() == null ? "" : s.getErrorCode();
    String m = s.getErrorMessage() == null ? "" : s.getErrorMessage();
    Matcher matcher = NO_BODY_STATUS.matcher(m);
    if (code.equals("Unknown") && matcher.find()) {
      return Integer.parseInt(matcher.group(1)); // a bodiless response: the SDK names only the status
    }
    return switch (code) {
      case "AccessDenied", "AccessForbidden", "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidObjectState",
          "RequestTimeTooSkewed", "SecurityTokenExpired", "InvalidSecurityToken" -> 403;
      case "NoSuchKey", "NoSuchBucket", "NoSuchVersion" -> 404;
      case "PreconditionFailed" -> 412;
      case "InvalidRange" -> 416;
      case "TooManyRequests" -> 429;
      case "InternalError" -> 500;
      case "ServiceUnavailable", "SlowDown", "QpsLimitExceeded", "RequestRateLimited",
          "DownloadTrafficRateLimitExceeded", "UploadTrafficRateLimitExceeded" -> 503;
      default -> 0;
    };
  }

  static IOException service(String errorCode, int status, String requestId, Scope scope, String what,
      String location) {
    String code = errorCode == null ? "" : errorCode;
    String detail = " (" + (status > 0 ? "HTTP " + status : "") + (status > 0 && !code.isEmpty() ? ", " : "")
        + code + (requestId == null || requestId.isEmpty() ? "" : ", request id " + requestId) + ")";
    String base = what + " failed" + detail;
    if (scope == Scope.LISTING) {
      switch (code) {
        case "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidSecurityToken", "SecurityTokenExpired",
            "RequestTimeTooSkewed":
          return new MigrateException(ErrorKind.FATAL_CONFIGURATION, base + ": OSS rejected the credentials for"
              + " source bucket " + location + ". Check the AccessKey ID and secret (and the STS security token of"
              + " temporary credentials), that they belong to the bucket's account, and the machine clock");
        case "NoSuchBucket":
          return new MigrateException(ErrorKind.FATAL_CONFIGURATION, base + ": source bucket " + location
              + " does not exist. Check the bucket name and that the endpoint is the bucket's region (e.g."
              + " oss-cn-hangzhou.aliyuncs.com)");
        default:
          if (status == 403) {
            return new MigrateException(ErrorKind.FATAL_CONFIGURATION, base + ": access to source bucket "
                + location + " is denied. Check that the RAM policy of these credentials allows oss:ListObjects"
                + " and oss:GetObject on the bucket and prefix, and that the endpoint is the bucket's region");
          }
          break;
      }
    }
    switch (code) {
      case "InvalidObjectState":
        return new MigrateException(ErrorKind.INVALID_INPUT, base + ": " + Archive.RESTORE_FIRST);
      case "SecurityTokenExpired":
        // the provider is asked again on the next request: a refreshing provider heals this on a retry
        return new MigrateException(ErrorKind.TRANSIENT, base + ": the temporary credentials expired. Check that"
            + " the credentials provider refreshes them before they expire");
      case "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidSecurityToken", "RequestTimeTooSkewed":
        // as the S3 source: the listing (signed with the same credentials) decides whether they are wrong for
        // the whole run; a read refused afterwards fails that object only
        return new MigrateException(ErrorKind.ACCESS_DENIED, base + ": OSS rejected the credentials for this"
            + " request to source bucket " + location + ". Check the AccessKey ID and secret (and the STS token),"
            + " and the machine clock");
      case "NoSuchBucket":
        return new MigrateException(ErrorKind.FATAL_CONFIGURATION, base + ": source bucket " + location
            + " does not exist. Check the bucket name and the endpoint's region");
      default:
        break;
    }
    if (status == 412 || status == 416) {
      return new MigrateException(ErrorKind.SOURCE_CHANGED, base + ": the object is no longer the listed version"
          + " (its ETag or size changed since it was listed)");
    }
    if (status == 429 || status == 503) {
      return new MigrateException(ErrorKind.THROTTLED, base + ": OSS asks to slow down");
    }
    if (status == 403) {
      return new MigrateException(ErrorKind.ACCESS_DENIED, base + ": access denied. Check that the RAM policy of"
          + " these credentials allows oss:GetObject on this key (and KMS decryption for SSE-KMS objects)");
    }
    if (status == 404) {
      return new MigrateException(ErrorKind.NOT_FOUND, base + ": no such object");
    }
    if (status >= 500 || status == 408) {
      return new MigrateException(ErrorKind.TRANSIENT, base + ": a server-side error, likely temporary");
    }
    if (status == 400) {
      return new MigrateException(ErrorKind.INVALID_INPUT, base + ": OSS rejected the request as given");
    }
    return new MigrateException(ErrorKind.TRANSIENT, base);
  }

  private static IOException client(ClientException c, String what) {
    Throwable root = c;
    for (Throwable t = c; t != null; t = t.getCause()) {
      root = t;
      if (t instanceof SocketTimeoutException || t instanceof ConnectTimeoutException) {
        return new MigrateException(ErrorKind.TRANSIENT, what + " timed out (" + t.getClass().getSimpleName()
            + "); check the network path to OSS or raise socketTimeout", t);
      }
      if (t instanceof UnknownHostException) {
        return new MigrateException(ErrorKind.TRANSIENT, what + " failed: the OSS host name does not resolve;"
            + " check the endpoint setting and DNS", t);
      }
      if (t instanceof ConnectException) {
        return new MigrateException(ErrorKind.TRANSIENT, what + " failed: could not connect to OSS; check the"
            + " endpoint, proxy and firewall", t);
      }
    }
    if (root instanceof IOException io) {
      return new MigrateException(ErrorKind.TRANSIENT, what + " failed: " + root.getClass().getSimpleName()
          + "; a network error, likely temporary", io);
    }
    String code = c.getErrorCode() == null ? "" : " (" + c.getErrorCode().toLowerCase(Locale.ROOT) + ")";
    return new MigrateException(ErrorKind.TRANSIENT, what + " failed in the OSS client" + code);
  }

  private static IOException interrupted(String what) {
    Thread.currentThread().interrupt();
    return new InterruptedIOException(what + " was interrupted");
  }
}
