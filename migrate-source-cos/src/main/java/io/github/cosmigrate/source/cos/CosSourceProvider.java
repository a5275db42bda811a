package io.github.cosmigrate.source.cos;

import io.github.cosmigrate.sink.cos.CosCredentials;
import io.github.cosmigrate.sink.cos.CosCredentialsProvider;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.provider.InvalidSettingsException;
import io.github.cosmigrate.spi.provider.PluginSettings;
import io.github.cosmigrate.spi.provider.SettingSpec;
import io.github.cosmigrate.spi.provider.SourceProvider;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Provider of type {@code cos}: a {@link CosSource} from flat settings. {@code secret-id}, {@code secret-key} and
 * {@code token} are secret. When neither {@code secret-id} nor {@code secret-key} is given, the credentials come
 * from the environment: {@code COS_SRC_SECRET_ID}, {@code COS_SRC_SECRET_KEY} and {@code COS_SRC_TOKEN} when
 * {@code COS_SRC_SECRET_ID} is set, else the destination's {@code COS_SECRET_ID}, {@code COS_SECRET_KEY} and
 * {@code COS_TOKEN}; read when the source is created. {@code storage-classes} is a newline- or comma-separated
 * list of COS storage classes (any case).
 */
public final class CosSourceProvider implements SourceProvider {
  public static final String TYPE = "cos";
  public static final String REGION = "region";
  public static final String BUCKET = "bucket";
  public static final String PREFIX = "prefix";
  public static final String ENDPOINT = "endpoint";
  public static final String PATH_STYLE = "path-style";
  public static final String SECRET_ID = "secret-id";
  public static final String SECRET_KEY = "secret-key";
  public static final String TOKEN = "token";
  public static final String STORAGE_CLASSES = "storage-classes";
  public static final String PAGE_SIZE = "page-size";
  public static final String MAX_CONNECTIONS = "max-connections";
  public static final String CONNECT_TIMEOUT = "connect-timeout";
  public static final String SOCKET_TIMEOUT = "socket-timeout";
  public static final String SDK_MAX_RETRIES = "sdk-max-retries";

  private static final List<SettingSpec> SETTINGS = List.of(
      SettingSpec.required(REGION, "the source bucket's region, e.g. ap-guangzhou"),
      SettingSpec.required(BUCKET, "the source bucket as name-appid, e.g. photos-1250000000"),
      SettingSpec.optional(PREFIX, "list only keys under this prefix; keys are taken relative to it"),
      SettingSpec.optional(ENDPOINT, "endpoint override (private cloud, test server)"),
      SettingSpec.withDefault(PATH_STYLE, "false", "put the bucket in the URL path (needs endpoint)"),
      SettingSpec.optional(SECRET_ID, "the SecretId (default: COS_SRC_SECRET_ID, else COS_SECRET_ID)").asSecret(),
      SettingSpec.optional(SECRET_KEY, "the SecretKey (default: COS_SRC_SECRET_KEY, else COS_SECRET_KEY)")
          .asSecret(),
      SettingSpec.optional(TOKEN, "the token of temporary credentials (default: COS_SRC_TOKEN, else COS_TOKEN)")
          .asSecret(),
      SettingSpec.optional(STORAGE_CLASSES, "only objects of these storage classes (newline or comma separated);"
          + " the others are skipped with a reason (default: all)"),
      SettingSpec.withDefault(PAGE_SIZE, String.valueOf(CosSourceConfig.DEFAULT_PAGE_SIZE),
          "keys per ListObjects page (1 to 1000)"),
      SettingSpec.withDefault(MAX_CONNECTIONS, String.valueOf(CosSourceConfig.DEFAULT_MAX_CONNECTIONS),
          "HTTP connections to the source"),
      SettingSpec.withDefault(CONNECT_TIMEOUT, "10s", "TCP connect timeout"),
      SettingSpec.withDefault(SOCKET_TIMEOUT, "60s", "read idle timeout"),
      SettingSpec.withDefault(SDK_MAX_RETRIES, "1", "retries of one failed request by the SDK, 0 to 10"));

  private final UnaryOperator<String> env;

  /** Reads fallback credentials from {@link System#getenv(String)}. */
  public CosSourceProvider() {
    this(System::getenv);
  }

  /** Reads fallback credentials from {@code env} (tests, or a caller with its own environment). */
  public CosSourceProvider(UnaryOperator<String> env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String description() {
    return "a Tencent COS bucket (COS to COS: copied server-side where the destination can)";
  }

  @Override
  public List<SettingSpec> settings() {
    return SETTINGS;
  }

  /** The config these settings describe, without creating a client. */
  public CosSourceConfig config(PluginSettings s) {
    CosSourceConfig.Builder b = CosSourceConfig.builder()
        .region(s.require(REGION))
        .bucket(s.require(BUCKET))
        .prefix(s.get(PREFIX).orElse(""))
        .credentials(CosCredentialsProvider.of(credentials(s)))
        .pathStyle(s.bool(PATH_STYLE))
        .pageSize(s.intInRange(PAGE_SIZE, 1, 1000))
        .maxConnections(s.positiveInt(MAX_CONNECTIONS))
        .connectTimeout(positive(s, CONNECT_TIMEOUT))
        .socketTimeout(positive(s, SOCKET_TIMEOUT))
        .sdkMaxRetries(s.intInRange(SDK_MAX_RETRIES, 0, 10));
    s.httpUrl(ENDPOINT).ifPresent(b::endpoint);
    b.storageClasses(new java.util.TreeSet<>(s.list(STORAGE_CLASSES).stream()
        .flatMap(v -> java.util.Arrays.stream(v.split(","))).map(String::trim).filter(v -> !v.isEmpty())
        .toList()));
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingsException(s.plugin(), String.valueOf(e.getMessage()), e);
    }
  }

  @Override
  public Source create(PluginSettings settings) {
    return CosSource.open(config(settings));
  }

  private static Duration positive(PluginSettings s, String name) {
    Duration d = s.duration(name);
    if (d.isZero() || d.isNegative()) {
      throw s.invalid(name, "must be longer than 0");
    }
    return d;
  }

  private CosCredentials credentials(PluginSettings s) {
    Optional<String> id = s.get(SECRET_ID);
    Optional<String> key = s.get(SECRET_KEY);
    Optional<String> token = s.get(TOKEN);
    if (id.isEmpty() && key.isEmpty()) {
      String p = fromEnv("COS_SRC_SECRET_ID").isPresent() ? "COS_SRC_" : "COS_";
      id = fromEnv(p + "SECRET_ID");
      key = fromEnv(p + "SECRET_KEY");
      if (token.isEmpty()) {
        token = fromEnv(p + "TOKEN");
      }
      if (id.isEmpty() || key.isEmpty()) {
        throw s.invalid(id.isEmpty() ? SECRET_ID : SECRET_KEY, "is required: give secret-id and secret-key, or set"
            + " COS_SRC_SECRET_ID and COS_SRC_SECRET_KEY (or the destination's COS_SECRET_ID and COS_SECRET_KEY) in"
            + " the environment");
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
}
