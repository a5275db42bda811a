package io.github.cosmigrate.flink.internal;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.UploadedPart;
import io.github.cosmigrate.spi.ForwardingSink;
import io.github.cosmigrate.spi.Sink;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A transfer worker's sink, watched: every THROTTLED answer (SlowDown, 503) of a request about an object is told to
 * the worker's {@link WorkerLimits} (which backs off) and counted for that object's destination key, every success
 * too (which lets the share grow back). Errors are rethrown unchanged: the core's retry rule handles them.
 */
final class ThrottleWatchingSink extends ForwardingSink {
  private final WorkerLimits limits;
  private final Map<String, AtomicInteger> throttledByKey = new ConcurrentHashMap<>();

  ThrottleWatchingSink(Sink delegate, WorkerLimits limits) {
    super(delegate);
    this.limits = limits;
  }

  /** The THROTTLED answers counted for {@code destinationKey} since the last call, and forgets them. */
  int takeThrottled(String destinationKey) {
    AtomicInteger n = throttledByKey.remove(destinationKey);
    return n == null ? 0 : n.get();
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws IOException;
  }

  private <T> T watch(String key, Call<T> call) throws IOException {
    try {
      T r = call.run();
      limits.succeeded();
      return r;
    } catch (IOException | RuntimeException e) {
      if (MigrateException.kindOf(e) == ErrorKind.THROTTLED) {
        limits.throttled();
        throttledByKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      }
      throw e;
    }
  }

  @Override
  public Optional<ObjectInfo> stat(String key) throws IOException {
    return watch(key, () -> super.stat(key));
  }

  @Override
  public PutResult put(String key, InputStream body, long length, ObjectMetadata metadata) throws IOException {
    return watch(key, () -> super.put(key, body, length, metadata));
  }

  @Override
  public String initiateMultipart(String key, ObjectMetadata metadata) throws IOException {
    return watch(key, () -> super.initiateMultipart(key, metadata));
  }

  @Override
  public String initiateMultipart(String key, ObjectMetadata metadata, long objectSize, long partSize)
      throws IOException {
    return watch(key, () -> super.initiateMultipart(key, metadata, objectSize, partSize));
  }

  @Override
  public PartResult uploadPart(String key, String uploadId, int partNumber, InputStream body, long length)
      throws IOException {
    return watch(key, () -> super.uploadPart(key, uploadId, partNumber, body, length));
  }

  @Override
  public List<UploadedPart> listParts(String key, String uploadId) throws IOException {
    return watch(key, () -> super.listParts(key, uploadId));
  }

  @Override
  public PutResult completeMultipart(String key, String uploadId, List<PartResult> parts) throws IOException {
    return watch(key, () -> super.completeMultipart(key, uploadId, parts));
  }

  @Override
  public void abortMultipart(String key, String uploadId) throws IOException {
    watch(key, () -> {
      super.abortMultipart(key, uploadId);
      return null;
    });
  }
}
