package io.github.cosmigrate.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ByteBudgetTest {
  @Test
  void reservesUpToCapacityAndClampsOversizedRequests() {
    ByteBudget b = new ByteBudget(100);
    assertThat(b.tryAcquire(60)).isEqualTo(60);
    assertThat(b.tryAcquire(50)).isEqualTo(-1);
    assertThat(b.tryAcquire(40)).isEqualTo(40);
    assertThat(b.used()).isEqualTo(100);
    b.release(100);
    assertThat(b.tryAcquire(1_000)).isEqualTo(100); // a part larger than the budget runs alone
    assertThat(b.tryAcquire(1)).isEqualTo(-1);
    assertThat(b.highWater()).isEqualTo(100);
  }

  @Test
  void aBlockedAcquireProceedsWhenBytesAreReleasedAndReleaseNotifies() throws Exception {
    ByteBudget b = new ByteBudget(10);
    AtomicInteger notified = new AtomicInteger();
    b.onRelease(notified::incrementAndGet);
    b.acquire(10);
    AtomicLong got = new AtomicLong(-1);
    CountDownLatch done = new CountDownLatch(1);
    Thread t = new Thread(() -> {
      try {
        got.set(b.acquire(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      done.countDown();
    });
    t.start();
    assertThat(done.getCount()).isEqualTo(1);
    b.release(10);
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(got.get()).isEqualTo(5);
    assertThat(notified.get()).isEqualTo(1);
  }
}
