package io.github.cosmigrate.sink.cos.internal;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.exception.CosServiceException;
import com.qcloud.cos.model.HeadBucketRequest;
import com.qcloud.cos.model.HeadBucketResult;
import io.github.cosmigrate.error.ConfigurationException;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.sink.cos.CosSinkConfig;
import io.github.cosmigrate.sink.cos.CosSinkProvider;
import io.github.cosmigrate.spi.provider.PluginKind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.apache.http.conn.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration probe ({@link io.github.cosmigrate.spi.capability.Probe}) of the COS sink and of the COS
 * source (which shares its connection settings and their names): a HEAD Bucket, and when
 * COS answers it with 403 or 400 (a HEAD answer has no body, so no error code), a GET Bucket location whose error code tells
 * rejected credentials from a policy that does not allow the probe. Fatal answers become a
 * {@link ConfigurationException} naming the settings:
 * <ul>
 *   <li>the endpoint's host names another region than {@code region} ({@code cos.<r>.myqcloud.com}), or COS reports
 *       the bucket in another region ({@code x-cos-bucket-region}, public endpoints only): {@code region};</li>
 *   <li>a connection refused, a host that does not resolve, no route, a connect timeout: {@code endpoint} (with the
 *       public endpoint, which the region names: {@code region});</li>
 *   <li>a failed TLS handshake: {@code endpoint};</li>
 *   <li>404 (NoSuchBucket): {@code bucket} and {@code region}; a redirect (301): {@code region} and
 *       {@code bucket};</li>
 *   <li>rejected credentials or signature: {@code secret-id} and {@code secret-key};</li>
 *   <li>an expired token ({@code ExpiredToken}): {@code token}, {@code secret-id} and {@code secret-key} (mid-run
 *       the same answer is transient: a refreshing provider heals it).</li>
 * </ul>
 * Anything else proves nothing: 5xx and throttling are thrown as mapped by {@link CosErrors} (the engine logs them and
 * goes on); an access denied to both requests returns normally (a sub-account may be allowed to write objects only).
 */
public final class CosProbe {
  private static final Logger LOG = LoggerFactory.getLogger(CosProbe.class);
  private static final Pattern COS_HOST = Pattern.compile("(?:.+\\.)?cos\\.([a-z0-9-]+)\\.myqcloud\\.com");
  private static final List<String> CREDENTIALS = List.of(CosSinkProvider.SECRET_ID, CosSinkProvider.SECRET_KEY);
  private static final List<String> TEMPORARY_CREDENTIALS = List.of(CosSinkProvider.TOKEN, CosSinkProvider.SECRET_ID,
      CosSinkProvider.SECRET_KEY);

  private final COSClient cos;
  private final CosSinkConfig config;
  private final String location;
  private final PluginKind role;
  private final String plugin;

  /** The sink's probe. */
  public CosProbe(COSClient cos, CosSinkConfig config, String location) {
    this(cos, config, location, PluginKind.SINK);
  }

  /**
   * The probe of a COS sink or source ({@code role}) on the connection {@code config}; its errors name the plugin
   * {@code <role> 'cos'} and the settings by the names the sink and the COS source share ({@code endpoint},
   * {@code region}, {@code bucket}, {@code secret-id}, {@code secret-key}).
   */
  public CosProbe(COSClient cos, CosSinkConfig config, String location, PluginKind role) {
    this.cos = cos;
    this.config = config;
    this.location = location;
    this.role = role;
    this.plugin = role.describe(CosSinkProvider.TYPE);
  }

  /**
   * Probes; returns normally when nothing proves the configuration wrong: true when COS answered that the bucket
   * exists, false when the credentials may not ask.
   */
  public boolean run() throws IOException {
    checkEndpointRegion();
    HeadBucketResult head;
    try {
      head = cos.headBucket(new HeadBucketRequest(config.bucket()));
    } catch (CosServiceException e) {
      if (e.getStatusCode() == 403 || e.getStatusCode() == 400) {
        // a HEAD answer has no body: its error code (expired token, rejected key...) needs a GET
        askWhyForbidden();
        return false;
      }
      throw service(e, "HEAD Bucket");
    } catch (RuntimeException e) {
      throw client(e, "HEAD Bucket");
    }
    String region = head == null ? null : head.getBucketRegion();
    if (publicEndpoint() && region != null && !region.isBlank() && !region.equals(config.region())) {
      throw new ConfigurationException(plugin, List.of(CosSinkProvider.REGION), "bucket " + config.bucket()
          + " is in region " + region + ", not " + config.region() + "; give its region", null);
    }
    return true;
  }

  /** A 403 to HEAD Bucket: a GET's error body says whether the credentials or the policy is the reason. */
  private void askWhyForbidden() throws IOException {
    try {
      cos.getBucketLocation(config.bucket());
    } catch (CosServiceException e) {
      String code = e.getErrorCode() == null ? "" : e.getErrorCode();
      if (e.getStatusCode() == 403 && (code.isEmpty() || code.equals("AccessDenied"))) {
        LOG.info("cannot check bucket {} before the run: these credentials may not HEAD it or read its location"
            + " (HTTP 403{}); going on", location, code.isEmpty() ? "" : ", " + code);
        return;
      }
      throw service(e, "GET Bucket location");
    } catch (RuntimeException e) {
      throw client(e, "GET Bucket location");
    }
  }

  private IOException service(CosServiceException e, String op) {
    int status = e.getStatusCode();
    String code = e.getErrorCode() == null ? "" : e.getErrorCode();
    code = code.matches("[0-9]{3}\\b.*") ? "" : code; // cos_api's stand-in for an answer without a body
    String detail = " (" + op + ": HTTP " + status + (code.isEmpty() ? "" : ", " + code)
        + (e.getRequestId() == null || e.getRequestId().isEmpty() ? "" : ", request id " + e.getRequestId()) + ")";
    if (status == 404 || code.equals("NoSuchBucket")) {
      return new ConfigurationException(plugin, List.of(CosSinkProvider.BUCKET, CosSinkProvider.REGION), "bucket "
          + config.bucket() + " does not exist in region " + config.region() + where() + detail + "; check the"
          + " bucket name (name-appid, e.g. photos-1250000000) and that this is the bucket's region", e);
    }
    if (status == 301 || code.equals("PermanentRedirect")) {
      return new ConfigurationException(plugin, List.of(CosSinkProvider.REGION, CosSinkProvider.BUCKET), "COS"
          + " redirects requests for bucket " + config.bucket() + " elsewhere" + detail + ": the bucket is not in"
          + " region " + config.region() + "; give its region", e);
    }
    if (code.equals("ExpiredToken") || code.equals("TokenExpired")) {
      // mid-run this is transient (a refreshing provider heals it); before the first request, the credentials
      // the run starts with have already expired
      return new ConfigurationException(plugin, TEMPORARY_CREDENTIALS, "the temporary credentials have expired"
          + detail + "; get a new token with its SecretId and SecretKey (temporary credentials last minutes to"
          + " hours)", e);
    }
    IOException mapped = CosErrors.map(e, op + " of", location, null);
    if (mapped instanceof MigrateException m && m.kind() == ErrorKind.FATAL_CONFIGURATION) {
      return new ConfigurationException(plugin, CREDENTIALS, "COS rejected the credentials or the signature"
          + detail + "; check the SecretId and SecretKey (and the token of temporary credentials) and this"
          + " machine's clock", e);
    }
    return mapped;
  }

  private IOException client(RuntimeException e, String op) {
    IOException mapped = CosErrors.map(e, op + " of", location, null);
    if (!(mapped instanceof MigrateException m) || m.kind() != ErrorKind.TRANSIENT) {
      return mapped; // interrupted, or our own error
    }
    int depth = 0;
    for (Throwable c = e; c != null && depth++ < 32; c = c.getCause()) {
      if (c instanceof SSLException) {
        return new ConfigurationException(plugin, List.of(CosSinkProvider.ENDPOINT), "the TLS (https) handshake"
            + " with " + target() + " failed (" + oneLine(c) + "); if the server speaks plain HTTP (a test server),"
            + " give an http:// endpoint, else check its certificate", e);
      }
      if (c instanceof UnknownHostException) {
        return unreachable("the host name does not resolve (" + oneLine(c) + ")", e);
      }
      if (c instanceof ConnectException || c instanceof NoRouteToHostException
          || c instanceof ConnectTimeoutException) {
        return unreachable(oneLine(c), e);
      }
    }
    return mapped;
  }

  private ConfigurationException unreachable(String why, Throwable e) {
    List<String> settings = config.endpoint().isPresent() ? List.of(CosSinkProvider.ENDPOINT)
        : List.of(CosSinkProvider.REGION);
    return new ConfigurationException(plugin, settings, "cannot reach the " + role.label() + " at " + target()
        + " (" + why + "); check the endpoint, region and network", e);
  }

  private void checkEndpointRegion() throws ConfigurationException {
    Optional<URI> e = config.endpoint();
    if (e.isEmpty()) {
      return;
    }
    Matcher m = COS_HOST.matcher(e.get().getHost().toLowerCase(Locale.ROOT));
    if (m.matches() && !m.group(1).equals(config.region()) && !m.group(1).equals("accelerate")) {
      throw new ConfigurationException(plugin, List.of(CosSinkProvider.REGION, CosSinkProvider.ENDPOINT), "the"
          + " endpoint " + target() + " is in region " + m.group(1) + ", not " + config.region() + "; give the"
          + " bucket's region and its endpoint", null);
    }
  }

  private boolean publicEndpoint() {
    return config.endpoint().map(u -> u.getHost().toLowerCase(Locale.ROOT).endsWith(".myqcloud.com"))
        .orElse(true);
  }

  /** Where requests go, without user info, query or secrets. */
  private String target() {
    return config.endpoint().map(u -> u.getScheme() + "://" + u.getRawAuthority()
        + (u.getRawPath() == null ? "" : u.getRawPath()))
        .orElse("https://" + config.bucket() + ".cos." + config.region() + ".myqcloud.com");
  }

  private String where() {
    return config.endpoint().isPresent() ? " at " + target() : "";
  }

  private static String oneLine(Throwable c) {
    String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage().strip();
    int nl = m.indexOf('\n');
    m = nl < 0 ? m : m.substring(0, nl);
    int q = m.indexOf('?');
    m = q < 0 ? m : m.substring(0, q) + "?...";
    return m.length() > 200 ? m.substring(0, 200) + "..." : m;
  }
}
