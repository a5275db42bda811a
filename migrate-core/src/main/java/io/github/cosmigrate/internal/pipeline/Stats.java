package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.api.FailedObject;
import io.github.cosmigrate.error.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The run's counters. Memory is bounded: reasons are capped, failures are sampled. Thread-safe. */
final class Stats {
  static final int MAX_REASONS = 64;
  static final int MAX_FAILURE_SAMPLE = 100;
  static final String OTHER = "(other reasons)";

  final LongAdder listed = new LongAdder();
  final LongAdder bytesListed = new LongAdder();
  final LongAdder migrated = new LongAdder();
  final LongAdder skipped = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder verified = new LongAdder();
  final LongAdder unverifiable = new LongAdder();
  final LongAdder bytesTransferred = new LongAdder();
  /** Migrated objects that replaced a version an earlier run had migrated. */
  final LongAdder updated = new LongAdder();
  /** Attempts scheduled again after a retryable failure. */
  final LongAdder retries = new LongAdder();
  /** Sizes of objects that reached a terminal state (for the ETA). */
  final LongAdder bytesSettled = new LongAdder();

  private final ConcurrentHashMap<String, LongAdder> skippedByReason = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> failedByReason = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> metadataNotes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> verifiedBy = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> unverifiableByReason = new ConcurrentHashMap<>();
  private final List<FailedObject> sample = new ArrayList<>();

  /** A migrated object was verified by {@code method} (null: unverifiable, because of {@code reason}). */
  void verified(String method, String reason) {
    if (method == null) {
      unverifiable.increment();
      count(unverifiableByReason, reason);
    } else {
      verified.increment();
      count(verifiedBy, method);
    }
  }

  Map<String, Long> verifiedBy() {
    return snapshot(verifiedBy);
  }

  Map<String, Long> unverifiableByReason() {
    return snapshot(unverifiableByReason);
  }

  /** {@code size} as listed: an unknown size ({@code -1}) counts as 0, as it did in {@link #bytesListed}. */
  void skipped(String reason, long size) {
    skipped.increment();
    bytesSettled.add(Math.max(0, size));
    count(skippedByReason, reason);
  }

  void failed(String key, ErrorKind kind, String reason, long size) {
    failed.increment();
    bytesSettled.add(Math.max(0, size));
    count(failedByReason, kind.name());
    synchronized (sample) {
      if (sample.size() < MAX_FAILURE_SAMPLE) {
        sample.add(new FailedObject(key, kind, reason));
      }
    }
  }

  /** One object's metadata was changed to suit the sink (see MetadataPolicy). */
  void metadataNote(String note) {
    count(metadataNotes, note);
  }

  Map<String, Long> metadataNotes() {
    return snapshot(metadataNotes);
  }

  Map<String, Long> skippedByReason() {
    return snapshot(skippedByReason);
  }

  Map<String, Long> failedByReason() {
    return snapshot(failedByReason);
  }

  List<FailedObject> failures() {
    synchronized (sample) {
      return List.copyOf(sample);
    }
  }

  private static void count(ConcurrentHashMap<String, LongAdder> m, String reason) {
    LongAdder a = m.get(reason);
    if (a == null) {
      if (m.size() >= MAX_REASONS) {
        reason = OTHER;
      }
      a = m.computeIfAbsent(reason, r -> new LongAdder());
    }
    a.increment();
  }

  private static Map<String, Long> snapshot(ConcurrentHashMap<String, LongAdder> m) {
    TreeMap<String, Long> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
