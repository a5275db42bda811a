package io.github.cosmigrate.source.url.internal;

import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ObjectInfo;
import java.net.http.HttpHeaders;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Finds the size, validators and headers of a URL: a HEAD, or, when the server refuses HEAD (403, 405, 501: a URL
 * signed for GET only answers HEAD with 403) or its HEAD has no {@code Content-Length}, a GET of the first byte
 * whose {@code Content-Range} gives the size (the rest of that body is not read). A URL whose size cannot be
 * learned this way (the GET answers 200 without {@code Content-Length}, a chunked body from a server that ignores
 * Range, or a 206 whose {@code Content-Range} total is {@code *}) is listed with
 * {@link ObjectInfo#UNKNOWN_SIZE}, and the engine streams it. Thread-safe.
 */
public final class UrlProbe {
  private final HttpFetcher http;

  public UrlProbe(HttpFetcher http) {
    this.http = http;
  }

  /** How {@code line} is named in messages: its redacted URL and list line. */
  public static String what(ListLine line) {
    return line.display() + " (" + line.where() + ")";
  }

  /**
   * The object at {@code line}'s URL. Completes exceptionally with a {@link MigrateException} for an HTTP status or
   * a redirect problem, or with the client's exception (map it with {@link UrlErrors#failure}).
   */
  public CompletableFuture<ObjectInfo> info(ListLine line) {
    String what = what(line);
    return http.send("HEAD", line.url(), null, what).thenCompose(f -> {
      f.body().close();
      int s = f.status();
      HttpHeaders h = f.response().headers();
      if (s >= 200 && s < 300) {
        OptionalLong len = UrlObjects.contentLength(h);
        if (len.isPresent() && s != 204) {
          return CompletableFuture.completedFuture(UrlObjects.info(line.key(), len.getAsLong(), h));
        }
        return firstByte(line, what);
      }
      if (s == 403 || s == 405 || s == 501) {
        return firstByte(line, what);
      }
      return CompletableFuture.failedFuture(UrlErrors.status(s, h, what));
    });
  }

  private CompletableFuture<ObjectInfo> firstByte(ListLine line, String what) {
    return http.send("GET", line.url(), "bytes=0-0", what).thenCompose(f -> {
      f.body().close();
      int s = f.status();
      HttpHeaders h = f.response().headers();
      if (s == 206 || s == 416) {
        long total = UrlObjects.ContentRange.parse(h).map(UrlObjects.ContentRange::total).orElse(-1L);
        if (total >= 0) {
          return CompletableFuture.completedFuture(UrlObjects.info(line.key(), total, h));
        }
        if (s == 416) {
          // bytes=0-0 is unsatisfiable only for an empty object
          return CompletableFuture.completedFuture(UrlObjects.info(line.key(), 0, h));
        }
        return CompletableFuture.completedFuture(UrlObjects.info(line.key(), ObjectInfo.UNKNOWN_SIZE, h));
      }
      if (s == 200) {
        // the server ignores Range: its Content-Length is the size, or there is none (a chunked body)
        OptionalLong len = UrlObjects.contentLength(h);
        return CompletableFuture.completedFuture(UrlObjects.info(line.key(), len.orElse(ObjectInfo.UNKNOWN_SIZE),
            h));
      }
      return CompletableFuture.failedFuture(UrlErrors.status(s, h, what));
    });
  }
}
