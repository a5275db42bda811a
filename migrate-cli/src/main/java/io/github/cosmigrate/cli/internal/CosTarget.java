package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.sink.cos.CosSinkProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The destination settings every command shares: bucket, region, endpoint override, credentials from the
 * environment. {@link #toString()} never shows the secret.
 *
 * @param bucket {@code name-appid}
 * @param region e.g. {@code ap-guangzhou}
 * @param endpoint an endpoint override, e.g. a test server; a bare host name means {@code https://}
 * @param pathStyle send the bucket in the URL path (with an endpoint override)
 * @param s3Limits use S3's part limits (5 MiB minimum part) instead of COS's: for S3-compatible test servers
 * @param secretId from {@code COS_SECRET_ID}
 * @param secretKey from {@code COS_SECRET_KEY}
 * @param token from {@code COS_TOKEN}, for temporary credentials
 * @param proxy {@code host:port} of an HTTP proxy for every request ({@code --proxy})
 * @param trafficLimit bit/s per upload request, enforced by COS ({@code --traffic-limit}); 0 for none
 * @param encryption server-side and client-side encryption ({@code --sse}, {@code --sse-kms-key-id},
 *     {@code --sse-kms-context}, {@code --client-encryption-key}) as COS sink settings; checked by the sink's provider
 * @param sdkPuts send put and part bodies through cos_api instead of the sink's own HTTP client ({@code --sdk-puts})
 */
public record CosTarget(String bucket, String region, Optional<URI> endpoint, boolean pathStyle, boolean s3Limits,
    String secretId, String secretKey, Optional<String> token, Optional<String> proxy, long trafficLimit,
    Map<String, String> encryption, boolean sdkPuts) {

  public CosTarget {
    encryption = Map.copyOf(encryption);
  }

  /** A target without proxy, traffic limit or encryption. */
  public CosTarget(String bucket, String region, Optional<URI> endpoint, boolean pathStyle, boolean s3Limits,
      String secretId, String secretKey, Optional<String> token) {
    this(bucket, region, endpoint, pathStyle, s3Limits, secretId, secretKey, token, Optional.empty(), 0, Map.of(),
        false);
  }

  /** The encryption flags and the COS sink settings they set. */
  static final Map<String, String> ENCRYPTION_FLAGS = Map.of("sse", CosSinkProvider.SSE, "sse-kms-key-id",
      CosSinkProvider.SSE_KMS_KEY_ID, "sse-kms-context", CosSinkProvider.SSE_KMS_CONTEXT, "client-encryption-key",
      CosSinkProvider.CLIENT_ENCRYPTION_KEY);

  public static final Pattern BUCKET = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?-[0-9]{5,}");
  public static final Pattern REGION = Pattern.compile("[a-z]{2,}(?:-[a-z0-9]+)+");

  /** The flags of the destination, which every COS-facing command takes. */
  static final java.util.List<Flag> FLAGS = java.util.List.of(
      Flag.value("bucket", "NAME-APPID", "required: the destination bucket, e.g. photos-1250000000"),
      Flag.value("region", "REGION", "required: the bucket's region, e.g. ap-guangzhou"),
      Flag.value("endpoint", "URL", "endpoint override (private cloud, test server); a bare host name means https,"
          + " plain http:// is warned about"),
      Flag.toggle("path-style", "put the bucket in the URL path (with --endpoint; implied for an IP or localhost)"),
      Flag.value("sink-limits", "cos|s3", "part-size limits of the destination (s3: 5 MiB minimum part)", "cos"),
      Flag.value("proxy", "HOST:PORT", "send every request to COS through this HTTP proxy"),
      Flag.value("traffic-limit", "BITS_PER_S", "ask COS to limit each upload request (x-cos-traffic-limit), 819200"
          + " to 838860800 bit/s"),
      Flag.value("sse", "cos|kms", "server-side encryption of every object: cos = SSE-COS (AES256), kms = SSE-KMS"),
      Flag.value("sse-kms-key-id", "ID", "with --sse kms: the KMS key (default: the account's default COS key)"),
      Flag.value("sse-kms-context", "JSON", "with --sse kms: the encryption context, a JSON object"),
      Flag.value("client-encryption-key", "FILE", "encrypt every object here, as cos_api's COSEncryptionClient does"
          + " (AES/CTR, a fresh data key and IV per object): FILE holds 32 raw bytes of an AES-256 key, or a PEM"
          + " PKCS#8 RSA private key; read it back with COSEncryptionClient and the same key. Verification then"
          + " covers the ciphertext sent"),
      Flag.toggle("sdk-puts", "send object and part bodies through cos_api's putObject/uploadPart instead of the"
          + " sink's own HTTP client (slower; a fallback should an endpoint disagree with the direct puts)"));

  /** True for an IP literal or {@code localhost}, which cannot carry the bucket as a sub-domain. */
  static boolean hostIsAddress(URI endpoint) {
    String h = endpoint.getHost().toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("[") || h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  /** Reads and checks bucket, region, endpoint and credentials. */
  static CosTarget from(CliArgs a, Map<String, String> env) throws UsageException {
    String bucket = a.require("bucket", "the destination bucket as name-appid, e.g. photos-1250000000").trim();
    if (!BUCKET.matcher(bucket).matches() || bucket.length() > 60) {
      throw new UsageException("--bucket '" + bucket + "' is not a COS bucket name: expected name-appid, e.g."
          + " photos-1250000000 (lower-case letters, digits and '-', then '-' and the numeric APPID; at most 60"
          + " characters)");
    }
    String region = a.require("region", "the bucket's region, e.g. ap-guangzhou").trim();
    if (!REGION.matcher(region).matches()) {
      throw new UsageException("--region '" + region + "' is not a COS region name such as ap-guangzhou or"
          + " ap-shanghai");
    }
    Optional<URI> endpoint = Optional.empty();
    if (a.get("endpoint").isPresent()) {
      // a bare host name means HTTPS; plain HTTP only when the URL says http://
      String e = io.github.cosmigrate.spi.provider.PluginSettings.withScheme(a.get("endpoint").get());
      try {
        URI u = new URI(e);
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
          throw new UsageException("--endpoint '" + e + "' must be an http:// or https:// URL with a host,"
              + " e.g. https://cos.ap-guangzhou.myqcloud.com or http://127.0.0.1:9000");
        }
        if (u.getRawQuery() != null || u.getRawUserInfo() != null) {
          throw new UsageException("--endpoint must not carry user info or a query string");
        }
        endpoint = Optional.of(u);
      } catch (URISyntaxException ex) {
        throw new UsageException("--endpoint '" + e + "' is not a URL: " + ex.getReason());
      }
    }
    // a bucket cannot be a sub-domain of an IP address: such endpoints are always path style
    boolean pathStyle = a.has("path-style") || endpoint.map(CosTarget::hostIsAddress).orElse(false);
    if (a.has("path-style") && endpoint.isEmpty()) {
      throw new UsageException("--path-style needs --endpoint (the public COS endpoints are virtual-host style)");
    }
    boolean s3Limits = a.choice("sink-limits", "cos", "cos", "s3").equals("s3");
    String id = env.getOrDefault("COS_SECRET_ID", "").trim();
    String key = env.getOrDefault("COS_SECRET_KEY", "").trim();
    if (id.isEmpty() || key.isEmpty()) {
      throw new UsageException("missing credentials: set the environment variables COS_SECRET_ID and"
          + " COS_SECRET_KEY (and COS_TOKEN for temporary credentials)" + (id.isEmpty() ? "" : "; COS_SECRET_KEY"
          + " is empty"));
    }
    String token = env.getOrDefault("COS_TOKEN", "").trim();
    long traffic = 0;
    if (a.get("traffic-limit").isPresent()) {
      try {
        traffic = Long.parseLong(a.get("traffic-limit").get().trim());
      } catch (NumberFormatException e) {
        throw new UsageException("--traffic-limit must be a whole number of bit/s, was '"
            + a.get("traffic-limit").get() + "'");
      }
    }
    Map<String, String> encryption = new java.util.TreeMap<>();
    for (Map.Entry<String, String> f : ENCRYPTION_FLAGS.entrySet()) {
      a.get(f.getKey()).ifPresent(v -> encryption.put(f.getValue(), v));
    }
    return new CosTarget(bucket, region, endpoint, pathStyle, s3Limits, id, key,
        token.isEmpty() ? Optional.empty() : Optional.of(token), a.get("proxy").map(String::trim), traffic, encryption,
        a.has("sdk-puts"));
  }

  /** Names the destination for the ledger's job identity and for messages: no secrets. */
  public String describe(String prefix) {
    return "cos:" + endpoint.map(u -> u.toString().replaceAll("/+$", "") + "|").orElse("") + region + "/"
        + bucket + "/" + prefix;
  }

  @Override
  public String toString() {
    return "CosTarget[bucket=" + bucket + ", region=" + region + ", endpoint=" + endpoint.map(URI::toString)
        .orElse("(region default)") + ", pathStyle=" + pathStyle + ", encryption=" + encryption + ", sdkPuts=" + sdkPuts
        + ", secretId=****, secretKey=****]";
  }
}
