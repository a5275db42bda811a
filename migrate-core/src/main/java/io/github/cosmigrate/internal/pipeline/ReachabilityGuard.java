package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.MultipartUpload;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.UploadedPart;
import io.github.cosmigrate.spi.ForwardingSink;
import io.github.cosmigrate.spi.Sink;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The engine's view of the sink: notices a sink that cannot be reached at all (a wrong endpoint, a closed port, a
 * host name that does not resolve, a black-holed address), so that such a run stops at once as a configuration
 * error instead of retrying every object for minutes and "finishing" with every object failed.
 *
 * <p>Until the sink has answered once, {@code threshold} consecutive sink requests that fail with a
 * {@link ErrorKind#TRANSIENT} connection failure or timeout call {@code trip} (once) with a
 * {@link ErrorKind#FATAL_CONFIGURATION} {@link MigrateException}. The sink has answered when a request returned
 * normally or failed with any other error (an HTTP error status proves the endpoint is there). From then on the
 * guard never trips: a later outage is handled by ordinary retries and per-object failures. Until it trips, the
 * guard only passes calls through (the failing call still throws its own exception); once it has tripped, no call
 * reaches the sink any more: each throws the trip's error at once, so the workers already in flight (and their
 * retries) stop without another request to an endpoint known to be unreachable. It is thread-safe.
 */
final class ReachabilityGuard extends ForwardingSink {
  private final int threshold;
  private final Consumer<MigrateException> trip;
  private final AtomicInteger unreachable = new AtomicInteger();
  private volatile boolean reached;
  private volatile MigrateException tripped;

  ReachabilityGuard(Sink sink, int threshold, Consumer<MigrateException> trip) {
    super(sink);
    this.threshold = threshold;
    this.trip = trip;
  }

  /** The threshold for a run with {@code concurrency} objects in flight. */
  static int threshold(int concurrency) {
    return Math.max(16, 2 * concurrency);
  }

  @FunctionalInterface
  interface Call<T> {
    T call() throws IOException;
  }

  /** A sink request made outside this decorator (a server-side copy), watched like the others. */
  <T> T guarded(Call<T> c) throws IOException {
    return guard(c);
  }

  private <T> T guard(Call<T> c) throws IOException {
    if (reached) {
      return c.call();
    }
    MigrateException t = tripped;
    if (t != null) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, t.getMessage(), t);
    }
    try {
      T r = c.call();
      reached = true;
      return r;
    } catch (IOException | RuntimeException e) {
      failed(e);
      throw e;
    }
  }

  private void failed(Throwable e) {
    Throwable connection = MigrateException.kindOf(e) == ErrorKind.TRANSIENT ? connectionFailure(e) : null;
    if (connection == null) {
      reached = true; // the sink answered (or the failure is not about reaching it)
      return;
    }
    if (!reached && unreachable.incrementAndGet() == threshold) {
      MigrateException t = new MigrateException(ErrorKind.FATAL_CONFIGURATION, "cannot reach the sink "
          + delegate().describe() + ": " + describe(connection) + "; check the endpoint, region and network", e);
      tripped = t;
      trip.accept(t);
    }
  }

  /** The connection failure or timeout in {@code e}'s cause chain, or null. */
  static Throwable connectionFailure(Throwable e) {
    int depth = 0;
    for (Throwable c = e; c != null && depth++ < 32; c = c.getCause()) {
      if (c instanceof ConnectException || c instanceof NoRouteToHostException || c instanceof UnknownHostException
          || c instanceof PortUnreachableException || c instanceof SocketTimeoutException
          || c instanceof HttpTimeoutException || c.getClass().getSimpleName().equals("ConnectTimeoutException")) {
        return c;
      }
    }
    return null;
  }

  /** In words, without exception class names: the message of a connection failure names host and port. */
  static String describe(Throwable c) {
    String m = c.getMessage() == null ? "" : c.getMessage().strip();
    int nl = m.indexOf('\n');
    m = nl < 0 ? m : m.substring(0, nl);
    int q = m.indexOf('?');
    m = q < 0 ? m : m.substring(0, q) + "?..."; // never a query string
    m = m.length() > 200 ? m.substring(0, 200) + "..." : m;
    if (c instanceof UnknownHostException) {
      return "the host name does not resolve" + (m.isEmpty() ? "" : " (" + m + ")");
    }
    if (!(c instanceof ConnectException || c instanceof NoRouteToHostException
        || c instanceof PortUnreachableException)) {
      return "the request timed out" + (m.isEmpty() ? "" : " (" + m + ")");
    }
    return m.isEmpty() ? "the connection failed" : m;
  }

  @Override
  public Optional<ObjectInfo> stat(String key) throws IOException {
    return guard(() -> delegate().stat(key));
  }

  @Override
  public PutResult put(String key, InputStream body, long length, ObjectMetadata metadata) throws IOException {
    return guard(() -> delegate().put(key, body, length, metadata));
  }

  @Override
  public String initiateMultipart(String key, ObjectMetadata metadata) throws IOException {
    return guard(() -> delegate().initiateMultipart(key, metadata));
  }

  @Override
  public String initiateMultipart(String key, ObjectMetadata metadata, long objectSize, long partSize)
      throws IOException {
    return guard(() -> delegate().initiateMultipart(key, metadata, objectSize, partSize));
  }

  @Override
  public PartResult uploadPart(String key, String uploadId, int partNumber, InputStream body, long length)
      throws IOException {
    return guard(() -> delegate().uploadPart(key, uploadId, partNumber, body, length));
  }

  @Override
  public List<UploadedPart> listParts(String key, String uploadId) throws IOException {
    return guard(() -> delegate().listParts(key, uploadId));
  }

  @Override
  public PutResult completeMultipart(String key, String uploadId, List<PartResult> parts) throws IOException {
    return guard(() -> delegate().completeMultipart(key, uploadId, parts));
  }

  @Override
  public void abortMultipart(String key, String uploadId) throws IOException {
    guard(() -> {
      delegate().abortMultipart(key, uploadId);
      return null;
    });
  }

  @Override
  public List<MultipartUpload> listMultipartUploads(String prefix) throws IOException {
    return guard(() -> delegate().listMultipartUploads(prefix));
  }

  @Override
  public void delete(String key) throws IOException {
    guard(() -> {
      delegate().delete(key);
      return null;
    });
  }
}
