package io.github.cosmigrate.server;

import java.time.Duration;
import java.util.Objects;

/** A fault a {@link DialectProxy} injects instead of (or while) forwarding a request. Immutable. */
public final class Fault {
  /** The kinds of fault. */
  public enum Kind {
    /** Answer with a status and a COS-style XML error body, without forwarding. */
    STATUS,
    /** Close the client socket with SO_LINGER 0 (a TCP RST) after reading the request, without forwarding. */
    CONNECTION_RESET,
    /** Forward normally but drip the response body to the client slowly. */
    SLOW_BODY,
    /** Forward normally but answer with a wrong CRC-64 header. */
    CORRUPT_CRC,
    /**
     * Forward normally but answer without the CRC-64 header (and, for a COS copy, without the CRC64 element), as
     * an S3-compatible endpoint that does not compute CRC-64 does.
     */
    OMIT_CRC,
    /**
     * Reset the connection in the middle of a body: a request that carries a body has half of it read, then the
     * connection is reset without forwarding; any other request is forwarded and its response body is cut with a
     * reset after half of it (after the headers when it has none).
     */
    RESET_DURING_BODY,
    /** Forward, declare the response body's full length, send half of it, then close the connection. */
    TRUNCATE_BODY,
    /**
     * Answer 200 OK with an XML error body (Code {@link #errorCode()}) without forwarding, as S3 and COS may do
     * for a CompleteMultipartUpload that failed after the status line was sent.
     */
    OK_WITH_ERROR_BODY,
    /** Forward normally but answer without an {@code ETag} header. */
    OMIT_ETAG,
    /** Forward a listing (ListParts, ListObjects, ListMultipartUploads) but answer it with every entry removed. */
    EMPTY_LISTING,
    /**
     * Forward, but answer a 200 XML response (a listing, InitiateMultipartUpload, ListParts) with only the first
     * half of its body and a Content-Length that matches it: the answer is well framed but not well-formed XML.
     */
    MALFORMED_XML
  }

  private final Kind kind;
  private final int status;
  private final String errorCode;
  private final Duration perKiB;
  private final boolean retryAfter;

  private Fault(Kind kind, int status, String errorCode, Duration perKiB) {
    this(kind, status, errorCode, perKiB, status == 503);
  }

  private Fault(Kind kind, int status, String errorCode, Duration perKiB, boolean retryAfter) {
    this.kind = kind;
    this.status = status;
    this.errorCode = errorCode;
    this.perKiB = perKiB;
    this.retryAfter = retryAfter;
  }

  /** Answer with {@code code} and an XML error body carrying {@code errorCode} (Code, Message, RequestId). */
  public static Fault status(int code, String errorCode) {
    if (code < 400 || code > 599) {
      throw new IllegalArgumentException("fault status must be 4xx or 5xx, was " + code);
    }
    return new Fault(Kind.STATUS, code, Objects.requireNonNull(errorCode, "errorCode"), Duration.ZERO);
  }

  /** 503 SlowDown with {@code Retry-After: 1} (every 503 {@link #status} carries it). */
  public static Fault slowDown() {
    return status(503, "SlowDown");
  }

  /** 503 SlowDown without any {@code Retry-After} header. */
  public static Fault slowDownWithoutRetryAfter() {
    return new Fault(Kind.STATUS, 503, "SlowDown", Duration.ZERO, false);
  }

  /** 500 InternalError. */
  public static Fault internalError() {
    return status(500, "InternalError");
  }

  /** Read the request, then reset the connection. */
  public static Fault connectionReset() {
    return new Fault(Kind.CONNECTION_RESET, 0, "", Duration.ZERO);
  }

  /** Forward, then send the response body at one KiB per {@code perKiB}. */
  public static Fault slowBody(Duration perKiB) {
    if (perKiB.isNegative()) {
      throw new IllegalArgumentException("perKiB must not be negative, was " + perKiB);
    }
    return new Fault(Kind.SLOW_BODY, 0, "", perKiB);
  }

  /** Forward, but answer with a CRC-64 header that does not match the content. */
  public static Fault corruptCrc() {
    return new Fault(Kind.CORRUPT_CRC, 0, "", Duration.ZERO);
  }

  /** Forward, but answer without any CRC-64 (header or copy-result element). */
  public static Fault omitCrc() {
    return new Fault(Kind.OMIT_CRC, 0, "", Duration.ZERO);
  }

  /** See {@link Kind#RESET_DURING_BODY}. */
  public static Fault resetDuringBody() {
    return new Fault(Kind.RESET_DURING_BODY, 0, "", Duration.ZERO);
  }

  /** See {@link Kind#TRUNCATE_BODY}. */
  public static Fault truncateBody() {
    return new Fault(Kind.TRUNCATE_BODY, 0, "", Duration.ZERO);
  }

  /** See {@link Kind#OK_WITH_ERROR_BODY}: 200 OK carrying an {@code InternalError} error document. */
  public static Fault okWithErrorBody() {
    return new Fault(Kind.OK_WITH_ERROR_BODY, 200, "InternalError", Duration.ZERO, false);
  }

  /** See {@link Kind#OMIT_ETAG}. */
  public static Fault omitEtag() {
    return new Fault(Kind.OMIT_ETAG, 0, "", Duration.ZERO);
  }

  /** See {@link Kind#EMPTY_LISTING}. */
  public static Fault emptyListing() {
    return new Fault(Kind.EMPTY_LISTING, 0, "", Duration.ZERO);
  }

  /** See {@link Kind#MALFORMED_XML}. */
  public static Fault malformedXml() {
    return new Fault(Kind.MALFORMED_XML, 0, "", Duration.ZERO);
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status of a {@link Kind#STATUS} fault, else 0. */
  public int status() {
    return status;
  }

  /** Whether a {@link Kind#STATUS} 503 answer carries {@code Retry-After: 1}. */
  public boolean retryAfter() {
    return retryAfter;
  }

  /** The error code of a {@link Kind#STATUS} or {@link Kind#OK_WITH_ERROR_BODY} fault, else empty. */
  public String errorCode() {
    return errorCode;
  }

  /** The delay per KiB of a {@link Kind#SLOW_BODY} fault, else zero. */
  public Duration perKiB() {
    return perKiB;
  }

  @Override
  public String toString() {
    switch (kind) {
      case STATUS:
        return "Fault[" + status + " " + errorCode + (status == 503 && !retryAfter ? " no Retry-After" : "") + "]";
      case SLOW_BODY:
        return "Fault[slowBody " + perKiB + "/KiB]";
      default:
        return "Fault[" + kind + "]";
    }
  }
}
