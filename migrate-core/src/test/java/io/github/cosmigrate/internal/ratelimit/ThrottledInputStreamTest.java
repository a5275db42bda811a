package io.github.cosmigrate.internal.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.spi.RateLimiter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThrottledInputStreamTest {

  /** Records every acquisition; optionally throws InterruptedException on the n-th. */
  static final class RecordingLimiter implements RateLimiter {
    final List<Long> acquired = new ArrayList<>();
    int interruptOnCall = -1;

    @Override
    public void acquire(long permits) throws InterruptedException {
      if (acquired.size() == interruptOnCall) {
        throw new InterruptedException("fake");
      }
      acquired.add(permits);
    }

    @Override
    public boolean tryAcquire(long permits, Duration timeout) throws InterruptedException {
      acquire(permits);
      return true;
    }

    @Override
    public double rate() {
      return 1;
    }

    @Override
    public void setRate(double permitsPerSecond) {}

    long total() {
      return acquired.stream().mapToLong(Long::longValue).sum();
    }
  }

  private static byte[] data(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void paysOnePermitPerByteInChunksNoBiggerThanTheCap() throws IOException {
    byte[] src = data(200_000);
    RecordingLimiter limiter = new RecordingLimiter();
    byte[] out;
    try (InputStream in = new ThrottledInputStream(new ByteArrayInputStream(src), limiter, 64 * 1024)) {
      out = in.readAllBytes();
    }
    assertThat(out).isEqualTo(src);
    assertThat(limiter.total()).isEqualTo(src.length);
    assertThat(limiter.acquired).allSatisfy(p -> assertThat(p).isBetween(1L, 64L * 1024));
  }

  @Test
  void aLargeReadReturnsAtMostOneChunk() throws IOException {
    RecordingLimiter limiter = new RecordingLimiter();
    InputStream in = new ThrottledInputStream(new ByteArrayInputStream(data(10_000)), limiter, 4096);
    byte[] buf = new byte[10_000];
    assertThat(in.read(buf, 0, buf.length)).isEqualTo(4096);
    assertThat(limiter.acquired).containsExactly(4096L);
  }

  @Test
  void paysOnlyForTheBytesActuallyReturned() throws IOException {
    RecordingLimiter limiter = new RecordingLimiter();
    InputStream in = new ThrottledInputStream(new ByteArrayInputStream(data(100)), limiter);
    byte[] buf = new byte[8192];
    assertThat(in.read(buf, 0, buf.length)).isEqualTo(100);
    assertThat(in.read(buf, 0, buf.length)).isEqualTo(-1);
    assertThat(limiter.acquired).containsExactly(100L);
  }

  @Test
  void singleByteReadsPayOneEachAndEofPaysNothing() throws IOException {
    byte[] src = {1, 2, (byte) 0xff};
    RecordingLimiter limiter = new RecordingLimiter();
    InputStream in = new ThrottledInputStream(new ByteArrayInputStream(src), limiter);
    assertThat(in.read()).isEqualTo(1);
    assertThat(in.read()).isEqualTo(2);
    assertThat(in.read()).isEqualTo(0xff);
    assertThat(in.read()).isEqualTo(-1);
    assertThat(limiter.acquired).containsExactly(1L, 1L, 1L);
  }

  @Test
  void zeroLengthReadPaysNothing() throws IOException {
    RecordingLimiter limiter = new RecordingLimiter();
    InputStream in = new ThrottledInputStream(new ByteArrayInputStream(data(10)), limiter);
    assertThat(in.read(new byte[4], 0, 0)).isZero();
    assertThat(limiter.acquired).isEmpty();
  }

  @Test
  void skipIsThrottledToo() throws IOException {
    RecordingLimiter limiter = new RecordingLimiter();
    InputStream in = new ThrottledInputStream(new ByteArrayInputStream(data(1000)), limiter);
    assertThat(in.skip(600)).isEqualTo(600);
    assertThat(limiter.total()).isEqualTo(600);
  }

  @Test
  void interruptBecomesInterruptedIoExceptionWithTheFlagRestored() {
    RecordingLimiter limiter = new RecordingLimiter();
    limiter.interruptOnCall = 1;
    InputStream in = new ThrottledInputStream(new ByteArrayInputStream(data(100)), limiter, 10);
    byte[] buf = new byte[10];
    assertThatThrownBy(() -> {
          in.read(buf, 0, 10);
          in.read(buf, 0, 10);
        })
        .isInstanceOf(InterruptedIOException.class)
        .hasCauseInstanceOf(InterruptedException.class)
        .satisfies(e -> assertThat(((InterruptedIOException) e).bytesTransferred).isEqualTo(10));
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }

  @Test
  void closeClosesTheWrappedStream() throws IOException {
    boolean[] closed = {false};
    InputStream inner =
        new ByteArrayInputStream(new byte[0]) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };
    new ThrottledInputStream(inner, new RecordingLimiter()).close();
    assertThat(closed[0]).isTrue();
  }

  @Test
  void rejectsBadArguments() {
    RecordingLimiter limiter = new RecordingLimiter();
    InputStream empty = new ByteArrayInputStream(new byte[0]);
    assertThatThrownBy(() -> new ThrottledInputStream(empty, limiter, 0))
        .isInstanceOf(IllegalArgumentException.class);
    ThrottledInputStream in = new ThrottledInputStream(empty, limiter);
    assertThatThrownBy(() -> in.read(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
