package io.github.cosmigrate.source.s3;

import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.provider.PluginSettings;
import io.github.cosmigrate.spi.provider.SettingSpec;
import io.github.cosmigrate.spi.provider.SourceProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Provider of type {@code s3}: an {@link S3Source} from flat settings. Credentials: {@code access-key-id} and
 * {@code secret-access-key} (and {@code session-token} for temporary ones) when given, else the AWS SDK's default
 * chain (environment, system properties, profile, container and instance roles).
 */
public final class S3SourceProvider implements SourceProvider {
  public static final String TYPE = "s3";
  public static final String BUCKET = "bucket";
  public static final String PREFIX = "prefix";
  public static final String REGION = "region";
  public static final String ENDPOINT = "endpoint";
  public static final String PATH_STYLE = "path-style";
  public static final String ACCESS_KEY_ID = "access-key-id";
  public static final String SECRET_ACCESS_KEY = "secret-access-key";
  public static final String SESSION_TOKEN = "session-token";
  public static final String PAGE_SIZE = "page-size";
  public static final String MAX_CONNECTIONS = "max-connections";
  public static final String CONNECT_TIMEOUT = "connect-timeout";
  public static final String SOCKET_TIMEOUT = "socket-timeout";

  private static final List<SettingSpec> SETTINGS = List.of(
      SettingSpec.required(BUCKET, "the source bucket"),
      SettingSpec.optional(PREFIX, "list only keys under this prefix; keys are taken relative to it"),
      SettingSpec.optional(REGION, "the bucket's region (default: the SDK's region chain, else us-east-1)"),
      SettingSpec.optional(ENDPOINT, "an S3-compatible endpoint URL instead of AWS"),
      SettingSpec.withDefault(PATH_STYLE, "false", "address the bucket in the path instead of the host name"),
      SettingSpec.optional(ACCESS_KEY_ID, "the access key id (default: the SDK's credential chain)").asSecret(),
      SettingSpec.optional(SECRET_ACCESS_KEY, "the secret access key").asSecret(),
      SettingSpec.optional(SESSION_TOKEN, "the session token of temporary credentials").asSecret(),
      SettingSpec.withDefault(PAGE_SIZE, String.valueOf(S3SourceConfig.DEFAULT_PAGE_SIZE),
          "keys per ListObjectsV2 page (1 to 1000)"),
      SettingSpec.withDefault(MAX_CONNECTIONS, String.valueOf(S3SourceConfig.DEFAULT_MAX_CONNECTIONS),
          "HTTP connections to the source"),
      SettingSpec.withDefault(CONNECT_TIMEOUT, "10s", "connect timeout"),
      SettingSpec.withDefault(SOCKET_TIMEOUT, "60s", "read timeout of a response"));

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String description() {
    return "an AWS S3 or S3-compatible bucket";
  }

  @Override
  public List<SettingSpec> settings() {
    return SETTINGS;
  }

  /** The config these settings describe, without opening anything. */
  public S3SourceConfig config(PluginSettings s) {
    String prefix = s.get(PREFIX).orElse("");
    if (prefix.startsWith("/")) {
      throw s.invalid(PREFIX, "must not start with '/' (S3 keys have no leading slash), was '" + prefix + "'");
    }
    S3SourceConfig.Builder b = S3SourceConfig.builder(s.require(BUCKET))
        .prefix(prefix)
        .pathStyle(s.bool(PATH_STYLE))
        .pageSize(s.intInRange(PAGE_SIZE, 1, 1000))
        .maxConnections(s.positiveInt(MAX_CONNECTIONS))
        .connectTimeout(positive(s, CONNECT_TIMEOUT))
        .socketTimeout(positive(s, SOCKET_TIMEOUT));
    s.get(REGION).ifPresent(b::region);
    s.httpUrl(ENDPOINT).ifPresent(b::endpoint);
    credentials(s).ifPresent(c -> b.credentials(StaticCredentialsProvider.create(c)));
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw s.invalid(BUCKET, e.getMessage());
    }
  }

  private static Duration positive(PluginSettings s, String name) {
    Duration d = s.duration(name);
    if (d.isZero() || d.isNegative()) {
      throw s.invalid(name, "must be positive");
    }
    return d;
  }

  private static Optional<AwsCredentials> credentials(PluginSettings s) {
    Optional<String> id = s.get(ACCESS_KEY_ID);
    Optional<String> key = s.get(SECRET_ACCESS_KEY);
    if (id.isEmpty() && key.isEmpty()) {
      if (s.get(SESSION_TOKEN).isPresent()) {
        throw s.invalid(SESSION_TOKEN, "needs access-key-id and secret-access-key too");
      }
      return Optional.empty();
    }
    if (id.isEmpty() || key.isEmpty()) {
      throw s.invalid(id.isEmpty() ? ACCESS_KEY_ID : SECRET_ACCESS_KEY,
          "is required when " + (id.isEmpty() ? SECRET_ACCESS_KEY : ACCESS_KEY_ID) + " is given");
    }
    Optional<String> token = s.get(SESSION_TOKEN);
    return Optional.of(token.isPresent()
        ? AwsSessionCredentials.create(id.get(), key.get(), token.get())
        : AwsBasicCredentials.create(id.get(), key.get()));
  }

  @Override
  public Source create(PluginSettings settings) throws IOException {
    return S3Source.open(config(settings));
  }
}
