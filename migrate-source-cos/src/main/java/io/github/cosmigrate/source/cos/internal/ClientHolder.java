package io.github.cosmigrate.source.cos.internal;

/**
 * Shuts the client down only when the source is closed <em>and</em> every body it opened is closed, so that
 * streams opened before the source's {@code close()} stay readable. Thread-safe.
 */
public final class ClientHolder {
  private final Runnable shutdown;
  private int open;
  private boolean closing;
  private boolean done;

  public ClientHolder(Runnable shutdown) {
    this.shutdown = shutdown;
  }

  /** Counts an opened body; false when the source is already closed. */
  public synchronized boolean acquire() {
    if (closing) {
      return false;
    }
    open++;
    return true;
  }

  /** True once {@link #close()} was called. */
  public synchronized boolean closing() {
    return closing;
  }

  /** A body counted by {@link #acquire()} was closed. */
  public void release() {
    boolean last;
    synchronized (this) {
      open--;
      last = closing && open == 0 && !done;
      done |= last;
    }
    if (last) {
      shutdown.run();
    }
  }

  /** No new bodies; the client shuts down now, or when the last open body closes. Idempotent. */
  public void close() {
    boolean now;
    synchronized (this) {
      closing = true;
      now = open == 0 && !done;
      done |= now;
    }
    if (now) {
      shutdown.run();
    }
  }
}
