package io.github.cosmigrate.internal.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.internal.retry.RetryPolicy.Action;
import io.github.cosmigrate.internal.retry.RetryPolicy.Decision;
import io.github.cosmigrate.internal.retry.RetryPolicy.Scope;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {
  /** Jitter fixed at the ceiling: delays are 100 ms, 200 ms, 400 ms, ... capped at 1 s. */
  final RetryPolicy policy = new RetryPolicy(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), b -> b), 3);

  @ParameterizedTest(name = "{0} {1} after attempt {2} (retry-after {3} ms) -> {4} {5} ms")
  @CsvSource({
      // scope, kind, attempts, retryAfterMs (-1 none), action, delayMs
      "OBJECT,  THROTTLED,           1, -1,   RETRY, 100",
      "OBJECT,  THROTTLED,           2, -1,   RETRY, 200",
      "OBJECT,  THROTTLED,           3, -1,   FAIL,  0",
      "OBJECT,  THROTTLED,           1, 700,  RETRY, 700",
      "OBJECT,  THROTTLED,           2, 50,   RETRY, 200",
      "OBJECT,  TRANSIENT,           1, -1,   RETRY, 100",
      "OBJECT,  TRANSIENT,           9, -1,   FAIL,  0",
      "OBJECT,  SOURCE_CHANGED,      1, -1,   RETRY, 100",
      "OBJECT,  INTEGRITY_MISMATCH,  2, -1,   RETRY, 200",
      "OBJECT,  INTEGRITY_MISMATCH,  3, -1,   FAIL,  0",
      "OBJECT,  NOT_FOUND,           1, -1,   FAIL,  0",
      "OBJECT,  ACCESS_DENIED,       1, -1,   FAIL,  0",
      "OBJECT,  INVALID_INPUT,       1, -1,   FAIL,  0",
      "OBJECT,  UNSUPPORTED,         1, -1,   FAIL,  0",
      "OBJECT,  FATAL_CONFIGURATION, 1, -1,   STOP,  0",
      "PART,    TRANSIENT,           2, -1,   RETRY, 200",
      "PART,    SOURCE_CHANGED,      1, -1,   FAIL,  0",
      "PART,    FATAL_CONFIGURATION, 1, -1,   STOP,  0",
      "LISTING, THROTTLED,           1, 300,  RETRY, 300",
      "LISTING, ACCESS_DENIED,       1, -1,   FAIL,  0",
      "LISTING, TRANSIENT,           3, -1,   FAIL,  0",
      "LEDGER,  TRANSIENT,           1, -1,   RETRY, 100",
      "LEDGER,  TRANSIENT,           3, -1,   STOP,  0",
      "LEDGER,  ACCESS_DENIED,       1, -1,   STOP,  0",
  })
  void theTable(Scope scope, ErrorKind kind, int attempts, long retryAfterMs, Action action, long delayMs) {
    Optional<Duration> after = retryAfterMs < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(retryAfterMs));

    Decision d = policy.decide(scope, kind, false, attempts, after, "why");

    assertThat(d.action()).isEqualTo(action);
    assertThat(d.delay()).isEqualTo(Duration.ofMillis(delayMs));
    assertThat(d.kind()).isEqualTo(kind);
    assertThat(d.reason()).isEqualTo("why");
  }

  @Test
  void aThrowableIsReadForItsKindRetryAfterAndReason() {
    IOException wrapped = new IOException("outer", new MigrateException(ErrorKind.THROTTLED, "503 SlowDown",
        Duration.ofMillis(900), null));

    Decision d = policy.decide(Scope.OBJECT, wrapped, 1);

    assertThat(d).isEqualTo(new Decision(Action.RETRY, Duration.ofMillis(900), ErrorKind.THROTTLED, "outer"));
  }

  @Test
  void aPlainIoErrorIsTransientAndAnUnnamedOneIsReportedByItsClass() {
    Decision d = policy.decide(Scope.OBJECT, new IOException(), 1);

    assertThat(d.action()).isEqualTo(Action.RETRY);
    assertThat(d.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(d.reason()).isEqualTo("IOException");
  }

  @Test
  void aJvmErrorStopsTheRunButAnAssertionErrorIsAnOrdinaryFailure() {
    assertThat(policy.decide(Scope.OBJECT, new OutOfMemoryError("heap"), 1).action()).isEqualTo(Action.STOP);
    assertThat(policy.decide(Scope.PART, new OutOfMemoryError("heap"), 1).action()).isEqualTo(Action.STOP);
    assertThat(policy.decide(Scope.OBJECT, new AssertionError("test hook"), 1).action()).isEqualTo(Action.RETRY);
  }

  @Test
  void jitterComesFromTheInjectedRandomSource() {
    RetryPolicy half = new RetryPolicy(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), b -> b / 2), 5);

    assertThat(half.decide(Scope.OBJECT, ErrorKind.TRANSIENT, false, 3, Optional.empty(), "x").delay())
        .isEqualTo(Duration.ofMillis(200));
  }
}
