package io.github.cosmigrate.source.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Settings of an {@link S3Source}. Build with {@link #builder(String)}.
 *
 * @param bucket the source bucket (required)
 * @param prefix a literal key prefix: only keys starting with it are listed, and keys are reported relative to it
 *     ({@code "photos/"} lists {@code photos/a.jpg} as {@code a.jpg}); empty for the whole bucket
 * @param region the bucket's region; when empty, {@code us-east-1} with cross-region access on AWS, which follows
 *     the bucket's real region
 * @param endpoint an endpoint override for an S3-compatible store ({@code http://127.0.0.1:9000}); empty for AWS.
 *     With an override, request and response checksums are only computed when an operation requires them, since
 *     many S3-compatible stores do not support the SDK's default checksums
 * @param pathStyle address the bucket in the path ({@code host/bucket/key}) instead of the host name
 *     ({@code bucket.host/key})
 * @param credentials the caller's credentials, or empty for the SDK's default chain (environment, system
 *     properties, profile, container and instance roles)
 * @param pageSize keys per listing request, 1 to 1000 (default 1000)
 * @param maxConnections the HTTP connection pool size (default 64); size it to the engine's concurrency
 * @param connectTimeout TCP connect timeout (default 10 s)
 * @param socketTimeout the longest wait for data on an open connection (default 60 s)
 * @param sdkMaxAttempts attempts per request inside the SDK, 1 to 10 (default 2): kept small because the engine
 *     retries whole operations with its own backoff
 */
public record S3SourceConfig(
    String bucket,
    String prefix,
    Optional<String> region,
    Optional<URI> endpoint,
    boolean pathStyle,
    Optional<AwsCredentialsProvider> credentials,
    int pageSize,
    int maxConnections,
    Duration connectTimeout,
    Duration socketTimeout,
    int sdkMaxAttempts) {

  public static final int DEFAULT_PAGE_SIZE = 1000;
  public static final int DEFAULT_MAX_CONNECTIONS = 64;

  public S3SourceConfig {
    Objects.requireNonNull(bucket, "bucket");
    if (bucket.isBlank() || bucket.contains("/")) {
      throw new IllegalArgumentException("S3 source bucket must be a bucket name without '/', was '" + bucket + "'");
    }
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.startsWith("/")) {
      throw new IllegalArgumentException("S3 source prefix must not start with '/', was '" + prefix + "'");
    }
    region = Objects.requireNonNull(region, "region").filter(r -> !r.isBlank());
    Objects.requireNonNull(endpoint, "endpoint");
    endpoint.ifPresent(e -> {
      if (e.getScheme() == null || e.getHost() == null || e.getRawQuery() != null || e.getRawUserInfo() != null) {
        throw new IllegalArgumentException("S3 source endpoint must be scheme://host[:port] without user info or "
            + "query, was '" + e.getScheme() + "://" + e.getHost() + "'");
      }
    });
    Objects.requireNonNull(credentials, "credentials");
    if (pageSize < 1 || pageSize > 1000) {
      throw new IllegalArgumentException("S3 source pageSize must be 1..1000, was " + pageSize);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("S3 source maxConnections must be >= 1, was " + maxConnections);
    }
    positive(connectTimeout, "connectTimeout");
    positive(socketTimeout, "socketTimeout");
    if (sdkMaxAttempts < 1 || sdkMaxAttempts > 10) {
      throw new IllegalArgumentException("S3 source sdkMaxAttempts must be 1..10, was " + sdkMaxAttempts);
    }
  }

  private static void positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("S3 source " + what + " must be > 0, was " + d);
    }
  }

  /** A builder with defaults: whole bucket, AWS endpoint, virtual-host style, default credentials chain. */
  public static Builder builder(String bucket) {
    return new Builder(bucket);
  }

  /** Names the settings but never the credentials. */
  @Override
  public String toString() {
    return "S3SourceConfig[bucket=" + bucket + ", prefix=" + prefix + ", region=" + region.orElse("(default)")
        + ", endpoint=" + endpoint.map(URI::toString).orElse("(AWS)") + ", pathStyle=" + pathStyle
        + ", credentials=" + (credentials.isPresent() ? "(given)" : "(default chain)") + ", pageSize=" + pageSize
        + ", maxConnections=" + maxConnections + ", connectTimeout=" + connectTimeout + ", socketTimeout="
        + socketTimeout + ", sdkMaxAttempts=" + sdkMaxAttempts + "]";
  }

  /** Builder of {@link S3SourceConfig}. Not thread-safe. */
  public static final class Builder {
    private String bucket;
    private String prefix = "";
    private String region;
    private URI endpoint;
    private boolean pathStyle;
    private AwsCredentialsProvider credentials;
    private int pageSize = DEFAULT_PAGE_SIZE;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration socketTimeout = Duration.ofSeconds(60);
    private int sdkMaxAttempts = 2;

    private Builder(String bucket) {
      this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    public Builder bucket(String v) { bucket = v; return this; }
    public Builder prefix(String v) { prefix = v; return this; }
    public Builder region(String v) { region = v; return this; }
    public Builder endpoint(URI v) { endpoint = v; return this; }
    public Builder pathStyle(boolean v) { pathStyle = v; return this; }
    /** The caller's credentials; {@code null} for the SDK's default chain. */
    public Builder credentials(AwsCredentialsProvider v) { credentials = v; return this; }
    public Builder pageSize(int v) { pageSize = v; return this; }
    public Builder maxConnections(int v) { maxConnections = v; return this; }
    public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
    public Builder socketTimeout(Duration v) { socketTimeout = v; return this; }
    public Builder sdkMaxAttempts(int v) { sdkMaxAttempts = v; return this; }

    public S3SourceConfig build() {
      return new S3SourceConfig(bucket, prefix, Optional.ofNullable(region), Optional.ofNullable(endpoint),
          pathStyle, Optional.ofNullable(credentials), pageSize, maxConnections, connectTimeout, socketTimeout,
          sdkMaxAttempts);
    }
  }
}
