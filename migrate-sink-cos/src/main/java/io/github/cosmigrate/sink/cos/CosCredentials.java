package io.github.cosmigrate.sink.cos;

import java.util.Objects;
import java.util.Optional;

/**
 * One set of Tencent Cloud API credentials. {@link #toString()} shows only a masked SecretId, never the key or
 * the token.
 *
 * @param secretId the SecretId (AKID...)
 * @param secretKey the SecretKey
 * @param token the token of temporary (STS) credentials, sent as {@code x-cos-security-token}
 */
public record CosCredentials(String secretId, String secretKey, Optional<String> token) {

  public CosCredentials {
    Objects.requireNonNull(secretId, "secretId");
    Objects.requireNonNull(secretKey, "secretKey");
    Objects.requireNonNull(token, "token");
    if (secretId.isBlank() || secretKey.isBlank()) {
      throw new IllegalArgumentException("COS credentials need a non-blank SecretId and SecretKey");
    }
  }

  /** Permanent credentials. */
  public static CosCredentials of(String secretId, String secretKey) {
    return new CosCredentials(secretId, secretKey, Optional.empty());
  }

  /** Temporary credentials with a session token. */
  public static CosCredentials temporary(String secretId, String secretKey, String token) {
    return new CosCredentials(secretId, secretKey, Optional.of(token));
  }

  /** The SecretId with all but its first four characters masked. */
  public String maskedSecretId() {
    return secretId.length() <= 4 ? "****" : secretId.substring(0, 4) + "****";
  }

  @Override
  public String toString() {
    return "CosCredentials[secretId=" + maskedSecretId() + ", secretKey=****"
        + (token.isPresent() ? ", token=****" : "") + "]";
  }
}
