package io.github.cosmigrate.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves the regular files under a root directory over HTTP on {@code 127.0.0.1}, port 0 (JDK {@code
 * com.sun.net.httpserver}), for URL-list sources. GET and HEAD only.
 *
 * <ul>
 *   <li>200 with the whole file; 206 for one range {@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}; 416
 *       with {@code Content-Range: bytes *&#47;len} for an unsatisfiable range; a multi-range header is
 *       answered with the whole file (as a server may).
 *   <li>{@code Content-Length}, {@code Last-Modified}, {@code ETag} (from size and mtime), {@code Accept-Ranges}.
 *   <li>404 for a missing file, a directory, or a path escaping the root.
 *   <li>Faults: {@link #failNext(int, int)} answers the next requests with a status (503 adds {@code
 *       Retry-After: 1}); {@link #truncateNext(int)} declares the full length, sends half, and closes.
 * </ul>
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class RangeFileServer implements AutoCloseable {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private final Path root;
  private final HttpServer server;
  private final ExecutorService executor;
  private final URI baseUri;
  private final AtomicInteger failRemaining = new AtomicInteger();
  private volatile int failStatus;
  private final AtomicInteger truncateRemaining = new AtomicInteger();
  private final AtomicInteger requestCount = new AtomicInteger();
  private volatile boolean closed;

  private RangeFileServer(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "range-file-server");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    this.baseUri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Starts serving {@code root}. */
  public static RangeFileServer serve(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException("range file server root is not a directory: " + root);
    }
    return new RangeFileServer(root);
  }

  /** {@code http://127.0.0.1:PORT/}; a file {@code root/a/b.txt} is at {@code baseUri().resolve("a/b.txt")}. */
  public URI baseUri() {
    return baseUri;
  }

  /** The URI of a file given its path relative to the root (each segment percent-encoded). */
  public URI uriOf(String relativePath) {
    StringBuilder sb = new StringBuilder();
    for (String seg : relativePath.split("/", -1)) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(encodeSegment(seg));
    }
    return baseUri.resolve(sb.toString());
  }

  /** Answers the next {@code times} requests with {@code status} (and an empty body; 503 adds Retry-After: 1). */
  public void failNext(int times, int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be 4xx or 5xx, was " + status);
    }
    failStatus = status;
    failRemaining.set(times);
  }

  /** The next {@code times} GETs declare the full length, send half of it, then close the connection. */
  public void truncateNext(int times) {
    truncateRemaining.set(times);
  }

  /** How many requests were received so far (including faulted ones). */
  public int requestCount() {
    return requestCount.get();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.stop(0);
    executor.shutdownNow();
  }

  private static boolean takeOne(AtomicInteger counter) {
    while (true) {
      int n = counter.get();
      if (n <= 0) {
        return false;
      }
      if (counter.compareAndSet(n, n - 1)) {
        return true;
      }
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    requestCount.incrementAndGet();
    try (ex) {
      String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
      boolean head = method.equals("HEAD");
      if (takeOne(failRemaining)) {
        if (failStatus == 503) {
          ex.getResponseHeaders().set("Retry-After", "1");
        }
        ex.sendResponseHeaders(failStatus, -1);
        return;
      }
      if (!head && !method.equals("GET")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        ex.sendResponseHeaders(405, -1);
        return;
      }
      String rawPath = ex.getRequestURI().getRawPath();
      Path file = resolve(rawPath);
      if (file == null || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
      long len = attrs.size();
      long mtime = attrs.lastModifiedTime().toMillis();
      var rh = ex.getResponseHeaders();
      rh.set("Content-Type", "application/octet-stream");
      rh.set("Accept-Ranges", "bytes");
      rh.set("Last-Modified", HTTP_DATE.format(attrs.lastModifiedTime().toInstant()));
      rh.set("ETag", "\"" + Long.toHexString(len) + "-" + Long.toHexString(mtime) + "\"");

      long start = 0;
      long end = len - 1;
      int status = 200;
      String range = ex.getRequestHeaders().getFirst("Range");
      if (range != null && !range.contains(",")) {
        Matcher m = RANGE.matcher(range.trim());
        if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
          if (m.group(1).isEmpty()) { // suffix: last n bytes
            long n = Long.parseLong(m.group(2));
            if (n == 0 || len == 0) {
              unsatisfiable(ex, len);
              return;
            }
            start = Math.max(0, len - n);
          } else {
            start = Long.parseLong(m.group(1));
            if (!m.group(2).isEmpty()) {
              end = Math.min(Long.parseLong(m.group(2)), len - 1);
              if (Long.parseLong(m.group(2)) < start) {
                unsatisfiable(ex, len);
                return;
              }
            }
            if (start >= len) {
              unsatisfiable(ex, len);
              return;
            }
          }
          status = 206;
          rh.set("Content-Range", "bytes " + start + "-" + end + "/" + len);
        }
      }
      long count = len == 0 ? 0 : end - start + 1;
      if (head) {
        rh.set("Content-Length", Long.toString(count));
        ex.sendResponseHeaders(status, -1);
        return;
      }
      boolean truncate = takeOne(truncateRemaining);
      ex.sendResponseHeaders(status, count == 0 ? -1 : count);
      long toSend = truncate ? count / 2 : count;
      OutputStream out = ex.getResponseBody();
      try (SeekableByteChannel ch = Files.newByteChannel(file)) {
        ch.position(start);
        InputStream in = Channels.newInputStream(ch);
        byte[] buf = new byte[64 * 1024];
        long left = toSend;
        while (left > 0) {
          int r = in.read(buf, 0, (int) Math.min(buf.length, left));
          if (r < 0) {
            break;
          }
          out.write(buf, 0, r);
          left -= r;
        }
      }
      out.flush();
      if (truncate) {
        // Closing the exchange (not the stream) with bytes missing makes the JDK server close the connection;
        // closing the stream first would leave the connection open and the client waiting.
        ex.close();
      }
    }
  }

  private static void unsatisfiable(HttpExchange ex, long len) throws IOException {
    ex.getResponseHeaders().remove("Content-Type");
    ex.getResponseHeaders().set("Content-Range", "bytes */" + len);
    ex.sendResponseHeaders(416, -1);
  }

  private Path resolve(String rawPath) {
    String decoded = UriParts.percentDecode(rawPath == null ? "/" : rawPath);
    String rel = decoded.startsWith("/") ? decoded.substring(1) : decoded;
    if (rel.isEmpty() || rel.indexOf('\0') >= 0) {
      return null;
    }
    Path p = root.resolve(rel).normalize();
    return p.startsWith(root) ? p : null;
  }

  private static String encodeSegment(String seg) {
    StringBuilder sb = new StringBuilder();
    for (byte b : seg.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }
}
