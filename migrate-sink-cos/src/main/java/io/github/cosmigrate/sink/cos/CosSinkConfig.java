package io.github.cosmigrate.sink.cos;

import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.sink.cos.internal.StorageClasses;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where and how {@link CosSink} writes. Built with {@link #builder()}; validated on construction with messages
 * that name the setting. {@link #toString()} never shows the secret.
 *
 * @param region the COS region, e.g. {@code ap-guangzhou}
 * @param bucket the bucket as {@code name-appid}, e.g. {@code photos-1250000000}
 * @param credentials asked for credentials on every request
 * @param endpoint an endpoint override (custom domain, private cloud, test server); empty means the region's
 *     public endpoint {@code https://<bucket>.cos.<region>.myqcloud.com}
 * @param pathStyle with an endpoint override: send requests to {@code endpoint/<bucket>/key} (the URL path
 *     carries the bucket; the Host header stays {@code <bucket>.<host>}); otherwise virtual-host style
 * @param defaultStorageClass the storage class for objects whose metadata names none
 * @param sseCos request SSE-COS ({@code x-cos-server-side-encryption: AES256}) for every object whose metadata
 *     names no encryption
 * @param sseKms request SSE-KMS ({@code x-cos-server-side-encryption: cos/kms}, optionally with a KMS key id and
 *     an encryption context) for every object whose metadata names no encryption; not with {@code sseCos}
 * @param clientEncryption encrypt every object on this side, in the layout of cos_api's {@code COSEncryptionClient}
 *     (AES/CTR, a fresh data key and IV per object, wrapped with this key): {@link CosSink#open} applies it
 * @param connectTimeout TCP connect timeout
 * @param socketTimeout read idle timeout on a connection
 * @param maxConnections size of the HTTP connection pool; at least the engine's concurrency
 * @param sdkMaxRetries how often cos_api itself retries one request that has no streamed body (the engine
 *     retries whole operations; object and part bodies are never retried by the SDK)
 * @param limits what the sink accepts ({@link SinkLimits#cos()} for real COS)
 * @param proxy an HTTP proxy every request goes through (unresolved host and port), if any
 * @param trafficLimit a per-request speed limit COS enforces on uploads ({@code x-cos-traffic-limit}), in bit/s,
 *     from {@link #TRAFFIC_LIMIT_MIN} to {@link #TRAFFIC_LIMIT_MAX}; 0 for none
 * @param directPuts send object and part bodies (PUT Object, Upload Part) on the sink's own HTTP client, with
 *     requests built and signed by cos_api (same URL, headers and signature), instead of through cos_api's
 *     {@code putObject}/{@code uploadPart}: about a third less client CPU per small put (default); false sends
 *     every request through cos_api
 */
public record CosSinkConfig(
    String region,
    String bucket,
    CosCredentialsProvider credentials,
    Optional<URI> endpoint,
    boolean pathStyle,
    Optional<String> defaultStorageClass,
    boolean sseCos,
    Optional<SseKms> sseKms,
    Optional<ClientEncryptionKey> clientEncryption,
    Duration connectTimeout,
    Duration socketTimeout,
    int maxConnections,
    int sdkMaxRetries,
    SinkLimits limits,
    Optional<java.net.InetSocketAddress> proxy,
    long trafficLimit,
    boolean directPuts) {

  /** The smallest {@code x-cos-traffic-limit} COS accepts: 100 KiB/s, in bit/s. */
  public static final long TRAFFIC_LIMIT_MIN = 819_200L;
  /** The largest {@code x-cos-traffic-limit} COS accepts: 100 MiB/s, in bit/s. */
  public static final long TRAFFIC_LIMIT_MAX = 838_860_800L;

  private static final Pattern BUCKET = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?-[0-9]{5,}");
  private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]*[a-z0-9]");

  public CosSinkConfig {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(defaultStorageClass, "defaultStorageClass");
    Objects.requireNonNull(sseKms, "sseKms");
    Objects.requireNonNull(clientEncryption, "clientEncryption");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(socketTimeout, "socketTimeout");
    Objects.requireNonNull(limits, "limits");
    if (!REGION.matcher(region).matches()) {
      throw new IllegalArgumentException("COS region '" + region
          + "' is not a region name such as ap-guangzhou or ap-shanghai (check the 'region' setting)");
    }
    if (!BUCKET.matcher(bucket).matches() || bucket.length() > 63) {
      throw new IllegalArgumentException("COS bucket '" + bucket
          + "' is not of the form name-appid, e.g. photos-1250000000: lower-case letters, digits and '-',"
          + " followed by '-' and the numeric APPID (check the 'bucket' setting; the APPID is in the console)");
    }
    endpoint.ifPresent(e -> {
      String scheme = e.getScheme() == null ? "" : e.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http") || e.getHost() == null) {
        throw new IllegalArgumentException("COS endpoint '" + e
            + "' must be an absolute http:// or https:// URI with a host (check the 'endpoint' setting)");
      }
      if (e.getRawQuery() != null || e.getRawUserInfo() != null) {
        throw new IllegalArgumentException("COS endpoint for bucket " + bucket
            + " must not carry user info or a query string (check the 'endpoint' setting)");
      }
    });
    if (pathStyle && endpoint.isEmpty()) {
      throw new IllegalArgumentException("pathStyle needs an endpoint override; the public COS endpoints are"
          + " virtual-host style (check the 'pathStyle' and 'endpoint' settings)");
    }
    defaultStorageClass = defaultStorageClass.map(StorageClasses::canonicalOrThrowIllegal);
    if (sseCos && sseKms.isPresent()) {
      throw new IllegalArgumentException("server-side encryption is either SSE-COS or SSE-KMS, not both (check the"
          + " 'sse' setting)");
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero() || socketTimeout.isNegative()
        || socketTimeout.isZero()) {
      throw new IllegalArgumentException("COS timeouts must be positive, were connect=" + connectTimeout
          + " socket=" + socketTimeout);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be >= 1, was " + maxConnections);
    }
    Objects.requireNonNull(proxy, "proxy");
    checkTrafficLimit(trafficLimit);
    if (sdkMaxRetries < 0 || sdkMaxRetries > 10) {
      throw new IllegalArgumentException("sdkMaxRetries must be 0..10, was " + sdkMaxRetries);
    }
  }

  private static void checkTrafficLimit(long trafficLimit) {
    if (trafficLimit != 0 && (trafficLimit < TRAFFIC_LIMIT_MIN || trafficLimit > TRAFFIC_LIMIT_MAX)) {
      throw new IllegalArgumentException("trafficLimit must be from " + TRAFFIC_LIMIT_MIN + " to " + TRAFFIC_LIMIT_MAX
          + " bit/s (COS's range of x-cos-traffic-limit), or 0 for none; was " + trafficLimit);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** True when requests go over plain HTTP (only when the caller gave an http:// endpoint). */
  public boolean plainHttp() {
    return endpoint.map(e -> e.getScheme().equalsIgnoreCase("http")).orElse(false);
  }

  @Override
  public String toString() {
    return "CosSinkConfig[region=" + region + ", bucket=" + bucket + ", credentials=" + credentials.getClass()
        .getSimpleName() + ", endpoint=" + endpoint.map(URI::toString).orElse("(region default)")
        + ", pathStyle=" + pathStyle + ", defaultStorageClass=" + defaultStorageClass.orElse("(bucket default)")
        + ", sseCos=" + sseCos + ", sseKms=" + sseKms.map(SseKms::toString).orElse("off") + ", clientEncryption="
        + clientEncryption.map(ClientEncryptionKey::toString).orElse("off") + ", connectTimeout=" + connectTimeout
        + ", socketTimeout=" + socketTimeout + ", maxConnections=" + maxConnections + ", sdkMaxRetries="
        + sdkMaxRetries + ", limits=" + limits + ", proxy="
        + proxy.map(p -> p.getHostString() + ":" + p.getPort()).orElse("(none)") + ", trafficLimit="
        + trafficLimit + ", directPuts=" + directPuts + "]";
  }

  /** Builder for the wide config record. Required: region, bucket, credentials. */
  public static final class Builder {
    private String region;
    private String bucket;
    private CosCredentialsProvider credentials;
    private URI endpoint;
    private boolean pathStyle;
    private String defaultStorageClass;
    private boolean sseCos;
    private SseKms sseKms;
    private ClientEncryptionKey clientEncryption;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration socketTimeout = Duration.ofSeconds(60);
    private int maxConnections = 256;
    private int sdkMaxRetries = 1;
    private SinkLimits limits = SinkLimits.cos();
    private java.net.InetSocketAddress proxy;
    private long trafficLimit;
    private boolean directPuts = true;

    private Builder() {}

    public Builder region(String v) { region = v; return this; }
    public Builder bucket(String v) { bucket = v; return this; }
    public Builder credentials(CosCredentialsProvider v) { credentials = v; return this; }
    /** Permanent credentials. */
    public Builder credentials(String secretId, String secretKey) {
      credentials = CosCredentialsProvider.of(secretId, secretKey);
      return this;
    }
    public Builder endpoint(URI v) { endpoint = v; return this; }
    public Builder pathStyle(boolean v) { pathStyle = v; return this; }
    public Builder defaultStorageClass(String v) { defaultStorageClass = v; return this; }
    public Builder sseCos(boolean v) { sseCos = v; return this; }
    public Builder sseKms(SseKms v) { sseKms = v; return this; }
    public Builder clientEncryption(ClientEncryptionKey v) { clientEncryption = v; return this; }
    public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
    public Builder socketTimeout(Duration v) { socketTimeout = v; return this; }
    public Builder maxConnections(int v) { maxConnections = v; return this; }
    public Builder sdkMaxRetries(int v) { sdkMaxRetries = v; return this; }
    public Builder limits(SinkLimits v) { limits = v; return this; }
    /** Sends every request through the HTTP proxy at {@code host:port}. */
    public Builder proxy(String host, int port) { proxy = java.net.InetSocketAddress.createUnresolved(host, port); return this; }
    /** Asks COS to limit each upload request to {@code bitsPerSecond} ({@code x-cos-traffic-limit}); 0 for none. */
    /** Sets the traffic limit; outside COS's range (and not 0) is an {@link IllegalArgumentException} here. */
    public Builder trafficLimit(long bitsPerSecond) {
      checkTrafficLimit(bitsPerSecond);
      trafficLimit = bitsPerSecond;
      return this;
    }

    /** See {@link CosSinkConfig#directPuts()}; true by default. */
    public Builder directPuts(boolean v) { directPuts = v; return this; }

    public CosSinkConfig build() {
      if (region == null || bucket == null || credentials == null) {
        throw new IllegalArgumentException("CosSinkConfig needs region, bucket and credentials; missing:"
            + (region == null ? " region" : "") + (bucket == null ? " bucket" : "")
            + (credentials == null ? " credentials" : ""));
      }
      return new CosSinkConfig(region, bucket, credentials, Optional.ofNullable(endpoint), pathStyle,
          Optional.ofNullable(defaultStorageClass), sseCos, Optional.ofNullable(sseKms),
          Optional.ofNullable(clientEncryption), connectTimeout, socketTimeout, maxConnections,
          sdkMaxRetries, limits, Optional.ofNullable(proxy), trafficLimit, directPuts);
    }
  }

  /**
   * SSE-KMS: {@code x-cos-server-side-encryption: cos/kms}, with {@code x-cos-server-side-encryption-cos-kms-key-id}
   * when a key id is given (else COS uses the account's default KMS key) and
   * {@code x-cos-server-side-encryption-context} (the base64 of the given JSON object) when a context is given.
   *
   * @param keyId the KMS key id (CMK)
   * @param context the encryption context as a JSON object, e.g. {@code {"project":"photos"}}
   */
  public record SseKms(Optional<String> keyId, Optional<String> context) {
    public SseKms {
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(context, "context");
      keyId = keyId.map(String::trim).filter(k -> !k.isEmpty());
      context = context.map(String::trim).filter(c -> !c.isEmpty());
      keyId.ifPresent(k -> {
        if (ObjectMetadata.unsendableCharAt(k) >= 0 || k.contains(" ")) {
          throw new IllegalArgumentException("the KMS key id '" + k + "' has a space or a character outside"
              + " printable ASCII (check the 'sse-kms-key-id' setting)");
        }
      });
      context.ifPresent(c -> {
        if (!c.startsWith("{") || !c.endsWith("}")) {
          throw new IllegalArgumentException("the SSE-KMS encryption context must be a JSON object such as"
              + " {\"project\":\"photos\"} (check the 'sse-kms-context' setting)");
        }
      });
    }

    /** The value of {@code x-cos-server-side-encryption-context}: the context's UTF-8 bytes in base64. */
    public Optional<String> contextHeader() {
      return context.map(c -> java.util.Base64.getEncoder().encodeToString(
          c.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
  }
}
