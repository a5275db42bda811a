package io.github.cosmigrate.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GateTest {
  @Test
  void startsAtMostLimitAndTheRestInFifoOrderOnRelease() {
    AtomicInteger limit = new AtomicInteger(2);
    Gate g = new Gate("test", limit::get);
    List<Integer> started = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      g.submit(() -> started.add(n));
    }
    assertThat(started).containsExactly(0, 1);
    assertThat(g.queued()).isEqualTo(3);
    g.release();
    assertThat(started).containsExactly(0, 1, 2);
    limit.set(4);
    g.drain();
    assertThat(started).containsExactly(0, 1, 2, 3, 4);
    assertThat(g.running()).isEqualTo(4);
    assertThat(g.highWaterQueue()).isEqualTo(3);
    assertThat(g.highWaterRunning()).isEqualTo(4);
  }

  @Test
  void aLoweredLimitHoldsNewWorkUntilEnoughHaveFinished() {
    AtomicInteger limit = new AtomicInteger(3);
    Gate g = new Gate("test", limit::get);
    List<Integer> started = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int n = i;
      g.submit(() -> started.add(n));
    }
    limit.set(1);
    g.release();
    g.release();
    assertThat(started).containsExactly(0, 1, 2);
    g.release();
    assertThat(started).containsExactly(0, 1, 2, 3);
  }
}
