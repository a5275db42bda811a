package io.github.cosmigrate.source.oss;

import java.util.Objects;
import java.util.Optional;

/**
 * One set of Aliyun credentials. {@link #toString()} shows only a masked AccessKey ID, never the secret or the
 * token.
 *
 * @param accessKeyId the AccessKey ID (LTAI...)
 * @param accessKeySecret the AccessKey secret
 * @param securityToken the token of temporary (STS) credentials, sent as {@code x-oss-security-token}
 */
public record OssCredentials(String accessKeyId, String accessKeySecret, Optional<String> securityToken) {

  public OssCredentials {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(accessKeySecret, "accessKeySecret");
    Objects.requireNonNull(securityToken, "securityToken");
    if (accessKeyId.isBlank() || accessKeySecret.isBlank()) {
      throw new IllegalArgumentException("OSS credentials need a non-blank AccessKey ID and AccessKey secret");
    }
    if (securityToken.isPresent() && securityToken.get().isBlank()) {
      throw new IllegalArgumentException("an OSS security token, when given, must not be blank");
    }
  }

  /** Permanent credentials. */
  public static OssCredentials of(String accessKeyId, String accessKeySecret) {
    return new OssCredentials(accessKeyId, accessKeySecret, Optional.empty());
  }

  /** Temporary (STS) credentials with a security token. */
  public static OssCredentials temporary(String accessKeyId, String accessKeySecret, String securityToken) {
    return new OssCredentials(accessKeyId, accessKeySecret, Optional.of(securityToken));
  }

  /** The AccessKey ID with all but its first four characters masked. */
  public String maskedAccessKeyId() {
    return accessKeyId.length() <= 4 ? "****" : accessKeyId.substring(0, 4) + "****";
  }

  @Override
  public String toString() {
    return "OssCredentials[accessKeyId=" + maskedAccessKeyId() + ", accessKeySecret=****"
        + (securityToken.isPresent() ? ", securityToken=****" : "") + "]";
  }
}
