package io.github.cosmigrate.error;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The one error type of the SPIs. Plugins translate their SDK's errors into it, with a {@link ErrorKind}
 * and a message that names the key, bucket or setting involved and says what to check. Messages never
 * contain secrets, signatures or query strings.
 *
 * <p>Plain {@link IOException}s thrown by a plugin are treated by the engine as {@link ErrorKind#TRANSIENT}.
 */
public class MigrateException extends IOException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;
  private final transient Optional<Duration> retryAfter;

  public MigrateException(ErrorKind kind, String message) {
    this(kind, message, null, null);
  }

  public MigrateException(ErrorKind kind, String message, Throwable cause) {
    this(kind, message, null, cause);
  }

  public MigrateException(ErrorKind kind, String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.retryAfter = Optional.ofNullable(retryAfter);
  }

  public ErrorKind kind() {
    return kind;
  }

  public boolean retryable() {
    return kind.retryable();
  }

  /** The delay the service asked for (Retry-After), if it said. */
  public Optional<Duration> retryAfter() {
    return retryAfter == null ? Optional.empty() : retryAfter;
  }

  /** The kind of any throwable: a {@link MigrateException}'s own, {@link ErrorKind#TRANSIENT} for other I/O errors. */
  public static ErrorKind kindOf(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof MigrateException m) {
        return m.kind();
      }
    }
    return ErrorKind.TRANSIENT;
  }
}
