package io.github.cosmigrate.internal.pipeline;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bytes in flight: reserved before a part or object is read, released when its request ends. A reservation
 * larger than the whole budget is clamped to the budget (it then runs alone). Thread-safe.
 */
final class ByteBudget {
  private final long capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition freed = lock.newCondition();
  private long used;
  private long highWater;
  private volatile Runnable onRelease = () -> {};

  ByteBudget(long capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be > 0");
    }
    this.capacity = capacity;
  }

  /** The amount actually reserved for a request of {@code bytes}. */
  long clamp(long bytes) {
    return Math.min(Math.max(0, bytes), capacity);
  }

  void onRelease(Runnable r) {
    onRelease = r;
  }

  /** Blocks until {@code clamp(bytes)} is reserved; returns the amount reserved. */
  long acquire(long bytes) throws InterruptedException {
    long n = clamp(bytes);
    lock.lockInterruptibly();
    try {
      while (used + n > capacity) {
        freed.await();
      }
      take(n);
      return n;
    } finally {
      lock.unlock();
    }
  }

  /** Reserves {@code clamp(bytes)} if it fits now; returns the amount reserved, or -1. */
  long tryAcquire(long bytes) {
    long n = clamp(bytes);
    lock.lock();
    try {
      if (used + n > capacity) {
        return -1;
      }
      take(n);
      return n;
    } finally {
      lock.unlock();
    }
  }

  void release(long reserved) {
    if (reserved <= 0) {
      return;
    }
    lock.lock();
    try {
      used -= reserved;
      if (used < 0) {
        throw new IllegalStateException("released more bytes than reserved");
      }
      freed.signalAll();
    } finally {
      lock.unlock();
    }
    onRelease.run();
  }

  long used() {
    lock.lock();
    try {
      return used;
    } finally {
      lock.unlock();
    }
  }

  long highWater() {
    lock.lock();
    try {
      return highWater;
    } finally {
      lock.unlock();
    }
  }

  long capacity() {
    return capacity;
  }

  private void take(long n) {
    used += n;
    highWater = Math.max(highWater, used);
  }
}
