package io.github.cosmigrate.source.url.internal;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLContext;

/**
 * Sends HEAD and GET requests with the JDK's {@link HttpClient} (HTTP/1.1, so that parallel range reads use
 * parallel connections), following redirects itself: at most {@code maxRedirects} hops, never from https to http,
 * never to a URL already visited (a loop), each one a failure of kind {@code INVALID_INPUT} naming the redacted
 * URLs. Response bodies are {@link StreamingBody}s with the read-idle timeout. Thread-safe.
 */
public final class HttpFetcher {
  private final HttpClient client;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final int maxRedirects;
  private final String userAgent;

  public HttpFetcher(Duration connectTimeout, Duration readTimeout, int maxRedirects, SSLContext ssl,
      String userAgent) {
    HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(connectTimeout);
    if (ssl != null) {
      b.sslContext(ssl);
    }
    this.client = b.build();
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.maxRedirects = maxRedirects;
    this.userAgent = userAgent;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration readTimeout() {
    return readTimeout;
  }

  /** A response after redirects, with the URL that gave it. The caller closes the body. */
  public record Fetched(HttpResponse<StreamingBody> response, URI finalUrl) {
    public int status() {
      return response.statusCode();
    }

    public StreamingBody body() {
      return response.body();
    }
  }

  /**
   * Sends {@code method} ({@code HEAD} or {@code GET}) to {@code url}, with a {@code Range} header when
   * {@code range} is not null. Completes with the final response (any status but a redirect), or exceptionally
   * with a {@link MigrateException} (a redirect problem) or the client's exception (map it with
   * {@link UrlErrors#failure}).
   *
   * @param what the object as shown in messages
   */
  public CompletableFuture<Fetched> send(String method, URI url, String range, String what) {
    Exchange x = new Exchange(method, range, what);
    x.seen.add(url);
    x.hop(url, 0);
    return x.result;
  }

  /** {@link #send}, waiting for the response; interruptible. */
  public Fetched sendAndWait(String method, URI url, String range, String what) throws IOException {
    CompletableFuture<Fetched> f = send(method, url, range, what);
    try {
      return f.get();
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while requesting " + what);
    } catch (ExecutionException e) {
      throw UrlErrors.failure(e.getCause(), what, connectTimeout, readTimeout);
    }
  }

  /**
   * One request and its redirects. Cancelling {@link #result} cancels the request in flight, and a response that
   * arrives after all has its body closed, so that no connection is left half-read.
   */
  private final class Exchange {
    final String method;
    final String range;
    final String what;
    final Set<URI> seen = new HashSet<>();
    final CompletableFuture<Fetched> result = new CompletableFuture<>();
    volatile CompletableFuture<HttpResponse<StreamingBody>> inFlight;

    Exchange(String method, String range, String what) {
      this.method = method;
      this.range = range;
      this.what = what;
      result.whenComplete((r, e) -> {
        CompletableFuture<HttpResponse<StreamingBody>> f = inFlight;
        if (result.isCancelled() && f != null) {
          f.cancel(true);
        }
      });
    }

    void hop(URI url, int hops) {
      HttpRequest.Builder req = HttpRequest.newBuilder(url).timeout(readTimeout)
          .method(method, HttpRequest.BodyPublishers.noBody())
          .header("User-Agent", userAgent).header("Accept-Encoding", "identity");
      if (range != null) {
        req.header("Range", range);
      }
      CompletableFuture<HttpResponse<StreamingBody>> f;
      try {
        f = client.sendAsync(req.build(), info -> new StreamingBody(readTimeout, what));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
        return;
      }
      inFlight = f;
      if (result.isCancelled()) {
        f.cancel(true);
      }
      f.whenComplete((resp, err) -> {
        if (err != null) {
          result.completeExceptionally(err);
          return;
        }
        int s = resp.statusCode();
        if (result.isDone()) {
          resp.body().close();
          return;
        }
        if (s != 301 && s != 302 && s != 303 && s != 307 && s != 308) {
          if (!result.complete(new Fetched(resp, url))) {
            resp.body().close();
          }
          return;
        }
        resp.body().close();
        try {
          hop(redirectTarget(resp, url, what, seen, hops), hops + 1);
        } catch (MigrateException e) {
          result.completeExceptionally(e);
        }
      });
    }
  }

  private URI redirectTarget(HttpResponse<?> resp, URI from, String what, Set<URI> seen, int hops)
      throws MigrateException {
    String via = hops == 0 ? "" : " (after " + hops + " redirect" + (hops == 1 ? "" : "s") + ")";
    String location = resp.headers().firstValue("location").orElse("");
    if (location.isBlank()) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, what + ": HTTP " + resp.statusCode()
          + " without a Location header" + via);
    }
    URI next;
    try {
      next = SafeUrl.resolve(from, location);
    } catch (IllegalArgumentException e) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, what + ": redirected" + via + " to "
          + SafeUrl.displayUnparsed(location) + ", which " + e.getMessage());
    }
    if ("https".equals(from.getScheme()) && "http".equals(next.getScheme())) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, what + ": redirected" + via + " from https to plain http ("
          + SafeUrl.display(next) + "); refused, since it would send the request unencrypted");
    }
    if (!seen.add(next)) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, what + ": redirect loop" + via + ": "
          + SafeUrl.display(next) + " was already visited");
    }
    if (hops + 1 > maxRedirects) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, what + ": more than " + maxRedirects + " redirects "
          + "(max-redirects); the last one to " + SafeUrl.display(next));
    }
    return next;
  }
}
