package io.github.cosmigrate.source.url;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceRead;
import io.github.cosmigrate.source.url.internal.DuplicateIndex;
import io.github.cosmigrate.source.url.internal.HttpFetcher;
import io.github.cosmigrate.source.url.internal.KeyLocator;
import io.github.cosmigrate.source.url.internal.LineParser;
import io.github.cosmigrate.source.url.internal.ListFiles;
import io.github.cosmigrate.source.url.internal.ListLine;
import io.github.cosmigrate.source.url.internal.SafeUrl;
import io.github.cosmigrate.source.url.internal.StreamingBody;
import io.github.cosmigrate.source.url.internal.UrlErrors;
import io.github.cosmigrate.source.url.internal.UrlLister;
import io.github.cosmigrate.source.url.internal.UrlObjects;
import io.github.cosmigrate.source.url.internal.UrlProbe;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.capability.RangeReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpHeaders;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A list of URLs as a {@link Source}, with range reads, over the JDK's {@code java.net.http} client. See the
 * package documentation for the list format, the keys and the contract.
 */
public final class UrlSource implements Source, RangeReader {
  /** The {@code User-Agent} sent with every request. */
  public static final String USER_AGENT = "cos-migrate-url-source";

  private final UrlSourceConfig config;
  private final HttpFetcher http;
  private final UrlProbe probe;
  private final KeyLocator locator;
  private final UrlLister lister;
  private final String description;
  private volatile boolean closed;

  private UrlSource(UrlSourceConfig config, ListFiles files) {
    this.config = config;
    LineParser parser = new LineParser(config.hostFirst());
    this.http = new HttpFetcher(config.connectTimeout(), config.readTimeout(), config.maxRedirects(),
        config.sslContext().orElse(null), USER_AGENT);
    this.probe = new UrlProbe(http);
    this.locator = new KeyLocator(files, parser, config.recentKeys());
    this.lister = new UrlLister(files, parser, probe, locator, http, new UrlLister.Tuning(config.pageSize(),
        config.headConcurrency(), config.headAttempts(), config.headRetryDelay(), config.tempDirectory(),
        DuplicateIndex.DEFAULT_PARTITION_RECORDS));
    this.description = "url-list:" + files.root() + (config.hostFirst() ? " (keys host/path)" : "");
  }

  /**
   * A source over {@code config}'s list. The list files are found now; they are read from the first {@link #list}
   * (which first reads them all once to find duplicate keys). No request is sent yet.
   *
   * @throws MigrateException {@code FATAL_CONFIGURATION} when the list is neither a readable file nor a folder
   *     with list files
   */
  public static UrlSource open(UrlSourceConfig config) throws IOException {
    Objects.requireNonNull(config, "config");
    return new UrlSource(config, ListFiles.open(config.list()));
  }

  public UrlSourceConfig config() {
    return config;
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public synchronized ListBatch list(Optional<ListCursor> after) throws IOException {
    ensureOpen();
    return lister.page(after);
  }

  @Override
  public ObjectInfo stat(String key) throws IOException {
    ensureOpen();
    ListLine line = locator.find(key);
    return await(probe.info(line), UrlProbe.what(line));
  }

  /** True: a read checks the response's size, ETag and Last-Modified against the listed ones. */
  @Override
  public boolean pinsReads() {
    return true;
  }

  /** The URL without its query or user info, e.g. {@code https://example.com/a.jpg}. */
  @Override
  public Optional<String> provenance(ObjectInfo object) {
    try {
      return Optional.of(SafeUrl.withoutQuery(locator.find(object.key()).url()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The URL of {@code key} as it may be shown (no query, no user info), with its list file and line, for messages
   * and reports: {@code https://example.com/a.jpg?… (urls.txt line 3)}.
   *
   * @throws MigrateException {@code NOT_FOUND} when no line maps to {@code key}
   */
  public String display(String key) throws IOException {
    return UrlProbe.what(locator.find(key));
  }

  @Override
  public SourceRead open(ObjectInfo object) throws IOException {
    ensureOpen();
    ListLine line = locator.find(object.key());
    String what = UrlProbe.what(line);
    HttpFetcher.Fetched f = http.sendAndWait("GET", line.url(), null, what);
    try {
      HttpHeaders h = f.response().headers();
      if (f.status() != 200) {
        throw f.status() >= 200 && f.status() < 300
            ? new MigrateException(ErrorKind.INVALID_INPUT, what + ": HTTP " + f.status() + " to a plain GET")
            : UrlErrors.status(f.status(), h, what);
      }
      OptionalLong len = UrlObjects.contentLength(h);
      UrlObjects.checkSameVersion(object, h, len.orElse(-1), what);
      // a body of unknown size is not checked for length: its CRC-64 is verified at the destination
      StreamingBody body = object.sizeKnown() ? f.body().expect(object.size(), "its listed size") : f.body();
      return new SourceRead(body, UrlObjects.info(object.key(), object.size(), h));
    } catch (IOException | RuntimeException e) {
      f.body().close();
      throw e;
    }
  }

  @Override
  public InputStream openRange(ObjectInfo object, long offset, long length) throws IOException {
    ensureOpen();
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative range [" + offset + ", +" + length + ") of " + object.key());
    }
    if (!object.sizeKnown()) {
      throw new MigrateException(ErrorKind.UNSUPPORTED, "'" + object.key() + "' was listed without a size (its server "
          + "gives neither Content-Length nor Content-Range); it is read as one stream");
    }
    if (offset + length > object.size()) {
      throw new MigrateException(ErrorKind.SOURCE_CHANGED, "range [" + offset + ", " + (offset + length) + ") of '"
          + object.key() + "' reaches past its listed size " + object.size());
    }
    ListLine line = locator.find(object.key());
    if (length == 0) {
      return InputStream.nullInputStream();
    }
    String what = UrlProbe.what(line);
    long last = offset + length - 1;
    HttpFetcher.Fetched f = http.sendAndWait("GET", line.url(), "bytes=" + offset + "-" + last, what);
    try {
      HttpHeaders h = f.response().headers();
      int s = f.status();
      if (s == 206) {
        UrlObjects.ContentRange cr = UrlObjects.ContentRange.parse(h).orElse(null);
        if (cr == null || cr.first() != offset || cr.last() != last) {
          throw new MigrateException(ErrorKind.UNSUPPORTED, what + ": asked for bytes " + offset + "-" + last
              + ", the server answered 206 with Content-Range '" + h.firstValue("content-range").orElse("")
              + "'; reading it as one stream instead");
        }
        UrlObjects.checkSameVersion(object, h, cr.total(), what);
        OptionalLong len = UrlObjects.contentLength(h);
        if (len.isPresent() && len.getAsLong() != length) {
          throw new MigrateException(ErrorKind.UNSUPPORTED, what + ": a 206 for " + length + " bytes declares "
              + len.getAsLong() + "; reading it as one stream instead");
        }
        return f.body().expect(length, "the range asked for");
      }
      if (s == 200) {
        if (offset == 0 && length == object.size()) {
          UrlObjects.checkSameVersion(object, h, UrlObjects.contentLength(h).orElse(-1), what);
          return f.body().expect(length, "its listed size");
        }
        throw new MigrateException(ErrorKind.UNSUPPORTED, what + ": the server ignored the Range header (HTTP 200 "
            + "with the whole object); reading it as one stream instead");
      }
      throw UrlErrors.status(s, h, what);
    } catch (IOException | RuntimeException e) {
      f.body().close();
      throw e;
    }
  }

  private <T> T await(CompletableFuture<T> f, String what) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while requesting " + what);
    } catch (ExecutionException e) {
      throw UrlErrors.failure(e.getCause(), what, config.connectTimeout(), config.readTimeout());
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(description + " is closed");
    }
  }

  /** Idempotent. Bodies opened before stay readable. */
  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "UrlSource[" + description + "]";
  }
}
