package io.github.cosmigrate.source.s3.internal;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * Owns the {@link S3Client} and closes it only when the source is closed <em>and</em> every stream it opened has
 * been closed, so that streams opened before {@link #close()} stay readable. Thread-safe.
 */
public final class ClientHolder {
  private final S3Client client;
  private int openStreams;
  private boolean closing;
  private boolean released;

  public ClientHolder(S3Client client) {
    this.client = client;
  }

  public S3Client client() {
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
      client.close();
    }
  }

  /** No new streams; the client closes now or when the last open stream closes. Idempotent. */
  public void close() {
    boolean now;
    synchronized (this) {
      closing = true;
      now = openStreams == 0 && !released;
      released |= now;
    }
    if (now) {
      client.close();
    }
  }
}
