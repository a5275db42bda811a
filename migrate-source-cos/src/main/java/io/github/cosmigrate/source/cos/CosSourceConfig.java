package io.github.cosmigrate.source.cos;

import io.github.cosmigrate.sink.cos.CosCredentialsProvider;
import io.github.cosmigrate.sink.cos.CosSinkConfig;
import io.github.cosmigrate.sink.cos.internal.StorageClasses;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which COS bucket {@link CosSource} reads, and how. Built with {@link #builder()}; validated on construction with
 * messages that name the setting. {@link #toString()} never shows the secret.
 *
 * @param region the bucket's region, e.g. {@code ap-guangzhou}
 * @param bucket the bucket as {@code name-appid}
 * @param prefix list only keys that start with it; keys are taken relative to it (literal: {@code "a/"} lists
 *     {@code a/b} as {@code b})
 * @param credentials asked for credentials on every request
 * @param endpoint an endpoint override (private cloud, test server); empty means the region's public endpoint
 * @param pathStyle with an endpoint override, put the bucket in the URL path
 * @param storageClasses when not empty, only objects of these COS storage classes (canonical names) are offered;
 *     the others are listed as skipped with a reason
 * @param pageSize keys per ListObjects request, 1 to 1000
 * @param connectTimeout TCP connect timeout
 * @param socketTimeout read idle timeout
 * @param maxConnections size of the HTTP connection pool
 * @param sdkMaxRetries how often cos_api itself retries one failed request (0 to 10)
 */
public record CosSourceConfig(
    String region,
    String bucket,
    String prefix,
    CosCredentialsProvider credentials,
    Optional<URI> endpoint,
    boolean pathStyle,
    Set<String> storageClasses,
    int pageSize,
    Duration connectTimeout,
    Duration socketTimeout,
    int maxConnections,
    int sdkMaxRetries) {

  public static final int DEFAULT_PAGE_SIZE = 1000;
  public static final int DEFAULT_MAX_CONNECTIONS = 256;

  public CosSourceConfig {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(storageClasses, "storageClasses");
    if (prefix.startsWith("/")) {
      throw new IllegalArgumentException("COS source prefix '" + prefix + "' must not start with '/': keys have no "
          + "leading slash (check the 'prefix' setting)");
    }
    if (pageSize < 1 || pageSize > 1000) {
      throw new IllegalArgumentException("pageSize must be 1 to 1000 (ListObjects max-keys), was " + pageSize);
    }
    TreeSet<String> classes = new TreeSet<>();
    for (String c : storageClasses) {
      classes.add(StorageClasses.canonicalOrThrowIllegal(c));
    }
    storageClasses = Collections.unmodifiableSet(classes);
    // validates region, bucket, endpoint, path style, timeouts, pool and retries with the sink's rules
    connection(region, bucket, credentials, endpoint, pathStyle, connectTimeout, socketTimeout, maxConnections,
        sdkMaxRetries);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The connection settings as the COS sink's config, from which the one COS client construction of this project
   * ({@code sink.cos.internal.CosClients}) builds the client. Its part limits are not used.
   */
  public CosSinkConfig connection() {
    return connection(region, bucket, credentials, endpoint, pathStyle, connectTimeout, socketTimeout,
        maxConnections, sdkMaxRetries);
  }

  private static CosSinkConfig connection(String region, String bucket, CosCredentialsProvider credentials,
      Optional<URI> endpoint, boolean pathStyle, Duration connectTimeout, Duration socketTimeout,
      int maxConnections, int sdkMaxRetries) {
    CosSinkConfig.Builder b = CosSinkConfig.builder().region(region).bucket(bucket).credentials(credentials)
        .pathStyle(pathStyle).connectTimeout(connectTimeout).socketTimeout(socketTimeout)
        .maxConnections(maxConnections).sdkMaxRetries(sdkMaxRetries);
    Objects.requireNonNull(endpoint, "endpoint").ifPresent(b::endpoint);
    return b.build();
  }

  @Override
  public String toString() {
    return "CosSourceConfig[region=" + region + ", bucket=" + bucket + ", prefix=" + prefix + ", credentials="
        + credentials + ", endpoint=" + endpoint.map(URI::toString).orElse("(region default)") + ", pathStyle="
        + pathStyle + ", storageClasses=" + (storageClasses.isEmpty() ? "(all)" : storageClasses) + ", pageSize="
        + pageSize + ", connectTimeout=" + connectTimeout + ", socketTimeout=" + socketTimeout + ", maxConnections="
        + maxConnections + ", sdkMaxRetries=" + sdkMaxRetries + "]";
  }

  /** Builder for the wide config record. Required: region, bucket, credentials. */
  public static final class Builder {
    private String region;
    private String bucket;
    private String prefix = "";
    private CosCredentialsProvider credentials;
    private URI endpoint;
    private boolean pathStyle;
    private Set<String> storageClasses = Set.of();
    private int pageSize = DEFAULT_PAGE_SIZE;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration socketTimeout = Duration.ofSeconds(60);
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private int sdkMaxRetries = 1;

    private Builder() {}

    public Builder region(String v) { region = v; return this; }
    public Builder bucket(String v) { bucket = v; return this; }
    public Builder prefix(String v) { prefix = v; return this; }
    public Builder credentials(CosCredentialsProvider v) { credentials = v; return this; }
    /** Permanent credentials. */
    public Builder credentials(String secretId, String secretKey) {
      credentials = CosCredentialsProvider.of(secretId, secretKey);
      return this;
    }
    public Builder endpoint(URI v) { endpoint = v; return this; }
    public Builder pathStyle(boolean v) { pathStyle = v; return this; }
    /** Only objects of these storage classes (any case) are offered; empty (the default) offers all. */
    public Builder storageClasses(Set<String> v) { storageClasses = Set.copyOf(v); return this; }
    public Builder pageSize(int v) { pageSize = v; return this; }
    public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
    public Builder socketTimeout(Duration v) { socketTimeout = v; return this; }
    public Builder maxConnections(int v) { maxConnections = v; return this; }
    public Builder sdkMaxRetries(int v) { sdkMaxRetries = v; return this; }

    public CosSourceConfig build() {
      if (region == null || bucket == null || credentials == null) {
        throw new IllegalArgumentException("CosSourceConfig needs region, bucket and credentials; missing:"
            + (region == null ? " region" : "") + (bucket == null ? " bucket" : "")
            + (credentials == null ? " credentials" : ""));
      }
      return new CosSourceConfig(region, bucket, prefix == null ? "" : prefix, credentials,
          Optional.ofNullable(endpoint), pathStyle, storageClasses, pageSize, connectTimeout, socketTimeout,
          maxConnections, sdkMaxRetries);
    }
  }
}
