package io.github.cosmigrate.sink.cos;

import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.provider.InvalidSettingsException;
import io.github.cosmigrate.spi.provider.PluginSettings;
import io.github.cosmigrate.spi.provider.SettingSpec;
import io.github.cosmigrate.spi.provider.SinkProvider;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Provider of type {@code cos}: a {@link CosSink} from flat settings. {@code secret-id}, {@code secret-key} and
 * {@code token} are secret; when neither {@code secret-id} nor {@code secret-key} is given, the credentials come
 * from the environment variables {@code COS_SECRET_ID}, {@code COS_SECRET_KEY} and (temporary credentials)
 * {@code COS_TOKEN}, read when the sink is created. {@code client-encryption-key} names a key file (not secret); the
 * key read from it is never shown; a key file that cannot be used is an invalid setting naming it.
 */
public final class CosSinkProvider implements SinkProvider {
  public static final String TYPE = "cos";
  public static final String REGION = "region";
  public static final String BUCKET = "bucket";
  public static final String ENDPOINT = "endpoint";
  public static final String PATH_STYLE = "path-style";
  public static final String SECRET_ID = "secret-id";
  public static final String SECRET_KEY = "secret-key";
  public static final String TOKEN = "token";
  public static final String STORAGE_CLASS = "storage-class";
  public static final String SSE = "sse";
  public static final String SSE_KMS_KEY_ID = "sse-kms-key-id";
  public static final String SSE_KMS_CONTEXT = "sse-kms-context";
  public static final String CLIENT_ENCRYPTION_KEY = "client-encryption-key";
  public static final String CONNECT_TIMEOUT = "connect-timeout";
  public static final String SOCKET_TIMEOUT = "socket-timeout";
  public static final String MAX_CONNECTIONS = "max-connections";
  public static final String SDK_MAX_RETRIES = "sdk-max-retries";
  public static final String LIMITS = "limits";
  public static final String PROXY = "proxy";
  public static final String TRAFFIC_LIMIT = "traffic-limit";
  public static final String DIRECT_PUTS = "direct-puts";

  private static final List<SettingSpec> SETTINGS = List.of(
      SettingSpec.required(REGION, "the bucket's region, e.g. ap-guangzhou"),
      SettingSpec.required(BUCKET, "the bucket as name-appid, e.g. photos-1250000000"),
      SettingSpec.optional(ENDPOINT, "endpoint override (custom domain, private cloud, test server)"),
      SettingSpec.withDefault(PATH_STYLE, "false", "put the bucket in the URL path (needs endpoint)"),
      SettingSpec.optional(SECRET_ID, "the SecretId (default: COS_SECRET_ID from the environment)").asSecret(),
      SettingSpec.optional(SECRET_KEY, "the SecretKey (default: COS_SECRET_KEY from the environment)").asSecret(),
      SettingSpec.optional(TOKEN, "the token of temporary credentials (default: COS_TOKEN)").asSecret(),
      SettingSpec.optional(STORAGE_CLASS, "storage class of objects whose metadata names none, e.g. STANDARD_IA"),
      SettingSpec.withDefault(SSE, "none", "none|cos|kms: request SSE-COS (AES256) or SSE-KMS (cos/kms) for"
          + " objects that name no encryption"),
      SettingSpec.optional(SSE_KMS_KEY_ID, "with sse=kms: the KMS key id (default: the account's COS default key)"),
      SettingSpec.optional(SSE_KMS_CONTEXT, "with sse=kms: the encryption context, a JSON object"),
      SettingSpec.optional(CLIENT_ENCRYPTION_KEY, "client-side encryption compatible with COSEncryptionClient: the"
          + " key file (32 raw bytes of an AES-256 key, or a PEM PKCS#8 RSA private key)"),
      SettingSpec.withDefault(CONNECT_TIMEOUT, "10s", "TCP connect timeout"),
      SettingSpec.withDefault(SOCKET_TIMEOUT, "60s", "read idle timeout"),
      SettingSpec.withDefault(MAX_CONNECTIONS, "256", "HTTP connection pool size (at least the concurrency)"),
      SettingSpec.withDefault(SDK_MAX_RETRIES, "1", "retries of one body-less request by the SDK, 0 to 10"),
      SettingSpec.withDefault(LIMITS, "cos", "cos|s3: part limits of the destination (s3 for S3-compatible servers)"),
      SettingSpec.optional(PROXY, "host:port of an HTTP proxy for every request"),
      SettingSpec.withDefault(TRAFFIC_LIMIT, "0", "bit/s per upload request (x-cos-traffic-limit), 819200 to"
          + " 838860800; 0 for none"),
      SettingSpec.withDefault(DIRECT_PUTS, "true", "send put and part bodies on the sink's own HTTP client, the"
          + " requests built and signed by cos_api (false: through cos_api's putObject/uploadPart)"));

  private final UnaryOperator<String> env;

  /** Reads fallback credentials from {@link System#getenv(String)}. */
  public CosSinkProvider() {
    this(System::getenv);
  }

  /** Reads fallback credentials from {@code env} (tests, or a caller with its own environment). */
  public CosSinkProvider(UnaryOperator<String> env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String description() {
    return "a Tencent COS bucket";
  }

  @Override
  public List<SettingSpec> settings() {
    return SETTINGS;
  }

  /** The config these settings describe, without creating a client. */
  public CosSinkConfig config(PluginSettings s) {
    CosSinkConfig.Builder b = CosSinkConfig.builder()
        .region(s.require(REGION))
        .bucket(s.require(BUCKET))
        .credentials(new StaticCredentials(credentials(s)))
        .pathStyle(s.bool(PATH_STYLE))
        .directPuts(s.bool(DIRECT_PUTS))
        .sseCos(s.choice(SSE, "none", "cos", "kms").equals("cos"))
        .connectTimeout(positive(s, CONNECT_TIMEOUT))
        .socketTimeout(positive(s, SOCKET_TIMEOUT))
        .maxConnections(s.positiveInt(MAX_CONNECTIONS))
        .sdkMaxRetries(s.intInRange(SDK_MAX_RETRIES, 0, 10))
        .limits(s.choice(LIMITS, "cos", "s3").equals("s3") ? SinkLimits.s3() : SinkLimits.cos());
    s.httpUrl(ENDPOINT).ifPresent(b::endpoint);
    s.get(STORAGE_CLASS).ifPresent(b::defaultStorageClass);
    s.get(PROXY).ifPresent(p -> {
      int colon = p.lastIndexOf(':');
      int port = -1;
      try {
        port = colon > 0 ? Integer.parseInt(p.substring(colon + 1).trim()) : -1;
      } catch (NumberFormatException e) {
        // reported below
      }
      if (port < 1 || port > 65535) {
        throw s.invalid(PROXY, "must be host:port with a port from 1 to 65535, was '" + p + "'");
      }
      b.proxy(p.substring(0, colon).trim(), port);
    });
    try {
      b.trafficLimit(Long.parseLong(s.get(TRAFFIC_LIMIT).orElse("0").trim()));
    } catch (NumberFormatException e) {
      throw s.invalid(TRAFFIC_LIMIT, "must be a whole number of bit/s, was '" + s.get(TRAFFIC_LIMIT).orElse("")
          + "'");
    } catch (IllegalArgumentException e) {
      throw s.invalid(TRAFFIC_LIMIT, String.valueOf(e.getMessage()));
    }
    sseKms(s).ifPresent(b::sseKms);
    s.get(CLIENT_ENCRYPTION_KEY).ifPresent(f -> {
      try {
        b.clientEncryption(ClientEncryptionKey.load(java.nio.file.Path.of(f.trim())));
      } catch (IllegalArgumentException e) {
        throw s.invalid(CLIENT_ENCRYPTION_KEY, String.valueOf(e.getMessage()));
      }
    });
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingsException(s.plugin(), String.valueOf(e.getMessage()), e);
    }
  }

  @Override
  public Sink create(PluginSettings settings) {
    return CosSink.open(config(settings));
  }

  private static Optional<CosSinkConfig.SseKms> sseKms(PluginSettings s) {
    boolean kms = s.choice(SSE, "none", "cos", "kms").equals("kms");
    Optional<String> keyId = s.get(SSE_KMS_KEY_ID);
    Optional<String> context = s.get(SSE_KMS_CONTEXT);
    if (!kms) {
      if (keyId.isPresent() || context.isPresent()) {
        throw s.invalid(keyId.isPresent() ? SSE_KMS_KEY_ID : SSE_KMS_CONTEXT, "needs sse=kms");
      }
      return Optional.empty();
    }
    try {
      return Optional.of(new CosSinkConfig.SseKms(keyId, context));
    } catch (IllegalArgumentException e) {
      throw s.invalid(keyId.isPresent() && String.valueOf(e.getMessage()).contains("key id") ? SSE_KMS_KEY_ID
          : SSE_KMS_CONTEXT, String.valueOf(e.getMessage()));
    }
  }

  private static java.time.Duration positive(PluginSettings s, String name) {
    java.time.Duration d = s.duration(name);
    if (d.isZero()) {
      throw s.invalid(name, "must be longer than 0");
    }
    return d;
  }

  private CosCredentials credentials(PluginSettings s) {
    Optional<String> id = s.get(SECRET_ID);
    Optional<String> key = s.get(SECRET_KEY);
    Optional<String> token = s.get(TOKEN);
    if (id.isEmpty() && key.isEmpty()) {
      id = fromEnv("COS_SECRET_ID");
      key = fromEnv("COS_SECRET_KEY");
      if (token.isEmpty()) {
        token = fromEnv("COS_TOKEN");
      }
      if (id.isEmpty() || key.isEmpty()) {
        throw s.invalid(id.isEmpty() ? SECRET_ID : SECRET_KEY, "is required: give secret-id and secret-key, or set"
            + " COS_SECRET_ID and COS_SECRET_KEY in the environment (and COS_TOKEN for temporary credentials)");
      }
    } else if (id.isEmpty() || key.isEmpty()) {
      throw s.invalid(id.isEmpty() ? SECRET_ID : SECRET_KEY, "is required with "
          + (id.isEmpty() ? SECRET_KEY : SECRET_ID));
    }
    return token.isPresent() ? CosCredentials.temporary(id.get().trim(), key.get().trim(), token.get().trim())
        : CosCredentials.of(id.get().trim(), key.get().trim());
  }

  private Optional<String> fromEnv(String name) {
    String v = env.apply(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  /** Credentials that print masked. */
  private record StaticCredentials(CosCredentials c) implements CosCredentialsProvider {
    @Override
    public CosCredentials credentials() {
      return c;
    }

    @Override
    public String toString() {
      return "static " + c;
    }
  }
}
