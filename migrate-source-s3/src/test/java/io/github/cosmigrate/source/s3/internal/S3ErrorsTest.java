package io.github.cosmigrate.source.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class S3ErrorsTest {
  @Test
  void safeDropsQueryStringsAndSigningParameters() {
    String raw = "GET http://127.0.0.1:9/b/k?X-Amz-Signature=abc123&X-Amz-Credential=AKIA/x failed; "
        + "Authorization: AWS4-HMAC-SHA256 Credential=AKIA/20260101, Signature=deadbeef";
    String safe = S3Errors.safe(raw);
    assertThat(safe).doesNotContain("abc123", "deadbeef", "AKIA/", "X-Amz-Credential").contains("/b/k", "failed");
  }
}
