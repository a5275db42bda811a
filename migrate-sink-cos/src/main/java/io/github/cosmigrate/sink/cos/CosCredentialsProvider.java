package io.github.cosmigrate.sink.cos;

/**
 * Supplies credentials for each request. The sink asks for every request it signs, so a provider that
 * refreshes temporary credentials (STS) takes effect on the next request. Must be thread-safe and fast
 * (cache and refresh ahead of expiry); it must not return {@code null}.
 */
@FunctionalInterface
public interface CosCredentialsProvider {

  /** The credentials to sign the next request with. */
  CosCredentials credentials();

  /** A provider that always returns the same permanent credentials. */
  static CosCredentialsProvider of(String secretId, String secretKey) {
    return of(CosCredentials.of(secretId, secretKey));
  }

  /**
   * A provider that always returns {@code c} (permanent, or temporary credentials that outlive the run). Its
   * {@code toString()} shows them masked.
   */
  static CosCredentialsProvider of(CosCredentials c) {
    java.util.Objects.requireNonNull(c, "credentials");
    return new CosCredentialsProvider() {
      @Override
      public CosCredentials credentials() {
        return c;
      }

      @Override
      public String toString() {
        return "static " + c;
      }
    };
  }
}
