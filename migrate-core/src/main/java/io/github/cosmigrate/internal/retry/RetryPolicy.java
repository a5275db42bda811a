package io.github.cosmigrate.internal.retry;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The one retry rule of the engine: given what failed, how many attempts were made and the delay the service
 * asked for, decide to retry after a delay, to fail the object (or part, or listing), or to stop the run.
 *
 * <p>Pure: no clock, no threads, no state; the only randomness is the backoff jitter of the injected
 * {@link Backoff}. Thread-safe.
 *
 * <table>
 *   <caption>The rule, in order</caption>
 *   <tr><th>case</th><th>decision</th></tr>
 *   <tr><td>kind {@linkplain ErrorKind#fatalToRun() fatal to the run}</td><td>STOP</td></tr>
 *   <tr><td>a JVM {@link Error} other than an {@link AssertionError}</td><td>STOP</td></tr>
 *   <tr><td>scope PART and kind SOURCE_CHANGED</td><td>FAIL (the whole object restarts)</td></tr>
 *   <tr><td>retryable kind and {@code attempts < maxAttempts}</td><td>RETRY after
 *       {@code backoff.delay(attempts, retryAfter)}</td></tr>
 *   <tr><td>otherwise, scope LEDGER</td><td>STOP (the run cannot go on without its ledger)</td></tr>
 *   <tr><td>otherwise</td><td>FAIL</td></tr>
 * </table>
 */
public final class RetryPolicy {
  /** What is being retried; the scopes differ only where the table says. */
  public enum Scope { OBJECT, PART, LISTING, LEDGER }

  /** What to do about a failure. */
  public enum Action { RETRY, FAIL, STOP }

  /**
   * A decision.
   *
   * @param action what to do
   * @param delay the delay before the retry (zero unless RETRY)
   * @param kind the error's kind
   * @param reason the error's message (or its class name), for reports
   */
  public record Decision(Action action, Duration delay, ErrorKind kind, String reason) {
    public Decision {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(delay, "delay");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(reason, "reason");
    }

    public boolean retry() {
      return action == Action.RETRY;
    }
  }

  private final Backoff backoff;
  private final int maxAttempts;

  public RetryPolicy(Backoff backoff, int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.maxAttempts = maxAttempts;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  /** The decision after attempt number {@code attempts} (1-based) failed with {@code error}. */
  public Decision decide(Scope scope, Throwable error, int attempts) {
    boolean jvmError = error instanceof Error && !(error instanceof AssertionError);
    return decide(scope, MigrateException.kindOf(error), jvmError, attempts, retryAfter(error), reason(error));
  }

  /** The rule itself, on plain values (see the class documentation). */
  public Decision decide(Scope scope, ErrorKind kind, boolean jvmError, int attempts, Optional<Duration> retryAfter,
      String reason) {
    if (kind.fatalToRun() || jvmError) {
      return new Decision(Action.STOP, Duration.ZERO, kind, reason);
    }
    boolean retryable = kind.retryable() && !(scope == Scope.PART && kind == ErrorKind.SOURCE_CHANGED);
    if (retryable && attempts < maxAttempts) {
      return new Decision(Action.RETRY, backoff.delay(Math.max(1, attempts), retryAfter), kind, reason);
    }
    return new Decision(scope == Scope.LEDGER ? Action.STOP : Action.FAIL, Duration.ZERO, kind, reason);
  }

  /** The delay the service asked for: the first {@link MigrateException} in the cause chain's. */
  public static Optional<Duration> retryAfter(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof MigrateException m) {
        return m.retryAfter();
      }
    }
    return Optional.empty();
  }

  /** A throwable's message, or its simple class name when it has none. */
  public static String reason(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
