package io.github.cosmigrate.source.url;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A JDK {@link HttpServer} (or {@link HttpsServer} with the test certificate for 127.0.0.1) on 127.0.0.1, port 0,
 * with one handler per path, a log of requests, and ready-made handlers for the faults the URL source must survive.
 */
final class TestHttp implements AutoCloseable {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");
  static final String ETAG = "\"v1\"";
  static final String LAST_MODIFIED = "Wed, 01 Jan 2025 00:00:00 GMT";

  /** One request received: method, path with query, Range header. */
  record Request(String method, String pathAndQuery, String range) {}

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-http");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();
  /** Released when the server closes: stalled handlers wait on it. */
  final CountDownLatch closing = new CountDownLatch(1);
  private final String scheme;

  private TestHttp(HttpServer server, String scheme) {
    this.server = server;
    this.scheme = scheme;
    server.setExecutor(pool);
    server.createContext("/", ex -> {
      requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath()
          + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery()),
          ex.getRequestHeaders().getFirst("Range")));
      HttpHandler h = routes.get(ex.getRequestURI().getRawPath());
      try (ex) {
        if (h == null) {
          ex.sendResponseHeaders(404, -1);
        } else {
          h.handle(ex);
        }
      } catch (IOException | RuntimeException e) {
        // the client went away (a cancelled body, a timeout): nothing to answer
      }
    });
    server.start();
  }

  static TestHttp http() throws IOException {
    return new TestHttp(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64), "http");
  }

  static TestHttp https() throws Exception {
    HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    s.setHttpsConfigurator(new HttpsConfigurator(tls()));
    return new TestHttp(s, "https");
  }

  /** An SSL context that holds the test certificate and trusts it (client and server side). */
  static SSLContext tls() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = TestHttp.class.getResourceAsStream("/test-tls.p12")) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  /** A port nothing listens on. */
  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  TestHttp route(String path, HttpHandler h) {
    routes.put(path, h);
    return this;
  }

  /** {@code http(s)://127.0.0.1:PORT} + {@code pathAndQuery}. */
  String url(String pathAndQuery) {
    return scheme + "://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
  }

  long count(String method, String path) {
    return requests.stream().filter(r -> r.method().equals(method) && r.pathAndQuery().startsWith(path)).count();
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    pool.shutdownNow();
  }

  // ---------------------------------------------------------------- handlers

  /** How a file handler answers. */
  record FileOptions(boolean ranges, boolean contentLength, boolean validators) {
    static final FileOptions NORMAL = new FileOptions(true, true, true);
    static final FileOptions NO_RANGES = new FileOptions(false, true, true);
    static final FileOptions CHUNKED = new FileOptions(true, false, true);
    static final FileOptions CHUNKED_NO_RANGES = new FileOptions(false, false, true);
  }

  /** Serves {@code content} with HEAD, GET and (optionally) single ranges. */
  static HttpHandler file(byte[] content, FileOptions o) {
    return ex -> {
      var h = ex.getResponseHeaders();
      if (o.validators()) {
        h.set("ETag", ETAG);
        h.set("Last-Modified", LAST_MODIFIED);
      }
      h.set("Content-Type", "application/octet-stream");
      int from = 0;
      int to = content.length - 1;
      int status = 200;
      String range = ex.getRequestHeaders().getFirst("Range");
      if (o.ranges() && range != null) {
        Matcher m = RANGE.matcher(range);
        if (m.matches()) {
          from = Integer.parseInt(m.group(1));
          to = Math.min(Integer.parseInt(m.group(2)), content.length - 1);
          if (from >= content.length) {
            h.set("Content-Range", "bytes */" + content.length);
            ex.sendResponseHeaders(416, -1);
            return;
          }
          status = 206;
          h.set("Content-Range", "bytes " + from + "-" + to + "/" + content.length);
        }
      }
      int n = content.length == 0 ? 0 : to - from + 1;
      if (ex.getRequestMethod().equals("HEAD")) {
        if (o.contentLength()) {
          h.set("Content-Length", Integer.toString(n));
        }
        ex.sendResponseHeaders(status, -1);
        return;
      }
      ex.sendResponseHeaders(status, o.contentLength() ? (n == 0 ? -1 : n) : 0);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(content, from, n);
      }
    };
  }

  /** Answers with {@code status} and, for a redirect, {@code Location: location}. */
  static HttpHandler status(int status, String location) {
    return ex -> {
      if (location != null) {
        ex.getResponseHeaders().set("Location", location);
      }
      ex.sendResponseHeaders(status, -1);
    };
  }

  /** The first {@code failures} requests get {@code status} (with Retry-After: 0), the rest go to {@code then}. */
  static HttpHandler failFirst(int failures, int status, HttpHandler then) {
    AtomicInteger left = new AtomicInteger(failures);
    return ex -> {
      if (left.getAndDecrement() > 0) {
        ex.getResponseHeaders().set("Retry-After", "0");
        ex.sendResponseHeaders(status, -1);
      } else {
        then.handle(ex);
      }
    };
  }

  /**
   * HEAD answers normally; GET declares {@code content.length} bytes, sends {@code sent} of them, then stalls until
   * the server closes.
   */
  HttpHandler stallingBody(byte[] content, int sent) {
    HttpHandler head = file(content, FileOptions.NORMAL);
    return ex -> {
      if (!ex.getRequestMethod().equals("GET")) {
        head.handle(ex);
        return;
      }
      ex.getResponseHeaders().set("ETag", ETAG);
      ex.getResponseHeaders().set("Last-Modified", LAST_MODIFIED);
      ex.sendResponseHeaders(200, content.length);
      OutputStream out = ex.getResponseBody();
      out.write(content, 0, sent);
      out.flush();
      try {
        closing.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  /** GET sends one byte every {@code gapMillis} (a trickle). */
  HttpHandler tricklingBody(byte[] content, long gapMillis) {
    HttpHandler head = file(content, FileOptions.NORMAL);
    return ex -> {
      if (!ex.getRequestMethod().equals("GET")) {
        head.handle(ex);
        return;
      }
      ex.getResponseHeaders().set("ETag", ETAG);
      ex.getResponseHeaders().set("Last-Modified", LAST_MODIFIED);
      ex.sendResponseHeaders(200, content.length);
      OutputStream out = ex.getResponseBody();
      for (byte b : content) {
        out.write(b);
        out.flush();
        try {
          if (closing.await(gapMillis, TimeUnit.MILLISECONDS)) {
            return;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    };
  }
}
