package io.github.cosmigrate.source.s3.internal;

import io.github.cosmigrate.error.ConfigurationException;
import io.github.cosmigrate.source.s3.S3SourceConfig;
import io.github.cosmigrate.source.s3.S3SourceProvider;
import io.github.cosmigrate.spi.provider.PluginKind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * The S3 source's configuration probe ({@link io.github.cosmigrate.spi.capability.Probe}): a HEAD Bucket, and when
 * it is answered with 400, 401 or 403 (a HEAD answer has no body, so no error code), a ListObjectsV2 of at most one
 * key under the prefix, whose error code tells rejected credentials from a policy that does not allow the probe. So
 * a run from a manifest, whose listing is the manifest, sends no listing request when the bucket answers the HEAD.
 * Answers that prove the configuration wrong become a {@link ConfigurationException} naming the provider's
 * settings:
 * <ul>
 *   <li>a connection refused, a host that does not resolve, no route, a connect timeout, a failed TLS handshake:
 *       {@code endpoint} (without an endpoint override, the AWS endpoint follows from {@code region});</li>
 *   <li>404 or NoSuchBucket, InvalidBucketName: {@code bucket};</li>
 *   <li>a redirect (301, PermanentRedirect) or AuthorizationHeaderMalformed (a signature for another region):
 *       {@code region};</li>
 *   <li>rejected credentials (InvalidAccessKeyId, SignatureDoesNotMatch, a bad or expired token, a skewed clock,
 *       HTTP 401) or none found by the SDK's default chain: {@code access-key-id} and {@code secret-access-key}
 *       (and {@code session-token} for a token error).</li>
 * </ul>
 * Anything else proves nothing: an access denied (the credentials may read objects but not list this prefix; the
 * listing decides) returns normally, a 5xx or throttling is thrown as {@link S3Errors} maps it (the engine logs it
 * and goes on).
 */
public final class S3Probe {
  private static final Logger LOG = LoggerFactory.getLogger(S3Probe.class);
  private static final String PLUGIN = PluginKind.SOURCE.describe(S3SourceProvider.TYPE);

  private final S3Client s3;
  private final S3SourceConfig config;

  public S3Probe(S3Client s3, S3SourceConfig config) {
    this.s3 = s3;
    this.config = config;
  }

  /** Probes; returns normally when nothing proves the configuration wrong. */
  public void run() throws IOException {
    try {
      s3.headBucket(HeadBucketRequest.builder().bucket(config.bucket()).build());
      return;
    } catch (AwsServiceException e) {
      int status = e.statusCode();
      String detail = " (HEAD Bucket: HTTP " + status + requestId(e) + ")";
      if (status == 404) {
        throw noSuchBucket(detail, e);
      }
      if (status == 301) {
        throw wrongRegion(detail + e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region")
            .map(r -> ": the bucket is in region " + r).orElse(""), e);
      }
      if (status != 400 && status != 401 && status != 403) {
        throw S3Errors.map(e, S3Errors.Op.OBJECT, config.bucket(), "S3 source bucket '" + config.bucket() + "'");
      }
      // a HEAD answer has no body, so no error code: a listing of one key tells why
    } catch (SdkException e) {
      throw client(e);
    }
    ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(config.bucket()).maxKeys(1);
    if (!config.prefix().isEmpty()) {
      req.prefix(config.prefix());
    }
    try {
      s3.listObjectsV2(req.build());
    } catch (AwsServiceException e) {
      IOException fatal = service(e);
      if (fatal != null) {
        throw fatal;
      }
    } catch (SdkException e) {
      throw client(e);
    }
  }

  private static String requestId(AwsServiceException e) {
    return e.requestId() == null || e.requestId().isEmpty() ? "" : ", request id " + e.requestId();
  }

  /** The exception to throw for an error answer, or null when it proves nothing (an access denied). */
  private IOException service(AwsServiceException e) {
    int status = e.statusCode();
    AwsErrorDetails d = e.awsErrorDetails();
    String code = d == null || d.errorCode() == null ? "" : d.errorCode();
    String detail = " (ListObjectsV2: HTTP " + status + (code.isEmpty() ? "" : ", " + code) + requestId(e) + ")";
    switch (code) {
      case "NoSuchBucket", "InvalidBucketName":
        return noSuchBucket(detail, e);
      case "PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException":
        return wrongRegion(detail, e);
      case "InvalidAccessKeyId", "SignatureDoesNotMatch", "RequestTimeTooSkewed":
        return credentials(false, detail, e);
      case "InvalidToken", "ExpiredToken", "TokenRefreshRequired":
        return credentials(true, detail, e);
      case "AccessDenied", "AllAccessDisabled":
        return denied(detail);
      default:
        break;
    }
    if (status == 404) {
      return noSuchBucket(detail, e);
    }
    if (status == 301) {
      return wrongRegion(detail, e);
    }
    if (status == 401) {
      return credentials(false, detail, e);
    }
    if (status == 403) {
      return denied(detail);
    }
    return S3Errors.map(e, S3Errors.Op.OBJECT, config.bucket(), "S3 source bucket '" + config.bucket() + "'");
  }

  /** Access denied proves nothing: null (return normally), the listing decides. */
  private IOException denied(String detail) {
    LOG.info("cannot check S3 source bucket {} before the run: these credentials may not list it{}; going on",
        config.bucket(), detail);
    return null;
  }

  private ConfigurationException noSuchBucket(String detail, Throwable e) {
    return new ConfigurationException(PLUGIN, List.of(S3SourceProvider.BUCKET), "S3 bucket '" + config.bucket()
        + "' does not exist at " + target() + detail + "; check the bucket name"
        + (config.endpoint().isPresent() ? " and the endpoint" : ""), e);
  }

  private ConfigurationException wrongRegion(String detail, Throwable e) {
    return new ConfigurationException(PLUGIN, List.of(S3SourceProvider.REGION), "S3 bucket '" + config.bucket()
        + "' is not in region " + config.region().orElse("us-east-1 (the default)") + detail
        + "; give the bucket's region", e);
  }

  private ConfigurationException credentials(boolean token, String detail, Throwable e) {
    List<String> settings = new ArrayList<>(List.of(S3SourceProvider.ACCESS_KEY_ID,
        S3SourceProvider.SECRET_ACCESS_KEY));
    if (token) {
      settings.add(0, S3SourceProvider.SESSION_TOKEN);
    }
    return new ConfigurationException(PLUGIN, settings, "the S3 store rejected the credentials for bucket '"
        + config.bucket() + "'" + detail + "; check the access key id and secret access key (and the session token"
        + " of temporary credentials) and this machine's clock", e);
  }

  private IOException client(SdkException e) throws IOException {
    if (Thread.currentThread().isInterrupted()) {
      throw S3Errors.map(e, S3Errors.Op.OBJECT, config.bucket(), "probe of S3 source bucket '" + config.bucket()
          + "'");
    }
    int depth = 0;
    for (Throwable c = e; c != null && depth++ < 32; c = c.getCause()) {
      if (c instanceof SSLException) {
        return new ConfigurationException(PLUGIN, List.of(S3SourceProvider.ENDPOINT), "the TLS (https) handshake"
            + " with " + target() + " failed (" + oneLine(c) + "); if the server speaks plain HTTP (a test server),"
            + " give an http:// endpoint, else check its certificate", e);
      }
      if (c instanceof UnknownHostException) {
        return unreachable("the host name does not resolve: " + oneLine(c), e);
      }
      if (c instanceof ConnectException || c instanceof NoRouteToHostException
          || c instanceof ConnectTimeoutException) {
        return unreachable(oneLine(c), e);
      }
      if (c instanceof InterruptedIOException && !(c instanceof java.net.SocketTimeoutException)) {
        break;
      }
    }
    String m = e.getMessage() == null ? "" : e.getMessage();
    if (m.contains("Unable to load credentials")) {
      return new ConfigurationException(PLUGIN, List.of(S3SourceProvider.ACCESS_KEY_ID,
          S3SourceProvider.SECRET_ACCESS_KEY), "no credentials for the S3 source were given and the AWS SDK's"
          + " default chain (environment, profile, instance role) found none; give the access key id and secret"
          + " access key", e);
    }
    return S3Errors.map(e, S3Errors.Op.OBJECT, config.bucket(), "probe of S3 source bucket '" + config.bucket()
        + "'");
  }

  private ConfigurationException unreachable(String why, Throwable e) {
    List<String> settings = config.endpoint().isPresent() ? List.of(S3SourceProvider.ENDPOINT)
        : List.of(S3SourceProvider.REGION);
    return new ConfigurationException(PLUGIN, settings, "cannot reach the source at " + target() + " (" + why
        + "); check the endpoint and the network", e);
  }

  /** Where requests go, without user info, query or secrets. */
  private String target() {
    return config.endpoint().map(u -> u.getScheme() + "://" + u.getRawAuthority())
        .orElse("AWS S3 (region " + config.region().orElse("us-east-1") + ")");
  }

  private static String oneLine(Throwable c) {
    String m = c.getMessage() == null ? c.getClass().getSimpleName() : S3Errors.safe(c.getMessage().strip());
    int nl = m.indexOf('\n');
    m = nl < 0 ? m : m.substring(0, nl);
    return m.length() > 200 ? m.substring(0, 200) + "..." : m;
  }
}
