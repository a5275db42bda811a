package io.github.cosmigrate.spi;

import java.util.Objects;

/**
 * For plugins whose SDK client closes the streams it has open when it shuts down: shuts the client down only when
 * its owner has closed <em>and</em> every stream leased from it has been closed, so that a body opened before the
 * owner's {@code close()} stays readable to its end. Thread-safe; the shutdown runs once, on the thread that
 * closes last.
 */
public final class ClientLeases {
  private final Runnable shutdown;
  private int open;
  private boolean closing;
  private boolean done;

  /** Leases on a client that {@code shutdown} shuts down. */
  public ClientLeases(Runnable shutdown) {
    this.shutdown = Objects.requireNonNull(shutdown, "shutdown");
  }

  /** Counts a stream opened on the client; false (nothing counted) when the owner has already closed. */
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

  /** A stream counted by {@link #acquire()} was closed: call once per successful acquire. */
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

  /** No new streams; the client shuts down now, or when the last open stream closes. Idempotent. */
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
