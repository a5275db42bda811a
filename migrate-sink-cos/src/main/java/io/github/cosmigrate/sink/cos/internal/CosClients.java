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
  public static COSClient create(CosSinkConfig config) {
    ClientConfig cc = new ClientConfig(new Region(config.region()));
    cc.setHttpProtocol(config.plainHttp() ? HttpProtocol.http : HttpProtocol.https);
    cc.setConnectionTimeout(toMillis(config.connectTimeout().toMillis()));
    cc.setSocketTimeout(toMillis(config.socketTimeout().toMillis()));
    cc.setConnectionRequestTimeout(toMillis(config.socketTimeout().toMillis()));
    cc.setMaxConnectionsCount(config.maxConnections());
    cc.setMaxErrorRetry(config.sdkMaxRetries());
    cc.setMaxErrorRetryForCopyRequest(config.sdkMaxRetries());
    cc.setRetryPolicy(new NoBodyRetryPolicy());
    // the "preflight" probe before puts is a throttling aid of real COS that doubles requests; the engine
    // handles throttling itself
    cc.setCheckPreflightStatus(false);
    cc.setUserAgent("cos-migrate");
    config.endpoint().ifPresent(e -> {
      Endpoint ep = new Endpoint(e, config.pathStyle());
      cc.setEndpointBuilder(ep);
      cc.setEndpointResolver(ep);
    });
    return new COSClient(new ProviderAdapter(config.credentials()), cc);
  }

  /** The endpoint builder for copy sources, when the config overrides the endpoint; null otherwise. */
  public static EndpointBuilder sourceEndpointBuilder(CosSinkConfig config) {
    return config.endpoint().map(e -> (EndpointBuilder) new Endpoint(e, config.pathStyle())).orElse(null);
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
   * An endpoint override. Virtual-host style: Host and URL authority are {@code <bucket>.<host>} (unless the
   * host already starts with the bucket, as a custom domain may). Path style ("pathres"): Host is
   * {@code <bucket>.<host>} (or {@code <bucket>.cos.local} for an IP or localhost endpoint) and the URL is
   * {@code endpoint/<bucket>/key}.
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

    private boolean literalHost() {
      return host.equals("localhost") || host.matches("[0-9.]+") || host.startsWith("[") || host.contains(":");
    }

    @Override
    public String buildGeneralApiEndpoint(String bucketName) {
      if (pathStyle) {
        return bucketName + "." + (literalHost() ? "cos.local" : host);
      }
      return host.startsWith(bucketName + ".") ? authority : bucketName + "." + authority;
    }

    @Override
    public String buildGetServiceApiEndpoint() {
      return pathStyle ? (literalHost() ? "cos.local" : host) : authority;
    }

    @Override
    public String resolveGeneralApiEndpoint(String endpoint) {
      if (pathStyle) {
        int dot = endpoint.indexOf('.');
        String bucket = dot < 0 ? endpoint : endpoint.substring(0, dot);
        return authority + basePath + "/" + bucket;
      }
      return endpoint + basePath;
    }

    @Override
    public String resolveGetServiceApiEndpoint(String endpoint) {
      return authority + basePath;
    }
  }
}
