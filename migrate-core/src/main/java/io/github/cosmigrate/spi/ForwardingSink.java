package io.github.cosmigrate.spi;

import io.github.cosmigrate.model.MultipartUpload;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.model.UploadedPart;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link Sink} that forwards every call to another; the base of decorators. Override what the decorator
 * changes. {@link #capability(Class)} answers for this object first, then for the wrapped sink (see
 * {@link ForwardingSource} for what that means for calls to the capability).
 */
public abstract class ForwardingSink implements Sink {
  private final Sink delegate;

  protected ForwardingSink(Sink delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The wrapped sink. */
  protected final Sink delegate() {
    return delegate;
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  @Override
  public SinkLimits limits() {
    return delegate.limits();
  }

  @Override
  public Optional<ObjectInfo> stat(String key) throws IOException {
    return delegate.stat(key);
  }

  @Override
  public PutResult put(String key, InputStream body, long length, ObjectMetadata metadata) throws IOException {
    return delegate.put(key, body, length, metadata);
  }

  @Override
  public String initiateMultipart(String key, ObjectMetadata metadata) throws IOException {
    return delegate.initiateMultipart(key, metadata);
  }

  /**
   * Forwards to the delegate's method with sizes (the one the engine calls), not to
   * {@link #initiateMultipart(String, ObjectMetadata)}: a decorator that changes how uploads start overrides both.
   */
  @Override
  public String initiateMultipart(String key, ObjectMetadata metadata, long objectSize, long partSize)
      throws IOException {
    return delegate.initiateMultipart(key, metadata, objectSize, partSize);
  }

  @Override
  public PartResult uploadPart(String key, String uploadId, int partNumber, InputStream body, long length)
      throws IOException {
    return delegate.uploadPart(key, uploadId, partNumber, body, length);
  }

  @Override
  public List<UploadedPart> listParts(String key, String uploadId) throws IOException {
    return delegate.listParts(key, uploadId);
  }

  @Override
  public PutResult completeMultipart(String key, String uploadId, List<PartResult> parts) throws IOException {
    return delegate.completeMultipart(key, uploadId, parts);
  }

  @Override
  public void abortMultipart(String key, String uploadId) throws IOException {
    delegate.abortMultipart(key, uploadId);
  }

  @Override
  public List<MultipartUpload> listMultipartUploads(String prefix) throws IOException {
    return delegate.listMultipartUploads(prefix);
  }

  @Override
  public void delete(String key) throws IOException {
    delegate.delete(key);
  }

  @Override
  public <T> Optional<T> capability(Class<T> type) {
    return type.isInstance(this) ? Optional.of(type.cast(this)) : delegate.capability(type);
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
