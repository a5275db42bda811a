package io.github.cosmigrate.spi;

import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceRead;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link Source} that forwards every call to another; the base of decorators (limits, fault injection, metrics).
 * Override what the decorator changes ({@link #statListed} forwards to the delegate's, so a decorator that must see
 * every stat overrides both {@code stat} methods). {@link #capability(Class)} answers for this object first, then for the
 * wrapped source, so a decorator that does not implement a capability itself hands out the delegate's (calls to
 * that capability then bypass the decorator; a decorator that must see them implements the capability too).
 */
public abstract class ForwardingSource implements Source {
  private final Source delegate;

  protected ForwardingSource(Source delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The wrapped source. */
  protected final Source delegate() {
    return delegate;
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  @Override
  public ListBatch list(Optional<ListCursor> after) throws IOException {
    return delegate.list(after);
  }

  @Override
  public boolean resumableCursors() {
    return delegate.resumableCursors();
  }

  @Override
  public ObjectInfo stat(String key) throws IOException {
    return delegate.stat(key);
  }

  @Override
  public ObjectInfo statListed(ObjectInfo listed) throws IOException {
    return delegate.statListed(listed);
  }

  @Override
  public SourceRead open(ObjectInfo object) throws IOException {
    return delegate.open(object);
  }

  @Override
  public boolean pinsReads() {
    return delegate.pinsReads();
  }

  @Override
  public boolean listsMetadata() {
    return delegate.listsMetadata();
  }

  @Override
  public Optional<String> provenance(ObjectInfo object) {
    return delegate.provenance(object);
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
