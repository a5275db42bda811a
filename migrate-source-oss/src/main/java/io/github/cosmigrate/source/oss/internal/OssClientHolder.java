package io.github.cosmigrate.source.oss.internal;

import com.aliyun.oss.OSS;

/**
 * Owns the {@link OSS} client and shuts it down only when the source is closed <em>and</em> every body stream it
 * opened has been closed: {@code OSS.shutdown()} closes the connection pool, leased connections included, so a
 * stream opened before the source's {@code close()} would otherwise fail mid-read. Thread-safe.
 */
public final class OssClientHolder {
  private final OSS client;
  private int openStreams;
  private boolean closing;
  private boolean released;

  public OssClientHolder(OSS client) {
    this.client = client;
  }

  public OSS client() {
    return client;
  }

  /** Counts a stream opened on the client; false when the holder is already closing. */
  public synchronized boolean acquire() {
    if (closing) {
      return false;
    }
    openStreams++;
    return true;
  }

  /** A stream from {@link #acquire()} was closed. */
  public void release() {
    boolean last;
    synchronized (this) {
      openStreams--;
      last = closing && openStreams == 0 && !released;
      released |= last;
    }
    if (last) {
      shutdown();
    }
  }

  /** No new streams; the client shuts down now or when the last open stream closes. Idempotent. */
  public void close() {
    boolean now;
    synchronized (this) {
      closing = true;
      now = openStreams == 0 && !released;
      released |= now;
    }
    if (now) {
      shutdown();
    }
  }

  private void shutdown() {
    try {
      client.shutdown();
    } catch (RuntimeException e) {
      // closing: nothing left to report to
    }
  }
}
