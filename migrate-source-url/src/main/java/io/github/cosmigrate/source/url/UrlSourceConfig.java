package io.github.cosmigrate.source.url;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Settings of a {@link UrlSource}. Build with {@link #builder(Path)}.
 *
 * @param list a list file, or a folder whose regular, non-hidden files are list files, read in name order
 * @param hostFirst derive keys as {@code host/path} instead of {@code path} (a non-default port is kept:
 *     {@code host:8080/path}), so that the same path on two hosts maps to two keys
 * @param connectTimeout TCP and TLS connect timeout (default 10 s)
 * @param readTimeout the longest wait for response headers, and for the next bytes of a body while it is read
 *     (default 60 s): a body that stalls or trickles fails after this long without data
 * @param maxRedirects redirects followed per request, 0 to 20 (default 5)
 * @param pageSize list lines per {@code list} call, 1 to 10,000 (default 100)
 * @param headConcurrency HEAD requests in flight while a page is listed (default 8)
 * @param headAttempts attempts of a HEAD that fails with a transient error or 429/503, 1 to 10 (default 3)
 * @param headRetryDelay delay before the second attempt of a HEAD, doubled for each later one, unless the server
 *     sent Retry-After (default 500 ms; at most 10 s)
 * @param recentKeys how many listed keys are remembered for {@code stat} and {@code open} without re-reading the
 *     list (default 16,384; a key not remembered is found by reading the list from the start)
 * @param tempDirectory where the duplicate-key check spills when the list is too large to check in memory
 *     (24 bytes a line, deleted before the listing starts; default {@code java.io.tmpdir})
 * @param sslContext the TLS context, e.g. to trust a private CA; empty for the JDK's default trust store
 */
public record UrlSourceConfig(
    Path list,
    boolean hostFirst,
    Duration connectTimeout,
    Duration readTimeout,
    int maxRedirects,
    int pageSize,
    int headConcurrency,
    int headAttempts,
    Duration headRetryDelay,
    int recentKeys,
    Path tempDirectory,
    Optional<SSLContext> sslContext) {

  public static final int DEFAULT_PAGE_SIZE = 100;
  public static final int DEFAULT_MAX_REDIRECTS = 5;
  public static final int DEFAULT_HEAD_CONCURRENCY = 8;

  public UrlSourceConfig {
    Objects.requireNonNull(list, "list");
    positive(connectTimeout, "connectTimeout");
    positive(readTimeout, "readTimeout");
    range(maxRedirects, 0, 20, "maxRedirects");
    range(pageSize, 1, 10_000, "pageSize");
    range(headConcurrency, 1, 1024, "headConcurrency");
    range(headAttempts, 1, 10, "headAttempts");
    Objects.requireNonNull(headRetryDelay, "headRetryDelay");
    if (headRetryDelay.isNegative()) {
      throw new IllegalArgumentException("URL source headRetryDelay must be >= 0, was " + headRetryDelay);
    }
    range(recentKeys, 1, Integer.MAX_VALUE, "recentKeys");
    Objects.requireNonNull(tempDirectory, "tempDirectory");
    Objects.requireNonNull(sslContext, "sslContext");
  }

  private static void positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("URL source " + what + " must be > 0, was " + d);
    }
  }

  private static void range(int v, int min, int max, String what) {
    if (v < min || v > max) {
      throw new IllegalArgumentException("URL source " + what + " must be " + min + ".." + max + ", was " + v);
    }
  }

  /** A builder with the defaults above. */
  public static Builder builder(Path list) {
    return new Builder(list);
  }

  /** Builder of {@link UrlSourceConfig}. Not thread-safe. */
  public static final class Builder {
    private Path list;
    private boolean hostFirst;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(60);
    private int maxRedirects = DEFAULT_MAX_REDIRECTS;
    private int pageSize = DEFAULT_PAGE_SIZE;
    private int headConcurrency = DEFAULT_HEAD_CONCURRENCY;
    private int headAttempts = 3;
    private Duration headRetryDelay = Duration.ofMillis(500);
    private int recentKeys = 16_384;
    private Path tempDirectory = Path.of(System.getProperty("java.io.tmpdir"));
    private SSLContext sslContext;

    private Builder(Path list) {
      this.list = Objects.requireNonNull(list, "list");
    }

    public Builder list(Path v) { list = v; return this; }
    public Builder hostFirst(boolean v) { hostFirst = v; return this; }
    public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
    public Builder readTimeout(Duration v) { readTimeout = v; return this; }
    public Builder maxRedirects(int v) { maxRedirects = v; return this; }
    public Builder pageSize(int v) { pageSize = v; return this; }
    public Builder headConcurrency(int v) { headConcurrency = v; return this; }
    public Builder headAttempts(int v) { headAttempts = v; return this; }
    public Builder headRetryDelay(Duration v) { headRetryDelay = v; return this; }
    public Builder recentKeys(int v) { recentKeys = v; return this; }
    public Builder tempDirectory(Path v) { tempDirectory = v; return this; }
    /** The TLS context; {@code null} for the JDK's default. */
    public Builder sslContext(SSLContext v) { sslContext = v; return this; }

    public UrlSourceConfig build() {
      return new UrlSourceConfig(list, hostFirst, connectTimeout, readTimeout, maxRedirects, pageSize,
          headConcurrency, headAttempts, headRetryDelay, recentKeys, tempDirectory, Optional.ofNullable(sslContext));
    }
  }
}
