package io.github.cosmigrate.source.oss.internal;

import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.ListObjectsRequest;
import io.github.cosmigrate.error.ConfigurationException;
import io.github.cosmigrate.source.oss.OssSourceConfig;
import io.github.cosmigrate.source.oss.OssSourceProvider;
import io.github.cosmigrate.spi.provider.PluginKind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import javax.net.ssl.SSLException;
import org.apache.http.conn.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OSS source's configuration probe ({@link io.github.cosmigrate.spi.capability.Probe}): one ListObjects of at
 * most one key under the prefix. Answers that prove the configuration wrong become a {@link ConfigurationException}
 * naming the provider's settings:
 * <ul>
 *   <li>a connection refused, a host that does not resolve, no route, a connect timeout, a failed TLS handshake:
 *       {@code endpoint};</li>
 *   <li>NoSuchBucket: {@code bucket} and {@code endpoint} (an OSS endpoint names the bucket's region);</li>
 *   <li>rejected credentials (InvalidAccessKeyId, SignatureDoesNotMatch, a bad or expired STS token, a skewed
 *       clock): {@code access-key-id} and {@code access-key-secret} (and {@code security-token} for a token
 *       error).</li>
 * </ul>
 * Anything else proves nothing: an access denied (a RAM policy that allows reads but not this listing; the listing
 * decides) returns normally, a 5xx or throttling is thrown as {@link OssErrors} maps it (the engine logs it and goes
 * on). As everywhere in this source, no SDK message is used and no {@link OSSException} is kept as a cause.
 */
public final class OssProbe {
  private static final Logger LOG = LoggerFactory.getLogger(OssProbe.class);
  private static final String PLUGIN = PluginKind.SOURCE.describe(OssSourceProvider.TYPE);

  private final OSS oss;
  private final OssSourceConfig config;
  private final String location;

  public OssProbe(OSS oss, OssSourceConfig config) {
    this.oss = oss;
    this.config = config;
    this.location = "oss://" + config.bucket();
  }

  /** Probes; returns normally when nothing proves the configuration wrong. */
  public void run() throws IOException {
    ListObjectsRequest req = OssClients.quiet(new ListObjectsRequest(config.bucket()));
    req.setPrefix(config.prefix().isEmpty() ? null : config.prefix());
    req.setMaxKeys(1);
    OssErrors.checkInterrupt("probe of " + location);
    try {
      oss.listObjects(req);
    } catch (OSSException e) {
      IOException fatal = service(e);
      if (fatal != null) {
        throw fatal;
      }
    } catch (ClientException e) {
      throw client(e);
    } catch (RuntimeException e) {
      throw OssErrors.map(e, OssErrors.Scope.OBJECT, "probe", location, null);
    }
  }

  /** The exception to throw for an error answer, or null when it proves nothing (an access denied). */
  private IOException service(OSSException e) {
    String code = e.getErrorCode() == null ? "" : e.getErrorCode();
    int status = OssErrors.statusOf(e);
    String detail = " (ListObjects: " + (status > 0 ? "HTTP " + status + ", " : "") + code
        + (e.getRequestId() == null || e.getRequestId().isEmpty() ? "" : ", request id " + e.getRequestId()) + ")";
    switch (code) {
      case "NoSuchBucket":
        return new ConfigurationException(PLUGIN, List.of(OssSourceProvider.BUCKET, OssSourceProvider.ENDPOINT),
            "OSS bucket " + config.bucket() + " does not exist at " + target() + detail + "; check the bucket name"
            + " and that the endpoint is the bucket's region (e.g. oss-cn-hangzhou.aliyuncs.com)", null);
      case "InvalidAccessKeyId", "SignatureDoesNotMatch", "RequestTimeTooSkewed":
        return credentials(false, detail);
      case "InvalidSecurityToken", "SecurityTokenExpired":
        return credentials(true, detail);
      default:
        break;
    }
    if (status == 403) {
      LOG.info("cannot check OSS source bucket {} before the run: these credentials may not list it{}; going on",
          location, detail);
      return null;
    }
    return OssErrors.service(e.getErrorCode(), status, e.getRequestId(), OssErrors.Scope.OBJECT, "probe",
        location);
  }

  private ConfigurationException credentials(boolean token, String detail) {
    List<String> settings = token
        ? List.of(OssSourceProvider.SECURITY_TOKEN, OssSourceProvider.ACCESS_KEY_ID,
            OssSourceProvider.ACCESS_KEY_SECRET)
        : List.of(OssSourceProvider.ACCESS_KEY_ID, OssSourceProvider.ACCESS_KEY_SECRET);
    return new ConfigurationException(PLUGIN, settings, "OSS rejected the credentials for bucket " + location
        + detail + "; check the AccessKey ID and secret (and the STS security token of temporary credentials),"
        + " that they belong to the bucket's account, and this machine's clock", null);
  }

  private IOException client(ClientException e) {
    int depth = 0;
    for (Throwable c = e; c != null && depth++ < 32; c = c.getCause()) {
      if (c instanceof SSLException) {
        return new ConfigurationException(PLUGIN, List.of(OssSourceProvider.ENDPOINT), "the TLS (https) handshake"
            + " with " + target() + " failed (" + oneLine(c) + "); if the server speaks plain"
            + " HTTP (a test server), give an http:// endpoint, else check its certificate", c);
      }
      if (c instanceof UnknownHostException) {
        return unreachable("the host name does not resolve: " + oneLine(c), c);
      }
      if (c instanceof ConnectException || c instanceof NoRouteToHostException
          || c instanceof ConnectTimeoutException) {
        return unreachable(oneLine(c), c);
      }
      if (c instanceof InterruptedIOException && !(c instanceof SocketTimeoutException)) {
        break;
      }
    }
    return OssErrors.map(e, OssErrors.Scope.OBJECT, "probe", location, null);
  }

  private ConfigurationException unreachable(String why, Throwable cause) {
    return new ConfigurationException(PLUGIN, List.of(OssSourceProvider.ENDPOINT), "cannot reach the source at "
        + target() + " (" + why + "); check the endpoint and the network", cause);
  }

  /** The endpoint, without user info or query. */
  private String target() {
    return config.endpoint().getScheme() + "://" + config.endpoint().getRawAuthority();
  }

  /** The first line of a network exception's message (a host and port at most), shortened. */
  private static String oneLine(Throwable c) {
    String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage().strip();
    int nl = m.indexOf('\n');
    m = nl < 0 ? m : m.substring(0, nl);
    int q = m.indexOf('?');
    m = q < 0 ? m : m.substring(0, q) + "?...";
    return m.length() > 200 ? m.substring(0, 200) + "..." : m;
  }
}
