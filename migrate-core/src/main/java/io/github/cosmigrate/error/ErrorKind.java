package io.github.cosmigrate.error;

/**
 * What went wrong, as a property the engine can act on. Whether a failure is retried is decided by the
 * kind alone ({@link #retryable()}); whether it stops the whole run by {@link #fatalToRun()}.
 */
public enum ErrorKind {
  /** The service asked us to slow down (HTTP 503 SlowDown, 429). Retried after a delay; the engine also lowers concurrency. */
  THROTTLED(true, false),
  /** A timeout, a connection reset, a 5xx: likely to pass on its own. Retried with backoff. */
  TRANSIENT(true, false),
  /** The object (or part, or upload) does not exist. */
  NOT_FOUND(false, false),
  /** The credentials are not allowed to do this to this object. */
  ACCESS_DENIED(false, false),
  /** The source object changed while it was read (size, mtime or ETag differ). Retried: the next read may be stable. */
  SOURCE_CHANGED(true, false),
  /** Bytes received differ from bytes sent (CRC-64 or MD5 mismatch). Retried: the next transfer may be clean. */
  INTEGRITY_MISMATCH(true, false),
  /** The input can never succeed as given (a key longer than the sink allows, an object larger than the sink allows, an undecodable name). */
  INVALID_INPUT(false, false),
  /** A plugin lacks a capability the caller asked for. */
  UNSUPPORTED(false, false),
  /** The run cannot go on at all: bad credentials, missing bucket, a ledger locked by another process, a bad setting. */
  FATAL_CONFIGURATION(false, true);

  private final boolean retryable;
  private final boolean fatalToRun;

  ErrorKind(boolean retryable, boolean fatalToRun) {
    this.retryable = retryable;
    this.fatalToRun = fatalToRun;
  }

  /** True when trying the same operation again may succeed. */
  public boolean retryable() {
    return retryable;
  }

  /** True when the whole run must stop, because every other object would fail the same way. */
  public boolean fatalToRun() {
    return fatalToRun;
  }
}
