package io.github.cosmigrate.source.url.internal;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read as an {@link InputStream} straight from the connection, with a read-idle timeout: a read
 * that waits longer than {@code idleTimeout} for the next bytes fails with a {@code TRANSIENT} error, so a body
 * that trickles or stalls cannot hold a transfer forever ({@code HttpRequest.timeout} covers only the wait for the
 * headers). The wait happens in the reading thread; no timer thread is involved. One buffer list is requested at a
 * time, so memory stays bounded. With {@link #expect} set, a body shorter or longer than expected fails with
 * {@code SOURCE_CHANGED}. Closing it before the end cancels the exchange (the connection is dropped, not drained).
 * Read from one thread at a time.
 */
public final class StreamingBody extends InputStream implements HttpResponse.BodySubscriber<StreamingBody> {
  private static final Object END = new Object();

  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final long idleNanos;
  private final Duration idleTimeout;
  private final String what;
  private volatile Flow.Subscription subscription;
  private volatile boolean closed;
  private Iterator<ByteBuffer> buffers;
  private ByteBuffer current;
  private boolean eof;
  private long count;
  private long expected = -1;
  private String expectedWhat;

  /**
   * @param what the object as shown in messages (a redacted URL and its list line)
   */
  public StreamingBody(Duration idleTimeout, String what) {
    this.idleTimeout = idleTimeout;
    this.idleNanos = idleTimeout.toNanos();
    this.what = what;
  }

  /** Fails the read unless the body is exactly {@code length} bytes, {@code of} saying what that length is. */
  public StreamingBody expect(long length, String of) {
    this.expected = length;
    this.expectedWhat = of;
    return this;
  }

  // ---------------------------------------------------------------- subscriber side (HttpClient threads)

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (closed) {
      s.cancel();
    } else {
      s.request(1);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    queue.add(item);
  }

  @Override
  public void onError(Throwable t) {
    queue.add(t);
  }

  @Override
  public void onComplete() {
    queue.add(END);
  }

  @Override
  public CompletionStage<StreamingBody> getBody() {
    return CompletableFuture.completedStage(this);
  }

  // ---------------------------------------------------------------- reader side

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("the body of " + what + " is closed");
    }
    if (len == 0) {
      return 0;
    }
    if (!ensureData()) {
      return -1;
    }
    int n = Math.min(len, current.remaining());
    current.get(b, off, n);
    count += n;
    if (expected >= 0 && count > expected) {
      cancel();
      throw new MigrateException(ErrorKind.SOURCE_CHANGED, what + ": the body is longer than " + expectedWhat
          + " (" + expected + " bytes); the object changed since it was listed");
    }
    return n;
  }

  @Override
  public int available() {
    return current == null ? 0 : current.remaining();
  }

  /** True when {@code current} has bytes; false at the end of the body. */
  private boolean ensureData() throws IOException {
    while (current == null || !current.hasRemaining()) {
      if (buffers != null && buffers.hasNext()) {
        current = buffers.next();
        continue;
      }
      if (eof) {
        return false;
      }
      if (buffers != null) {
        buffers = null;
        subscription.request(1);
      }
      Object item;
      try {
        item = queue.poll(idleNanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        cancel();
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while reading " + what);
      }
      if (item == null) {
        cancel();
        throw new MigrateException(ErrorKind.TRANSIENT, what + ": no data for " + idleTimeout.toMillis()
            + " ms after " + count + " bytes (read-timeout); the server stalled or sends too slowly");
      }
      if (item == END) {
        eof = true;
        if (expected >= 0 && count != expected) {
          throw new MigrateException(ErrorKind.SOURCE_CHANGED, what + ": the body ended after " + count
              + " bytes, but " + expectedWhat + " is " + expected + " bytes; the object changed since it was listed");
        }
        return false;
      }
      if (item instanceof Throwable t) {
        eof = true;
        throw UrlErrors.bodyFailure(t, what, count);
      }
      @SuppressWarnings("unchecked")
      List<ByteBuffer> list = (List<ByteBuffer>) item;
      buffers = list.iterator();
    }
    return true;
  }

  private void cancel() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    queue.clear();
    buffers = null;
    current = null;
  }

  /** Cancels the exchange when the body was not read to its end; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!eof) {
      cancel();
    }
  }
}
