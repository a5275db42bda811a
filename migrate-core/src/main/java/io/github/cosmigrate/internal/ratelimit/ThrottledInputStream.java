package io.github.cosmigrate.internal.ratelimit;

import io.github.cosmigrate.spi.RateLimiter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Objects;

/**
 * An {@link InputStream} that pays a {@link RateLimiter} one permit per byte as the bytes are read.
 *
 * <p>Each read is capped at {@code maxChunk} bytes (64 KiB by default), and the limiter is asked for exactly the
 * number of bytes the read returned, after it returned them. With the limiter's "pay later" semantics this keeps
 * the rate exact (no permits are taken for bytes that were never delivered) while a single acquisition never
 * covers more than one chunk, so a 5 GiB part is throttled smoothly and not as one giant request. A read that
 * asks for more than {@code maxChunk} bytes returns at most {@code maxChunk}, which the {@link InputStream}
 * contract allows.
 *
 * <p>{@code skip} is implemented by reading (and so is throttled): the bytes still cross the network.
 * {@code mark}/{@code reset} are not supported.
 *
 * <p>If the thread is interrupted while waiting for permits, the read throws {@link InterruptedIOException}
 * (with {@link InterruptedIOException#bytesTransferred} set to the bytes read into the buffer) and the thread's
 * interrupt flag is set again, so the caller's executor sees the interrupt. Not thread-safe, like most streams.
 * Closing this stream closes the wrapped one.
 */
public final class ThrottledInputStream extends InputStream {

  /** The largest number of bytes paid for in one acquisition by default: 64 KiB. */
  public static final int DEFAULT_MAX_CHUNK = 64 * 1024;

  private final InputStream in;
  private final RateLimiter limiter;
  private final int maxChunk;

  /** Wraps {@code in} with the default chunk of 64 KiB. */
  public ThrottledInputStream(InputStream in, RateLimiter limiter) {
    this(in, limiter, DEFAULT_MAX_CHUNK);
  }

  /** Wraps {@code in}; {@code maxChunk > 0} caps the bytes read (and acquired) per call. */
  public ThrottledInputStream(InputStream in, RateLimiter limiter, int maxChunk) {
    this.in = Objects.requireNonNull(in, "in");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    if (maxChunk <= 0) {
      throw new IllegalArgumentException("maxChunk must be > 0, was " + maxChunk);
    }
    this.maxChunk = maxChunk;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      pay(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    int n = in.read(b, off, Math.min(len, maxChunk));
    if (n > 0) {
      pay(n);
    }
    return n;
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private void pay(int bytes) throws InterruptedIOException {
    try {
      limiter.acquire(bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException io =
          new InterruptedIOException("interrupted while waiting for the bandwidth limit (" + bytes + " bytes)");
      io.bytesTransferred = bytes;
      io.initCause(e);
      throw io;
    }
  }
}
