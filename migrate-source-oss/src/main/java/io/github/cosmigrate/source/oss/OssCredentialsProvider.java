package io.github.cosmigrate.source.oss;

/**
 * Supplies credentials for each request. The source asks for every request it signs, so a provider that
 * refreshes temporary (STS) credentials takes effect on the next request. Must be thread-safe and fast (cache and
 * refresh ahead of expiry); it must not return {@code null}.
 */
@FunctionalInterface
public interface OssCredentialsProvider {

  /** The credentials to sign the next request with. */
  OssCredentials credentials();

  /** A provider that always returns {@code credentials}. */
  static OssCredentialsProvider of(OssCredentials credentials) {
    java.util.Objects.requireNonNull(credentials, "credentials");
    return new OssCredentialsProvider() {
      @Override
      public OssCredentials credentials() {
        return credentials;
      }

      @Override
      public String toString() {
        return "static " + credentials;
      }
    };
  }
}
