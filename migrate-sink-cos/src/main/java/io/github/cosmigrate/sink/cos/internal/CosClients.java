package io.github.cosmigrate.sink.cos.internal;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.ClientConfig;
import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.auth.BasicSessionCredentials;
import com.qcloud.cos.auth.COSCredentials;
import com.qcloud.cos.auth.COSCredentialsProvider;
import com.qcloud.cos.endpoint.EndpointBuilder;
import com.qcloud.cos.endpoint.EndpointResolver;
import com.qcloud.cos.http.CosHttpRequest;
import com.qcloud.cos.http.HttpMethodName;
import com.qcloud.cos.http.HttpProtocol;
import com.qcloud.cos.internal.CosServiceRequest;
import com.qcloud.cos.model.PutObjectRequest;
import com.qcloud.cos.model.UploadPartRequest;
import com.qcloud.cos.region.Region;
import com.qcloud.cos.retry.PredefinedRetryPolicies;
import com.qcloud.cos.retry.RetryPolicy;
import io.github.cosmigrate.sink.cos.CosCredentials;
import io.github.cosmigrate.sink.cos.CosCredentialsProvider;
import io.github.cosmigrate.sink.cos.CosSinkConfig;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import org.apache.http.HttpResponse;

/** Builds the cos_api client for a {@link CosSinkConfig}. */
public final class CosClients {
  private CosClients() {}

  /** A client configured from {@code config}. */
  public static SinkClient create(CosSinkConfig config) {
    ClientConfig cc = new ClientConfig(new Region(config.region()));
    cc.setHttpProtocol(config.plainHttp() ? HttpProtocol.http : HttpProtocol.https);
    cc.setConnectionTimeout(toMillis(config.connectTimeout().toMillis()));
    cc.setSocketTimeout(toMillis(config.socketTimeout().toMillis()));
    cc.setConnectionRequestTimeout(toMillis(config.socketTimeout().toMillis()));
    cc.setMaxConnectionsCount(config.maxConnections());
    cc.setMaxErrorRetry(config.sdkMaxRetries());
    cc.setMaxErrorRetryForCopyRequest(config.sdkMaxRetries());
    cc.setRetryPolicy(new NoBodyRetryPolicy());
    // cos_api wraps a body that cannot be reset (ours: CrcInputStream) in a buffered stream and marks it with this
    // limit so that it could resend it; by default 256 KiB, so every put or part of 256 KiB or more grew that
    // buffer to 256 KiB (787 KiB allocated per 1 MiB put). Such bodies are never resent inside the SDK
    // (NoBodyRetryPolicy); the bodies it may resend (XML) reset whatever the limit.
    cc.setReadLimit(1);
    // the "preflight" probe before puts is a throttling aid of real COS that doubles requests; the engine
    // handles throttling itself
    cc.setCheckPreflightStatus(false);
    cc.setUserAgent("cos-migrate");
    config.proxy().ifPresent(p -> {
      cc.setHttpProxyIp(p.getHostString());
      cc.setHttpProxyPort(p.getPort());
    });
    // cos_api logs a request that failed with a status >= this threshold at ERROR, headers (the Authorization
    // signature) included: never, the sink reports every failure itself. (Network failures are still logged by
    // com.qcloud.cos.http.DefaultCosHttpClient, with no switch: see the package documentation.)
    cc.setErrorLogStatusCodeThresh(Integer.MAX_VALUE);
    // how long a request signature stays valid (cos_api's default is an hour): limits what a leaked one is worth
    cc.setSignExpired(signatureLifetimeSeconds(config));
    // cos_api's signature, computed with reused HMAC instances (a sixth of a small put's client CPU otherwise)
    cc.setCosSigner(new CosRequestSigner());
    ProviderAdapter credentials = new ProviderAdapter(config.credentials());
    if (config.endpoint().isEmpty()) {
      return new SinkClient(credentials, cc, false);
    }
    Endpoint ep = new Endpoint(config.endpoint().get(), config.pathStyle());
    cc.setEndpointBuilder(ep);
    cc.setEndpointResolver(ep);
    return new SinkClient(credentials, cc, config.pathStyle());
  }

  /**
   * The endpoint builder for copy sources, when the config overrides the endpoint; null otherwise. cos_api sends
   * {@code x-cos-copy-source: <builder(bucket)>/key}: the COS form, which names the source bucket in its host
   * part whatever the request style ({@code <bucket>.<host>}, {@code <bucket>.cos.local} for an IP or
   * localhost endpoint).
   */
  public static EndpointBuilder sourceEndpointBuilder(CosSinkConfig config) {
    return config.endpoint().map(e -> (EndpointBuilder) new CopySource(new Endpoint(e, config.pathStyle())))
        .orElse(null);
  }

  /**
   * The identity of the COS service an endpoint reaches, as compared by server-side copies
   * ({@link io.github.cosmigrate.model.ObjectLocation#service()}): {@code cos} for the public endpoints (none
   * given), else {@code cos@scheme://host[:port][/path]} of the override, host lower-cased, without user info,
   * query or trailing slash.
   */
  public static String serviceId(java.util.Optional<URI> endpoint) {
    if (endpoint.isEmpty()) {
      return "cos";
    }
    URI e = endpoint.get();
    String path = e.getRawPath() == null ? "" : e.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return "cos@" + e.getScheme().toLowerCase(Locale.ROOT) + "://" + e.getHost().toLowerCase(Locale.ROOT)
        + (e.getPort() < 0 ? "" : ":" + e.getPort()) + path;
  }

  /** Clock skew allowed between this machine and COS, on top of the request timeouts, in a signature's life. */
  static final long SIGNATURE_MARGIN_SECONDS = 900;

  /**
   * The lifetime of a request signature: the longest a signed request may wait for a pooled connection
   * ({@code socketTimeout}) and to connect ({@code connectTimeout}) before COS checks it on arrival, plus
   * {@value #SIGNATURE_MARGIN_SECONDS} s for clock skew; about 16 minutes with the default timeouts.
   */
  static long signatureLifetimeSeconds(CosSinkConfig config) {
    return config.connectTimeout().toSeconds() + config.socketTimeout().toSeconds() + SIGNATURE_MARGIN_SECONDS;
  }

  private static int toMillis(long ms) {
    return (int) Math.min(Integer.MAX_VALUE, ms);
  }

  /**
   * Adapts our provider to cos_api's: cos_api asks {@link #getCredentials()} for every request it signs, so a
   * refreshing provider takes effect on the next request.
   */
  static final class ProviderAdapter implements COSCredentialsProvider {
    private final CosCredentialsProvider provider;

    ProviderAdapter(CosCredentialsProvider provider) {
      this.provider = provider;
    }

    @Override
    public COSCredentials getCredentials() {
      CosCredentials c = Objects.requireNonNull(provider.credentials(), "the credentials provider returned null");
      return c.token().isPresent()
          ? new BasicSessionCredentials(c.secretId(), c.secretKey(), c.token().get())
          : new BasicCOSCredentials(c.secretId(), c.secretKey());
    }

    @Override
    public void refresh() {
      // the provider refreshes on its own schedule; it is asked on every request
    }
  }

  /**
   * cos_api's default retry policy, except that a request whose body is a caller's stream (put, upload part)
   * is never retried inside the SDK: the engine retries it with a fresh stream.
   */
  static final class NoBodyRetryPolicy extends RetryPolicy {
    @Override
    public <X extends CosServiceRequest> boolean shouldRetry(CosHttpRequest<X> request, HttpResponse response,
        Exception exception, int retryIndex) {
      Object original = request.getOriginalRequest();
      if (original instanceof PutObjectRequest || original instanceof UploadPartRequest) {
        return false;
      }
      return PredefinedRetryPolicies.DEFAULT.shouldRetry(request, response, exception, retryIndex);
    }
  }

  /**
   * An endpoint override. cos_api ({@code COSClient.buildUrlAndHost}) sends {@code Host:
   * buildGeneralApiEndpoint(bucket)}, signs that Host and the resource path {@code /key}, and sends the request
   * to {@code resolveGeneralApiEndpoint(host) + /key}; the resolver sees only the builder's Host, never the
   * bucket.
   *
   * <p>Virtual-host style: Host and URL authority are {@code <bucket>.<host>[:port]} (unless the host already
   * starts with the bucket, as a custom domain may). Path style: Host and URL authority are the endpoint's own
   * {@code host[:port]}; the bucket goes in the path, put there by {@link SinkClient}.
   */
  static final class Endpoint implements EndpointBuilder, EndpointResolver {
    private final String authority; // host[:port]
    private final String host;
    private final String basePath;
    private final boolean pathStyle;

    Endpoint(URI uri, boolean pathStyle) {
      this.host = uri.getHost().toLowerCase(Locale.ROOT);
      this.authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      String p = uri.getRawPath() == null ? "" : uri.getRawPath();
      while (p.endsWith("/")) {
        p = p.substring(0, p.length() - 1);
      }
      this.basePath = p;
      this.pathStyle = pathStyle;
    }

    boolean pathStyle() {
      return pathStyle;
    }

    private boolean literalHost() {
      return host.equals("localhost") || host.matches("[0-9.]+") || host.startsWith("[") || host.contains(":");
    }

    /** {@code <bucket>.<host>}, the bucket as the host's first label (copy sources). */
    String bucketHost(String bucketName) {
      if (pathStyle) {
        return bucketName + "." + (literalHost() ? "cos.local" : host);
      }
      return host.startsWith(bucketName + ".") ? authority : bucketName + "." + authority;
    }

    @Override
    public String buildGeneralApiEndpoint(String bucketName) {
      return pathStyle ? authority : bucketHost(bucketName);
    }

    @Override
    public String buildGetServiceApiEndpoint() {
      return authority;
    }

    @Override
    public String resolveGeneralApiEndpoint(String endpoint) {
      return (pathStyle ? authority : endpoint) + basePath;
    }

    @Override
    public String resolveGetServiceApiEndpoint(String endpoint) {
      return authority + basePath;
    }
  }

  /** Names copy sources as {@link Endpoint#bucketHost}. */
  static final class CopySource implements EndpointBuilder {
    private final Endpoint endpoint;

    CopySource(Endpoint endpoint) {
      this.endpoint = endpoint;
    }

    @Override
    public String buildGeneralApiEndpoint(String bucketName) {
      return endpoint.bucketHost(bucketName);
    }

    @Override
    public String buildGetServiceApiEndpoint() {
      return endpoint.buildGetServiceApiEndpoint();
    }
  }

  /**
   * cos_api's client with two additions. Path style: the bucket becomes the first segment of every bucket request's
   * resource path, so the URL is {@code endpoint/<bucket>/key} and cos_api's signature (computed later, in
   * {@code invoke}) covers that path and the endpoint's own Host. The resolver cannot do this: it never sees the
   * bucket. cos_api builds every request through {@code createRequest}; a retry that refreshes the endpoint keeps
   * the resource path. And it opens cos_api's request building (URL, Host, User-Agent, metadata headers) and its
   * credentials to {@link PutExchange}, which sends bodies itself.
   */
  public static final class SinkClient extends COSClient {
    private final boolean pathStyle;
    private final COSCredentialsProvider credentials;

    SinkClient(COSCredentialsProvider credentials, ClientConfig config, boolean pathStyle) {
      super(credentials, config);
      this.credentials = credentials;
      this.pathStyle = pathStyle;
    }

    @Override
    protected <X extends CosServiceRequest> CosHttpRequest<X> createRequest(String bucketName, String key,
        X originalRequest, HttpMethodName httpMethod) {
      CosHttpRequest<X> r = super.createRequest(bucketName, key, originalRequest, httpMethod);
      return pathStyle ? pathStyle(r, bucketName) : r;
    }

    /**
     * A PUT of {@code key} as cos_api starts every request ({@code createRequest}: endpoint, resource path,
     * Host, User-Agent), with {@code metadata}'s headers added as cos_api adds them to a put or part
     * ({@code populateRequestMetadata}). Not signed yet.
     */
    <X extends CosServiceRequest> CosHttpRequest<X> put(String bucket, String key, X original,
        com.qcloud.cos.model.ObjectMetadata metadata) {
      CosHttpRequest<X> r = createRequest(bucket, key, original, HttpMethodName.PUT);
      populateRequestMetadata(r, metadata);
      return r;
    }

    /** The credentials to sign the next request with (the provider is asked every time). */
    COSCredentials credentials() {
      return credentials.getCredentials();
    }
  }

  /**
   * The path-style rule, for every client built on cos_api's {@code createRequest} (also the tests' SDK encryption
   * client): a bucket request's resource path starts with the bucket.
   */
  public static <X extends CosServiceRequest> CosHttpRequest<X> pathStyle(CosHttpRequest<X> request,
      String bucketName) {
    if (bucketName != null && !bucketName.isEmpty()) {
      request.setResourcePath("/" + bucketName + request.getResourcePath());
    }
    return request;
  }
}
