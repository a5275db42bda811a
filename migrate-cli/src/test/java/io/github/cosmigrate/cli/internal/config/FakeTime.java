package io.github.cosmigrate.cli.internal.config;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A clock that moves only when told, and waits that move it: sleeping until an instant sets the clock there at
 * once; an action scheduled at an instant runs when the clock is moved past it (or at once, with
 * {@link #fireTimersAtOnce}).
 */
final class FakeTime extends Clock implements PassScheduler.Waits {
  static final ZoneId ZONE = ZoneOffset.UTC;
  private Instant now;
  final List<Instant> sleeps = new ArrayList<>();
  final List<Instant> timers = new ArrayList<>();
  int fireTimersAtOnce;

  FakeTime(LocalDateTime start) {
    now = start.atZone(ZONE).toInstant();
  }

  @Override
  public ZoneId getZone() {
    return ZONE;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  synchronized LocalDateTime local() {
    return LocalDateTime.ofInstant(now, ZONE);
  }

  synchronized void set(LocalDateTime t) {
    now = t.atZone(ZONE).toInstant();
  }

  @Override
  public synchronized void sleepUntil(Instant t) {
    sleeps.add(t);
    if (t.isAfter(now)) {
      now = t;
    }
  }

  @Override
  public synchronized AutoCloseable at(Instant t, Runnable action) {
    timers.add(t);
    if (fireTimersAtOnce > 0) {
      fireTimersAtOnce--;
      action.run();
    }
    return () -> { };
  }
}
