package io.github.cosmigrate.source.oss;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how {@link OssSource} reads. Built with {@link #builder()}; validated on construction with messages
 * that name the setting. {@link #toString()} never shows the secret or the token.
 *
 * @param bucket the OSS bucket, e.g. {@code photos}
 * @param endpoint the region's endpoint, e.g. {@code https://oss-cn-hangzhou.aliyuncs.com}; HTTPS unless the
 *     caller gave an explicit {@code http://} (test servers)
 * @param pathStyle send {@code endpoint/bucket/key} instead of {@code bucket.endpoint/key}; always on for an IP
 *     address or {@code localhost} endpoint (a bucket cannot be a sub-domain of an address)
 * @param prefix only keys below this prefix are listed; empty for the whole bucket, otherwise it ends in
 *     {@code /} (one is appended when missing). Listed keys are relative to it
 * @param credentials asked for credentials on every request
 * @param pageSize keys per listing page, 1..1000
 * @param maxConnections size of the HTTP connection pool; at least the engine's concurrency
 * @param connectTimeout TCP connect timeout
 * @param socketTimeout read idle timeout on a connection
 * @param sdkMaxRetries how often the OSS SDK itself retries one request (the engine retries whole operations)
 */
public record OssSourceConfig(
    String bucket,
    URI endpoint,
    boolean pathStyle,
    String prefix,
    OssCredentialsProvider credentials,
    int pageSize,
    int maxConnections,
    Duration connectTimeout,
    Duration socketTimeout,
    int sdkMaxRetries) {

  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  public OssSourceConfig {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(socketTimeout, "socketTimeout");
    if (!BUCKET.matcher(bucket).matches()) {
      throw new IllegalArgumentException("OSS bucket '" + bucket + "' is not a bucket name: 3 to 63 lower-case"
          + " letters, digits and '-', starting and ending with a letter or digit (check the 'bucket' setting)");
    }
    String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || endpoint.getHost() == null) {
      throw new IllegalArgumentException("OSS endpoint '" + endpoint + "' for bucket " + bucket
          + " must be a host name such as oss-cn-hangzhou.aliyuncs.com or an http(s):// URI with a host"
          + " (check the 'endpoint' setting)");
    }
    if (endpoint.getRawQuery() != null || endpoint.getRawUserInfo() != null
        || (endpoint.getRawPath() != null && !endpoint.getRawPath().isEmpty() && !endpoint.getRawPath().equals("/"))) {
      throw new IllegalArgumentException("OSS endpoint for bucket " + bucket
          + " must be scheme://host[:port] only, without a path, user info or query string (check the 'endpoint'"
          + " setting)");
    }
    if (isAddress(endpoint.getHost())) {
      pathStyle = true;
    }
    if (prefix.startsWith("/")) {
      throw new IllegalArgumentException("OSS prefix '" + prefix + "' must not start with '/' (OSS keys have no"
          + " leading slash; check the 'prefix' setting)");
    }
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    if (pageSize < 1 || pageSize > 1000) {
      throw new IllegalArgumentException("OSS pageSize must be 1..1000 (OSS returns at most 1000 keys per"
          + " page), was " + pageSize);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("OSS maxConnections must be >= 1, was " + maxConnections);
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero() || socketTimeout.isNegative()
        || socketTimeout.isZero()) {
      throw new IllegalArgumentException("OSS timeouts must be positive, were connect=" + connectTimeout
          + " socket=" + socketTimeout);
    }
    if (sdkMaxRetries < 0 || sdkMaxRetries > 10) {
      throw new IllegalArgumentException("OSS sdkMaxRetries must be 0..10, was " + sdkMaxRetries);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code endpoint} as a URI: a bare host name (with an optional port) means HTTPS. */
  public static URI parseEndpoint(String endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    String e = endpoint.trim();
    if (e.isEmpty()) {
      throw new IllegalArgumentException("OSS endpoint is empty (check the 'endpoint' setting)");
    }
    try {
      return URI.create(e.contains("://") ? e : "https://" + e);
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("OSS endpoint '" + e + "' is not a host name or URI (check the"
          + " 'endpoint' setting)", ex);
    }
  }

  /** True when requests go over plain HTTP (only with an explicit http:// endpoint). */
  public boolean plainHttp() {
    return endpoint.getScheme().equalsIgnoreCase("http");
  }

  private static boolean isAddress(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("[") || h.contains(":") || IPV4.matcher(h).matches();
  }

  @Override
  public String toString() {
    return "OssSourceConfig[bucket=" + bucket + ", endpoint=" + endpoint + ", pathStyle=" + pathStyle
        + ", prefix=" + prefix + ", credentials=" + credentials + ", pageSize=" + pageSize + ", maxConnections="
        + maxConnections + ", connectTimeout=" + connectTimeout + ", socketTimeout=" + socketTimeout
        + ", sdkMaxRetries=" + sdkMaxRetries + "]";
  }

  /** Builder for the wide config record. Required: bucket, endpoint, credentials. */
  public static final class Builder {
    private String bucket;
    private URI endpoint;
    private boolean pathStyle;
    private String prefix = "";
    private OssCredentialsProvider credentials;
    private int pageSize = 1000;
    private int maxConnections = 256;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration socketTimeout = Duration.ofSeconds(60);
    private int sdkMaxRetries = 1;

    private Builder() {}

    public Builder bucket(String v) { bucket = v; return this; }
    public Builder endpoint(URI v) { endpoint = v; return this; }
    /** A host name ({@code oss-cn-hangzhou.aliyuncs.com}, meaning HTTPS) or an {@code http(s)://} URI. */
    public Builder endpoint(String v) { endpoint = parseEndpoint(v); return this; }
    public Builder pathStyle(boolean v) { pathStyle = v; return this; }
    public Builder prefix(String v) { prefix = v; return this; }
    public Builder credentials(OssCredentialsProvider v) { credentials = v; return this; }
    /** Permanent credentials. */
    public Builder credentials(String accessKeyId, String accessKeySecret) {
      credentials = OssCredentialsProvider.of(OssCredentials.of(accessKeyId, accessKeySecret));
      return this;
    }
    /** Temporary (STS) credentials. */
    public Builder credentials(String accessKeyId, String accessKeySecret, String securityToken) {
      credentials = OssCredentialsProvider.of(OssCredentials.temporary(accessKeyId, accessKeySecret,
          securityToken));
      return this;
    }
    public Builder pageSize(int v) { pageSize = v; return this; }
    public Builder maxConnections(int v) { maxConnections = v; return this; }
    public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
    public Builder socketTimeout(Duration v) { socketTimeout = v; return this; }
    public Builder sdkMaxRetries(int v) { sdkMaxRetries = v; return this; }

    public OssSourceConfig build() {
      if (bucket == null || endpoint == null || credentials == null) {
        throw new IllegalArgumentException("OssSourceConfig needs bucket, endpoint and credentials; missing:"
            + (bucket == null ? " bucket" : "") + (endpoint == null ? " endpoint" : "")
            + (credentials == null ? " credentials" : ""));
      }
      return new OssSourceConfig(bucket, endpoint, pathStyle, prefix == null ? "" : prefix, credentials, pageSize,
          maxConnections, connectTimeout, socketTimeout, sdkMaxRetries);
    }
  }
}
