package io.github.cosmigrate.source.url;

import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.provider.PluginSettings;
import io.github.cosmigrate.spi.provider.SettingSpec;
import io.github.cosmigrate.spi.provider.SourceProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Provider of type {@code url}: a {@link UrlSource} from flat settings. HTTPS uses the JDK's default trust store
 * (the {@code javax.net.ssl.trustStore} system properties select another one); {@link UrlSourceConfig} also takes
 * an {@code SSLContext} for embedding.
 */
public final class UrlSourceProvider implements SourceProvider {
  public static final String TYPE = "url";
  public static final String LIST = "list";
  public static final String HOST_FIRST = "host-first";
  public static final String CONNECT_TIMEOUT = "connect-timeout";
  public static final String READ_TIMEOUT = "read-timeout";
  public static final String MAX_REDIRECTS = "max-redirects";
  public static final String PAGE_SIZE = "page-size";
  public static final String HEAD_CONCURRENCY = "head-concurrency";

  private static final List<SettingSpec> SETTINGS = List.of(
      SettingSpec.required(LIST, "a list file, or a folder of list files read in name order; each line a URL, "
          + "optionally followed by a TAB and the key"),
      SettingSpec.withDefault(HOST_FIRST, "false", "derive keys as host/path instead of path"),
      SettingSpec.withDefault(CONNECT_TIMEOUT, "10s", "connect timeout"),
      SettingSpec.withDefault(READ_TIMEOUT, "60s", "the longest wait for response headers or for more bytes of a "
          + "body"),
      SettingSpec.withDefault(MAX_REDIRECTS, String.valueOf(UrlSourceConfig.DEFAULT_MAX_REDIRECTS),
          "redirects followed per request (0 to 20; never from https to http)"),
      SettingSpec.withDefault(PAGE_SIZE, String.valueOf(UrlSourceConfig.DEFAULT_PAGE_SIZE),
          "list lines per listing page (1 to 10000)"),
      SettingSpec.withDefault(HEAD_CONCURRENCY, String.valueOf(UrlSourceConfig.DEFAULT_HEAD_CONCURRENCY),
          "HEAD requests in flight while listing (1 to 1024)"));

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String description() {
    return "http(s) URLs named one per line in a list file or a folder of list files";
  }

  @Override
  public List<SettingSpec> settings() {
    return SETTINGS;
  }

  /** The config these settings describe, without opening anything. */
  public UrlSourceConfig config(PluginSettings s) {
    return UrlSourceConfig.builder(s.path(LIST).orElseThrow(() -> s.invalid(LIST, "is required")))
        .hostFirst(s.bool(HOST_FIRST))
        .connectTimeout(positive(s, CONNECT_TIMEOUT))
        .readTimeout(positive(s, READ_TIMEOUT))
        .maxRedirects(s.intInRange(MAX_REDIRECTS, 0, 20))
        .pageSize(s.intInRange(PAGE_SIZE, 1, 10_000))
        .headConcurrency(s.intInRange(HEAD_CONCURRENCY, 1, 1024))
        .build();
  }

  private static Duration positive(PluginSettings s, String name) {
    Duration d = s.duration(name);
    if (d.isZero() || d.isNegative()) {
      throw s.invalid(name, "must be positive");
    }
    return d;
  }

  /**
   * @throws io.github.cosmigrate.error.MigrateException {@code FATAL_CONFIGURATION} when the list is neither a
   *     readable file nor a folder with list files
   */
  @Override
  public Source create(PluginSettings settings) throws IOException {
    return UrlSource.open(config(settings));
  }
}
