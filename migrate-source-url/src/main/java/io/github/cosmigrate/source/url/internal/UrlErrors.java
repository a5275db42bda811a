package io.github.cosmigrate.source.url.internal;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * The one mapping of HTTP statuses and client failures to {@link MigrateException}s. Messages start with what was
 * read (its redacted URL and list line) and never contain a query string, user info or any text of a client
 * exception that could carry a URL: the cause attached is stripped of its message too.
 */
public final class UrlErrors {
  private static final Pattern QUERY = Pattern.compile("\\?[^\\s\"'<>]*");
  private static final Pattern USERINFO = Pattern.compile("//[^/\\s@]*@");

  private UrlErrors() {}

  /** The error for an HTTP status that is not a success (nor a redirect). */
  public static MigrateException status(int status, HttpHeaders headers, String what) {
    String reason = what + ": HTTP " + status;
    return switch (status) {
      case 404, 410 -> new MigrateException(ErrorKind.NOT_FOUND, reason + " (not found)");
      case 401, 403 -> new MigrateException(ErrorKind.ACCESS_DENIED, reason + " (access denied); check that the URL "
          + "is public, or that its signature is valid and not expired");
      case 412 -> new MigrateException(ErrorKind.SOURCE_CHANGED, reason + "; the object changed since it was listed");
      case 416 -> new MigrateException(ErrorKind.SOURCE_CHANGED, reason + " (range not satisfiable); the object "
          + "is shorter than when it was listed");
      case 429, 503 -> new MigrateException(ErrorKind.THROTTLED, reason + "; the server asked to slow down",
          retryAfter(headers).orElse(null), null);
      default -> {
        if (status == 408 || status >= 500) {
          yield new MigrateException(ErrorKind.TRANSIENT, reason, retryAfter(headers).orElse(null), null);
        }
        yield new MigrateException(ErrorKind.INVALID_INPUT, reason + " (the server refused the request)");
      }
    };
  }

  /** The error for a request that failed without a status (refused, timed out, reset, TLS). */
  public static IOException failure(Throwable t, String what, Duration connectTimeout, Duration readTimeout) {
    Throwable e = unwrap(t);
    if (e instanceof MigrateException m) {
      return m;
    }
    if (e instanceof InterruptedIOException && !(e instanceof HttpTimeoutException)
        && !(e instanceof java.net.SocketTimeoutException)) {
      return (IOException) e;
    }
    if (e instanceof CancellationException || e instanceof InterruptedException) {
      InterruptedIOException ie = new InterruptedIOException("interrupted while reading " + what);
      return ie;
    }
    String reason;
    ErrorKind kind = ErrorKind.TRANSIENT;
    if (e instanceof HttpConnectTimeoutException) {
      reason = "no connection within " + connectTimeout.toMillis() + " ms (connect-timeout)";
    } else if (e instanceof HttpTimeoutException) {
      reason = "no response within " + readTimeout.toMillis() + " ms (read-timeout)";
    } else if (has(e, UnresolvedAddressException.class) || has(e, UnknownHostException.class)) {
      reason = "the host name does not resolve";
    } else if (e instanceof ConnectException) {
      reason = "cannot connect (connection refused or unreachable)";
    } else if (e instanceof SSLException) {
      kind = ErrorKind.INVALID_INPUT;
      reason = "TLS failed (" + safe(e.getMessage()) + "); check the server's certificate";
    } else {
      reason = "request failed (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
          + safe(e.getMessage())) + ")";
    }
    return new MigrateException(kind, what + ": " + reason, stripped(e));
  }

  /** The error for a body that failed while it was read. */
  static IOException bodyFailure(Throwable t, String what, long bytesRead) {
    Throwable e = unwrap(t);
    if (e instanceof MigrateException m) {
      return m;
    }
    return new MigrateException(ErrorKind.TRANSIENT, what + ": the body failed after " + bytesRead + " bytes ("
        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + safe(e.getMessage())) + ")",
        stripped(e));
  }

  /** The cause behind the future's and the client's wrappers. */
  public static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof IOException && !(e instanceof HttpTimeoutException) && e.getCause() instanceof ConnectException
        && e.getClass() == IOException.class) {
      return e.getCause();
    }
    return e;
  }

  private static boolean has(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A cause to attach that says what happened (its type) without any message that could contain a URL or query.
   */
  private static Throwable stripped(Throwable e) {
    IOException s = new IOException(e.getClass().getName());
    s.setStackTrace(e.getStackTrace());
    return s;
  }

  /** {@code s} without query strings or user info. */
  public static String safe(String s) {
    if (s == null) {
      return "";
    }
    return USERINFO.matcher(QUERY.matcher(s).replaceAll(SafeUrl.QUERY_REMOVED)).replaceAll("//…@");
  }

  /** Retry-After as seconds or an HTTP date. */
  static Optional<Duration> retryAfter(HttpHeaders headers) {
    Optional<String> v = headers == null ? Optional.empty() : headers.firstValue("retry-after");
    if (v.isEmpty()) {
      return Optional.empty();
    }
    String s = v.get().trim();
    try {
      long secs = Long.parseLong(s);
      return secs >= 0 ? Optional.of(Duration.ofSeconds(secs)) : Optional.empty();
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(Instant.now(), at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }
}
