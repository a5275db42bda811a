package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.api.MigrationListener;
import io.github.cosmigrate.api.ProgressSnapshot;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.model.PutResult;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls the user's listener, never letting it break the engine: a listener that throws is logged and ignored. */
final class SafeListener implements MigrationListener {
  private static final Logger LOG = LoggerFactory.getLogger("io.github.cosmigrate.pipeline");
  private final MigrationListener l;

  SafeListener(MigrationListener l) {
    this.l = l;
  }

  private static void guard(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("the migration listener threw (ignored): {}", e.toString());
    }
  }

  @Override
  public void objectStarted(String key, long size) {
    guard(() -> l.objectStarted(key, size));
  }

  @Override
  public void objectCompleted(String key, long size, PutResult result) {
    guard(() -> l.objectCompleted(key, size, result));
  }

  @Override
  public void objectSkipped(String key, String reason) {
    guard(() -> l.objectSkipped(key, reason));
  }

  @Override
  public void objectFailed(String key, ErrorKind kind, String reason) {
    guard(() -> l.objectFailed(key, kind, reason));
  }

  @Override
  public void partCompleted(String key, int partNumber, long size) {
    guard(() -> l.partCompleted(key, partNumber, size));
  }

  @Override
  public void retryScheduled(String key, int nextAttempt, Duration delay, String reason) {
    guard(() -> l.retryScheduled(key, nextAttempt, delay, reason));
  }

  @Override
  public void progress(ProgressSnapshot snapshot) {
    guard(() -> l.progress(snapshot));
  }
}
