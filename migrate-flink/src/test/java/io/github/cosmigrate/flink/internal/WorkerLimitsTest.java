package io.github.cosmigrate.flink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.RateLimiters;
import io.github.cosmigrate.spi.RateLimiter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class WorkerLimitsTest {

  @Test
  void throttlesHalveTheShareAndTheRateSuccessesRegainIt() {
    RateLimiter rate = RateLimiters.perSecond(10);
    WorkerLimits l = new WorkerLimits(4, rate, 10);
    l.throttled();
    assertThat(l.limit()).isEqualTo(2);
    assertThat(rate.rate()).isEqualTo(5.0);
    l.throttled();
    l.throttled();
    assertThat(l.limit()).isEqualTo(1);
    assertThat(rate.rate()).isEqualTo(2.5);
    for (int i = 0; i < WorkerLimits.INCREASE_EVERY; i++) {
      l.succeeded();
    }
    assertThat(l.limit()).isEqualTo(2);
    assertThat(rate.rate()).isEqualTo(5.0);
    assertThat(l.lowest()).isEqualTo(1);
  }

  @Test
  void noRequestRateMeansOnlyObjectsInFlightBackOff() {
    WorkerLimits l = new WorkerLimits(3, RateLimiter.unlimited(), 0);
    l.throttled();
    assertThat(l.limit()).isEqualTo(1);
    assertThat(l.lowest()).isEqualTo(1);
  }

  @Test
  void aThrottledWorkerHoldsFurtherObjectsUntilOneLeavesFlight() throws Exception {
    WorkerLimits l = new WorkerLimits(2, RateLimiter.unlimited(), 0);
    l.throttled(); // limit 1
    l.acquire();
    AtomicBoolean second = new AtomicBoolean();
    Thread t = new Thread(() -> {
      try {
        l.acquire();
        second.set(true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    t.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(t.getState()).isEqualTo(Thread.State.WAITING);
    assertThat(second).isFalse();
    l.release();
    t.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(second).isTrue();
  }
}
