package io.github.cosmigrate.source.oss.internal;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.auth.Credentials;
import com.aliyun.oss.common.auth.CredentialsProvider;
import com.aliyun.oss.common.auth.DefaultCredentials;
import com.aliyun.oss.common.comm.Protocol;
import com.aliyun.oss.common.comm.SignVersion;
import com.aliyun.oss.model.WebServiceRequest;
import io.github.cosmigrate.source.oss.OssCredentials;
import io.github.cosmigrate.source.oss.OssCredentialsProvider;
import io.github.cosmigrate.source.oss.OssSourceConfig;
import java.util.Objects;

/** Builds the OSS SDK client for a {@link OssSourceConfig}, and prepares requests. */
public final class OssClients {
  private OssClients() {}

  /**
   * A client for {@code config}: signature V1 (the 3.18.5 default, {@code Authorization: OSS id:signature},
   * HMAC-SHA1), the configured pool, timeouts and small SDK retry count, no redirects, and no client-side CRC
   * check (this source only reads; see {@link OssBody}).
   */
  public static OSS create(OssSourceConfig config) {
    ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
    conf.setProtocol(config.plainHttp() ? Protocol.HTTP : Protocol.HTTPS);
    conf.setSLDEnabled(config.pathStyle());
    conf.setSignatureVersion(SignVersion.V1);
    conf.setMaxConnections(config.maxConnections());
    conf.setConnectionTimeout(millis(config.connectTimeout().toMillis()));
    conf.setSocketTimeout(millis(config.socketTimeout().toMillis()));
    conf.setConnectionRequestTimeout(millis(config.connectTimeout().toMillis()));
    conf.setMaxErrorRetry(config.sdkMaxRetries());
    conf.setCrcCheckEnabled(false);
    conf.setRedirectEnable(false);
    conf.setEnableAutoCorrectClockSkew(false);
    String endpoint = config.endpoint().getScheme() + "://" + config.endpoint().getRawAuthority();
    return new OSSClientBuilder().build(endpoint, new Provider(config.credentials()), conf);
  }

  /**
   * Turns off the SDK's failure log for one request: {@code ServiceClient} would log the exception's message at
   * WARN, which holds the raw error response (for {@code SignatureDoesNotMatch}: the signature and the string to
   * sign).
   */
  public static <T extends WebServiceRequest> T quiet(T request) {
    request.setLogEnabled(false);
    return request;
  }

  private static int millis(long ms) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, ms));
  }

  /** Asks the caller's provider on every request; converts only when the credentials changed. */
  private static final class Provider implements CredentialsProvider {
    private final OssCredentialsProvider provider;
    private record Converted(OssCredentials from, Credentials to) {}

    private volatile Converted cache;

    Provider(OssCredentialsProvider provider) {
      this.provider = Objects.requireNonNull(provider, "provider");
    }

    @Override
    public void setCredentials(Credentials creds) {
      throw new UnsupportedOperationException("credentials come from the configured OssCredentialsProvider");
    }

    @Override
    public Credentials getCredentials() {
      OssCredentials c = Objects.requireNonNull(provider.credentials(), "the OssCredentialsProvider returned null");
      Converted k = cache;
      if (k == null || k.from() != c) {
        k = new Converted(c, new DefaultCredentials(c.accessKeyId(), c.accessKeySecret(),
            c.securityToken().orElse(null)));
        cache = k;
      }
      return k.to();
    }

    @Override
    public String toString() {
      return "OssCredentialsProvider[" + provider + "]";
    }
  }
}
