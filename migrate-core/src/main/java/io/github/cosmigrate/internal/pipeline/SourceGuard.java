package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceRead;
import io.github.cosmigrate.spi.ForwardingSource;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.capability.RangeReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Optional;

/**
 * The engine's view of the source: every list, stat, open and range open pays the source's request limiter and
 * reports to the source's AIMD limit ({@link RequestLimits}). A THROTTLED the source throws lowers the source's
 * limit here, where it is known to come from the source, and is rethrown as a {@link SourceThrottled} (same kind,
 * message and Retry-After, the original as its cause) so that nothing downstream mistakes it for the sink's.
 * Every other outcome passes through unchanged. Thread-safe.
 */
final class SourceGuard extends ForwardingSource {
  private final RequestLimits limits;
  private final RangeReader ranges;

  SourceGuard(Source source, RequestLimits limits) {
    super(source);
    this.limits = limits;
    RangeReader r = source.capability(RangeReader.class).orElse(null);
    this.ranges = r == null ? null : (object, offset, length) -> call(() -> r.openRange(object, offset, length));
  }

  /** A THROTTLED thrown by the source. */
  static final class SourceThrottled extends MigrateException {
    private static final long serialVersionUID = 1L;

    SourceThrottled(Throwable cause) {
      super(ErrorKind.THROTTLED, io.github.cosmigrate.internal.retry.RetryPolicy.reason(cause),
          io.github.cosmigrate.internal.retry.RetryPolicy.retryAfter(cause).orElse(null), cause);
    }
  }

  /** True when {@code e} (or one of its causes) was thrown by the source as THROTTLED. */
  static boolean fromSource(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof SourceThrottled) {
        return true;
      }
    }
    return false;
  }

  @FunctionalInterface
  private interface Call<T> {
    T call() throws IOException;
  }

  private <T> T call(Call<T> c) throws IOException {
    try {
      limits.sourceRequest();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the source's request limiter");
    }
    T r;
    try {
      r = c.call();
    } catch (IOException | RuntimeException e) {
      if (MigrateException.kindOf(e) == ErrorKind.THROTTLED && !(e instanceof InterruptedIOException)) {
        limits.sourceThrottled();
        throw new SourceThrottled(e);
      }
      throw e;
    }
    limits.sourceSuccess();
    return r;
  }

  /** The guarded range reader, when the source has one. */
  Optional<RangeReader> ranges() {
    return Optional.ofNullable(ranges);
  }

  @Override
  public ListBatch list(Optional<ListCursor> after) throws IOException {
    return call(() -> delegate().list(after));
  }

  @Override
  public ObjectInfo stat(String key) throws IOException {
    return call(() -> delegate().stat(key));
  }

  @Override
  public ObjectInfo statListed(ObjectInfo listed) throws IOException {
    return call(() -> delegate().statListed(listed));
  }

  @Override
  public SourceRead open(ObjectInfo object) throws IOException {
    return call(() -> delegate().open(object));
  }

  /** Opens a range through the guard (the source must have ranges). */
  InputStream openRange(ObjectInfo object, long offset, long length) throws IOException {
    return ranges.openRange(object, offset, length);
  }
}
