package io.github.cosmigrate.source.oss;

import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.provider.PluginSettings;
import io.github.cosmigrate.spi.provider.SettingSpec;
import io.github.cosmigrate.spi.provider.SourceProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Provider of type {@code oss}: an {@link OssSource} from flat settings. Credentials: {@code access-key-id} and
 * {@code access-key-secret} (and {@code security-token} for STS ones) when given, else {@code OSS_ACCESS_KEY_ID},
 * {@code OSS_ACCESS_KEY_SECRET} and {@code OSS_SESSION_TOKEN} from the environment.
 */
public final class OssSourceProvider implements SourceProvider {
  public static final String TYPE = "oss";
  public static final String BUCKET = "bucket";
  public static final String ENDPOINT = "endpoint";
  public static final String PREFIX = "prefix";
  public static final String PATH_STYLE = "path-style";
  public static final String ACCESS_KEY_ID = "access-key-id";
  public static final String ACCESS_KEY_SECRET = "access-key-secret";
  public static final String SECURITY_TOKEN = "security-token";
  public static final String PAGE_SIZE = "page-size";
  public static final String MAX_CONNECTIONS = "max-connections";
  public static final String CONNECT_TIMEOUT = "connect-timeout";
  public static final String SOCKET_TIMEOUT = "socket-timeout";

  private static final List<SettingSpec> SETTINGS = List.of(
      SettingSpec.required(BUCKET, "the source bucket"),
      SettingSpec.required(ENDPOINT, "the region's endpoint, e.g. oss-cn-hangzhou.aliyuncs.com (https) or a URL"),
      SettingSpec.optional(PREFIX, "list only keys under this prefix; keys are taken relative to it"),
      SettingSpec.withDefault(PATH_STYLE, "false", "address the bucket in the path (test servers)"),
      SettingSpec.optional(ACCESS_KEY_ID, "the AccessKey id (default: OSS_ACCESS_KEY_ID)").asSecret(),
      SettingSpec.optional(ACCESS_KEY_SECRET, "the AccessKey secret (default: OSS_ACCESS_KEY_SECRET)").asSecret(),
      SettingSpec.optional(SECURITY_TOKEN, "the STS token (default: OSS_SESSION_TOKEN)").asSecret(),
      SettingSpec.withDefault(PAGE_SIZE, "1000", "keys per listing page (1 to 1000)"),
      SettingSpec.withDefault(MAX_CONNECTIONS, "256", "HTTP connections to the source"),
      SettingSpec.withDefault(CONNECT_TIMEOUT, "10s", "connect timeout"),
      SettingSpec.withDefault(SOCKET_TIMEOUT, "60s", "read timeout of a response"));

  private static final Pattern CHECK_THE = Pattern.compile("check the '([a-z-]+)' setting");

  private final UnaryOperator<String> env;

  /** Reads fallback credentials from {@link System#getenv(String)}. */
  public OssSourceProvider() {
    this(System::getenv);
  }

  /** Reads fallback credentials from {@code env}. */
  public OssSourceProvider(UnaryOperator<String> env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String description() {
    return "an Aliyun OSS bucket";
  }

  @Override
  public List<SettingSpec> settings() {
    return SETTINGS;
  }

  /** The config these settings describe, without opening anything. */
  public OssSourceConfig config(PluginSettings s) {
    OssSourceConfig.Builder b = OssSourceConfig.builder()
        .bucket(s.require(BUCKET))
        .prefix(s.get(PREFIX).orElse(""))
        .pathStyle(s.bool(PATH_STYLE))
        .pageSize(s.intInRange(PAGE_SIZE, 1, 1000))
        .maxConnections(s.positiveInt(MAX_CONNECTIONS))
        .connectTimeout(positive(s, CONNECT_TIMEOUT))
        .socketTimeout(positive(s, SOCKET_TIMEOUT));
    try {
      b.endpoint(s.require(ENDPOINT));
    } catch (IllegalArgumentException e) {
      throw s.invalid(ENDPOINT, e.getMessage());
    }
    Optional<String> id = s.get(ACCESS_KEY_ID).or(() -> fromEnv("OSS_ACCESS_KEY_ID"));
    Optional<String> secret = s.get(ACCESS_KEY_SECRET).or(() -> fromEnv("OSS_ACCESS_KEY_SECRET"));
    Optional<String> token = s.get(SECURITY_TOKEN).or(() -> fromEnv("OSS_SESSION_TOKEN"));
    if (id.isEmpty() || secret.isEmpty()) {
      throw s.invalid(id.isEmpty() ? ACCESS_KEY_ID : ACCESS_KEY_SECRET, "is required: give access-key-id and "
          + "access-key-secret, or set OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET in the environment");
    }
    if (token.isPresent()) {
      b.credentials(id.get(), secret.get(), token.get());
    } else {
      b.credentials(id.get(), secret.get());
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw s.invalid(settingNamedIn(e.getMessage()), e.getMessage());
    }
  }

  /**
   * The setting an {@link OssSourceConfig} message is about: each says "(check the 'endpoint' setting)" or the
   * like, and a command line maps the setting to its flag, so the right one must be named; else the bucket.
   */
  static String settingNamedIn(String message) {
    Matcher m = CHECK_THE.matcher(message == null ? "" : message);
    return m.find() && SETTINGS.stream().anyMatch(spec -> spec.name().equals(m.group(1))) ? m.group(1) : BUCKET;
  }

  private Optional<String> fromEnv(String name) {
    return Optional.ofNullable(env.apply(name)).filter(v -> !v.isBlank());
  }

  private static Duration positive(PluginSettings s, String name) {
    Duration d = s.duration(name);
    if (d.isZero() || d.isNegative()) {
      throw s.invalid(name, "must be positive");
    }
    return d;
  }

  @Override
  public Source create(PluginSettings settings) throws IOException {
    return OssSource.open(config(settings));
  }
}
