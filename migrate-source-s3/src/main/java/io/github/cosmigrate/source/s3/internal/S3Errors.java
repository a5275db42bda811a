package io.github.cosmigrate.source.s3.internal;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one mapping of AWS SDK errors to {@link MigrateException}s. Messages name the bucket and key and say what to
 * check; they carry the status, the S3 error code and its message, never a signature, a secret or a query string.
 */
public final class S3Errors {
  /** What was being done, which decides how a 403 or a missing bucket is read. */
  public enum Op {
    /** Listing the bucket: access and missing-bucket errors stop the run. */
    LIST,
    /** HEAD, GET or ranged GET of one object. */
    OBJECT
  }

  private static final Pattern QUERY = Pattern.compile("\\?[^\\s\"'<>]*");
  private static final Pattern SIGNATURE = Pattern.compile("(?i)(signature|credential|x-amz-security-token)=[^\\s,&]*");

  private S3Errors() {}

  /**
   * The exception to throw for {@code e}, which happened while doing {@code op} on {@code what}
   * ({@code "S3 bucket 'b'"} or {@code "S3 object s3://b/k"}).
   *
   * @return a {@link MigrateException}, or an {@link InterruptedIOException} (with the interrupt flag set again)
   *     when the thread was interrupted
   */
  public static IOException map(SdkException e, Op op, String bucket, String what) {
    if (interrupted(e)) {
      Thread.currentThread().interrupt();
      InterruptedIOException ie = new InterruptedIOException("interrupted while reading " + what);
      ie.initCause(e);
      return ie;
    }
    if (!(e instanceof AwsServiceException s)) {
      return new MigrateException(ErrorKind.TRANSIENT, what + ": " + clientReason(e), e);
    }
    int status = s.statusCode();
    AwsErrorDetails d = s.awsErrorDetails();
    String code = d == null || d.errorCode() == null ? "" : d.errorCode();
    String reason = what + ": HTTP " + status + (code.isEmpty() ? "" : " " + code)
        + (d == null || d.errorMessage() == null ? "" : " (" + safe(d.errorMessage()) + ")");
    if (status == 429 || status == 503 || code.equals("SlowDown") || code.equals("Throttling")) {
      return new MigrateException(ErrorKind.THROTTLED, reason + "; the store asked to slow down",
          retryAfter(s).orElse(null), e);
    }
    if (status == 412 || status == 416) {
      return new MigrateException(ErrorKind.SOURCE_CHANGED, reason + "; the object changed since it was listed",
          e);
    }
    if (status >= 500 || status == 408 || code.equals("RequestTimeout")) {
      return new MigrateException(ErrorKind.TRANSIENT, reason, e);
    }
    if (op == Op.LIST && (status == 401 || status == 403 || code.equals("NoSuchBucket") || status == 404
        || status == 301 || status == 400)) {
      return new MigrateException(ErrorKind.FATAL_CONFIGURATION, "S3 source bucket '" + bucket
          + "' cannot be listed: HTTP " + status + (code.isEmpty() ? "" : " " + code)
          + "; check that the bucket exists, the credentials (access key and secret), the region and endpoint, "
          + "and that the bucket policy allows s3:ListBucket and s3:GetObject", e);
    }
    if (code.equals("InvalidObjectState")) {
      return new MigrateException(ErrorKind.INVALID_INPUT, reason + "; " + Archive.RESTORE_ADVICE, e);
    }
    if (status == 404) {
      return new MigrateException(ErrorKind.NOT_FOUND, reason, e);
    }
    if (status == 401 || status == 403) {
      return new MigrateException(ErrorKind.ACCESS_DENIED, reason
          + "; check that the credentials may s3:GetObject it (bucket policy, object ACL, KMS key policy)", e);
    }
    return new MigrateException(ErrorKind.INVALID_INPUT, reason, e);
  }

  private static boolean interrupted(Throwable e) {
    if (Thread.currentThread().isInterrupted()) {
      return true;
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof InterruptedException || c instanceof AbortedException
          || (c instanceof InterruptedIOException && !(c instanceof java.net.SocketTimeoutException))) {
        return true;
      }
    }
    return false;
  }

  private static Optional<Duration> retryAfter(AwsServiceException s) {
    if (s.awsErrorDetails() == null || s.awsErrorDetails().sdkHttpResponse() == null) {
      return Optional.empty();
    }
    return s.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After").flatMap(v -> {
      try {
        long secs = Long.parseLong(v.trim());
        return secs >= 0 ? Optional.of(Duration.ofSeconds(secs)) : Optional.empty();
      } catch (NumberFormatException nfe) {
        return Optional.empty();
      }
    });
  }

  /** The root cause of a client-side failure (timeout, reset, refused connection), without URLs' queries. */
  private static String clientReason(SdkException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage() == null ? "" : ": " + safe(root.getMessage());
    String name = root.getClass().getSimpleName();
    String kind = name.toLowerCase(Locale.ROOT).contains("timeout") ? "timed out" : "request failed";
    return kind + " (" + name + m + ")";
  }

  /** {@code s} without query strings or signing parameters. */
  public static String safe(String s) {
    return SIGNATURE.matcher(QUERY.matcher(s).replaceAll("?…")).replaceAll("$1=…");
  }
}
