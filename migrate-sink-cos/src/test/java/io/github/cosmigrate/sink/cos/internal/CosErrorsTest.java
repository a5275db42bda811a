package io.github.cosmigrate.sink.cos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.qcloud.cos.exception.AbortedException;
import com.qcloud.cos.exception.CosClientException;
import com.qcloud.cos.exception.CosServiceException;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mapping table, without a server (the fault test covers the same paths end to end for the common codes). */
class CosErrorsTest {

  private static CosServiceException service(int status, String code) {
    CosServiceException e = new CosServiceException("service said no");
    e.setStatusCode(status);
    e.setErrorCode(code);
    e.setRequestId("req-1");
    return e;
  }

  @ParameterizedTest
  @CsvSource({
      "503, SlowDown, THROTTLED", "429, TooManyRequests, THROTTLED", "503, ServiceUnavailable, THROTTLED",
      "500, InternalError, TRANSIENT", "502, BadGateway, TRANSIENT", "408, RequestTimeout, TRANSIENT",
      "403, AccessDenied, ACCESS_DENIED", "403, InvalidAccessKeyId, FATAL_CONFIGURATION",
      "403, SignatureDoesNotMatch, FATAL_CONFIGURATION", "400, ExpiredToken, TRANSIENT", "403, InvalidToken, FATAL_CONFIGURATION",
      "404, NoSuchBucket, FATAL_CONFIGURATION", "404, NoSuchKey, NOT_FOUND", "404, NoSuchUpload, NOT_FOUND",
      "400, InvalidArgument, INVALID_INPUT", "400, KeyTooLong, INVALID_INPUT", "400, EntityTooLarge, INVALID_INPUT",
      "400, EntityTooSmall, INVALID_INPUT", "400, BadDigest, INTEGRITY_MISMATCH", "403, '', ACCESS_DENIED",
      "404, '404 Not Found', NOT_FOUND"})
  void serviceErrors(int status, String code, ErrorKind kind) {
    IOException e = CosErrors.map(service(status, code), "put", "cos:ap-guangzhou/b-1250000000", "k");
    assertThat(e).isInstanceOf(MigrateException.class);
    assertThat(((MigrateException) e).kind()).isEqualTo(kind);
    assertThat(e.getMessage()).contains("put 'k' in cos:ap-guangzhou/b-1250000000").contains(String.valueOf(status))
        .contains("req-1");
  }

  @Test
  void clientErrors() {
    assertThat(kind(new CosClientException("x", new SocketTimeoutException("Read timed out"))))
        .isEqualTo(ErrorKind.TRANSIENT);
    assertThat(kind(new CosClientException("x", new UnknownHostException("b.cos.x.myqcloud.com"))))
        .isEqualTo(ErrorKind.TRANSIENT);
    assertThat(kind(new CosClientException("Connection reset", new SocketException("Connection reset"))))
        .isEqualTo(ErrorKind.TRANSIENT);
    assertThat(kind(new CosClientException("Unable to verify integrity of data upload. Client calculated ...")))
        .isEqualTo(ErrorKind.INTEGRITY_MISMATCH);
    assertThat(kind(new IllegalArgumentException("The key you specified is invalid")))
        .isEqualTo(ErrorKind.INVALID_INPUT);
    MigrateException ours = new MigrateException(ErrorKind.SOURCE_CHANGED, "body ended");
    assertThat(kind(new CosClientException("wrapped", new RuntimeException(ours)))).isEqualTo(ErrorKind.SOURCE_CHANGED);
  }

  @Test
  void interruptionBecomesInterruptedIoExceptionWithTheFlagSet() {
    try {
      assertThat(CosErrors.map(new AbortedException(), "put", "cos:r/b-1250000000", "k"))
          .isInstanceOf(InterruptedIOException.class);
      assertThat(Thread.interrupted()).isTrue();
      // a socket timeout is an InterruptedIOException too, but not an interrupt
      assertThat(CosErrors.map(new CosClientException("t", new SocketTimeoutException()), "put", "l", "k"))
          .isNotInstanceOf(InterruptedIOException.class);
      assertThat(Thread.interrupted()).isFalse();
    } finally {
      Thread.interrupted();
    }
  }

  private static ErrorKind kind(RuntimeException e) {
    IOException m = CosErrors.map(e, "op", "cos:r/b-1250000000", "k");
    assertThat(m).isInstanceOf(MigrateException.class);
    return ((MigrateException) m).kind();
  }
}
