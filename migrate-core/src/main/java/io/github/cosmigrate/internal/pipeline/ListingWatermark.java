package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.internal.retry.RetryPolicy;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listing's low watermark: the position in the source's listing before which every listed object has reached a
 * terminal state that the ledger holds, with none of them failed. Only that position is saved (as the ledger cursor
 * of this job's {@linkplain #scope scope}), so a kill at any moment loses nothing, and a rerun of an unfinished pass
 * continues from it instead of listing from the start. Thread-safe.
 *
 * <h2>How it moves</h2>
 * Each listed page is a {@link Segment} that counts its admitted objects not yet terminal; entries settled on the
 * lister thread (skips, listing failures) are terminal at once. A segment is complete when the lister has handled
 * all its entries ({@link #seal}) and its count is zero. The lowest segment, once complete, moves the watermark to
 * the position after it; a complete segment above an incomplete one is merged into its predecessor (which then
 * ends where it ended), so the segments held never outnumber the admitted objects plus one. The object that
 * completes the lowest segment carries the new position in its own ledger batch ({@link #claim}); a position that
 * moved otherwise (several objects finishing at once, a page with nothing to transfer) is written alone, by one
 * thread at a time, so the saved position only moves forward.
 *
 * <h2>Failures</h2>
 * A failed object is terminal, but the watermark never passes it: from the first page holding a failure of this
 * pass on, nothing more is saved until the pass ends. A rerun of the unfinished pass therefore lists again from
 * that page and retries every failure; objects already migrated there are skipped as unchanged by the bulk ledger
 * lookup. An object whose failure the ledger could not record is covered by the same rule.
 *
 * <h2>Passes</h2>
 * When the listing ended and every object settled, the pass is recorded as finished ({@link #finish}), whatever
 * failed: the next run starts a new pass from the start, so keys added anywhere, changed objects and failures are
 * all seen again. A source whose cursors cannot be resumed ({@link Source#resumableCursors()} false) gets no saved
 * position and is listed from the start by every run.
 *
 * <h2>Record</h2>
 * The saved cursor's token is {@code wm1 running <pass start millis> <source token>} or
 * {@code wm1 finished <pass start millis>}; an unreadable record is ignored (the listing starts again).
 */
final class ListingWatermark {
  private static final Logger LOG = LoggerFactory.getLogger("io.github.cosmigrate.pipeline");
  private static final String FORMAT = "wm1";
  private static final String RUNNING = "running";
  private static final String FINISHED = "finished";

  /** One listed page, or several consecutive ones after merging. Guarded by the watermark. */
  static final class Segment {
    private int remaining;
    private boolean sealed;
    private boolean failed;
    private Position after;
    private Segment prev;
    private Segment next;

    private Segment(Position after) {
      this.after = after;
    }

    private boolean complete() {
      return sealed && remaining == 0;
    }
  }

  /** Where the listing continues: after {@code cursor}, or nowhere ({@code end}: the listing is complete). */
  private record Position(ListCursor cursor, boolean end) {
    static final Position END = new Position(null, true);
  }

  /** The right to save {@code position} in the batch that records the lowest segment's last object. */
  static final class Claim {
    private final Position position;

    private Claim(Position position) {
      this.position = position;
    }
  }

  private final Ledger ledger;
  private final String scope;
  private final boolean enabled;
  private final Clock clock;
  private final String sourceName;

  private volatile long passStarted;
  private boolean resumed;
  private Segment head;
  private Segment tail;
  private boolean frozen;
  private boolean writing;
  /** The furthest position every object before which is recorded and none failed; null: none yet. */
  private Position goal;
  /** The position last written to the ledger; null: none this pass. */
  private Position saved;

  ListingWatermark(Ledger ledger, String scope, boolean enabled, Clock clock, String sourceName) {
    this.ledger = ledger;
    this.scope = scope;
    this.enabled = enabled;
    this.clock = clock;
    this.sourceName = sourceName;
  }

  /** A watermark that saves nothing (a direct transfer, a source whose cursors cannot be resumed). */
  static ListingWatermark none() {
    return new ListingWatermark(null, "", false, Clock.systemUTC(), "");
  }

  /** The ledger scope of a job's listing: the source's and the destination's full identity. */
  static String scope(Source source, Sink sink, String destinationPrefix) {
    return "listing " + source.describe() + " -> " + sink.describe() + " prefix '" + destinationPrefix + "'";
  }

  String scope() {
    return scope;
  }

  /** How many segments are held (for tests of the memory bound). */
  synchronized int segments() {
    int n = 0;
    for (Segment s = head; s != null; s = s.next) {
      n++;
    }
    return n;
  }

  /** True when this run continues a pass that an earlier run left unfinished. */
  synchronized boolean resumed() {
    return resumed;
  }

  // ------------------------------------------------------------------------------------------ start

  /**
   * Where this run's listing starts: the saved position of an unfinished pass, or the start (a new pass) when
   * there is none, the last pass finished, or the source cannot resume.
   */
  Optional<ListCursor> start() throws IOException {
    if (!enabled) {
      return Optional.empty();
    }
    Optional<ListCursor> record = ledger.cursor(scope);
    synchronized (this) {
      passStarted = clock.millis();
      if (record.isEmpty()) {
        return Optional.empty();
      }
      String[] f = record.get().token().split(" ", 4);
      if (f.length >= 3 && f[0].equals(FORMAT) && f[1].equals(FINISHED)) {
        LOG.info("the last listing pass over {} finished; this run lists it again from the start", sourceName);
        return Optional.empty();
      }
      if (f.length != 4 || !f[0].equals(FORMAT) || !f[1].equals(RUNNING) || !isLong(f[2])) {
        LOG.warn("the saved listing position of {} is not one this version wrote; listing from the start",
            sourceName);
        return Optional.empty();
      }
      passStarted = Long.parseLong(f[2]);
      resumed = true;
      ListCursor c = new ListCursor(f[3]);
      saved = new Position(c, false);
      goal = saved;
      LOG.info("resuming the listing of {} from its saved position (the pass started at {}): every object before it "
          + "is recorded in the ledger", sourceName, Instant.ofEpochMilli(passStarted));
      return Optional.of(c);
    }
  }

  /** The source refused the saved position: the pass starts again from the start. */
  synchronized void restart() {
    resumed = false;
    passStarted = clock.millis();
    saved = null;
    goal = null;
  }

  private static boolean isLong(String s) {
    try {
      Long.parseLong(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  // ------------------------------------------------------------------------------------------ lister side

  /** A new segment for a page about to be handled (null when disabled). */
  synchronized Segment open(ListBatch page) {
    if (!enabled) {
      return null;
    }
    Segment s = new Segment(page.isLast() ? Position.END : new Position(page.next().get(), false));
    s.prev = tail;
    if (tail == null) {
      head = s;
    } else {
      tail.next = s;
    }
    tail = s;
    return s;
  }

  /** An object of {@code s} was admitted for transfer: it counts until {@link #done}. */
  void admit(Segment s) {
    if (s != null) {
      synchronized (this) {
        s.remaining++;
      }
    }
  }

  /** An object of {@code s} failed (call before its {@link #done}, or before {@link #seal} on the lister). */
  void failed(Segment s) {
    if (s != null) {
      synchronized (this) {
        s.failed = true;
      }
    }
  }

  /** The lister handled every entry of {@code s}. */
  void seal(Segment s) {
    if (s == null) {
      return;
    }
    synchronized (this) {
      s.sealed = true;
      settle(s);
    }
    writePending();
  }

  // ------------------------------------------------------------------------------------------ settlement side

  /**
   * Before the ledger write that records an object of {@code s} as terminal: a claim when that object is the last of
   * the lowest segment, so that the same batch saves the position after it ({@link #addTo}); else null.
   */
  Claim claim(Segment s) {
    if (s == null) {
      return null;
    }
    synchronized (this) {
      if (frozen || writing || s != head || !s.sealed || s.remaining != 1 || s.failed) {
        return null;
      }
      writing = true;
      return new Claim(s.after);
    }
  }

  /** Adds the claimed position to {@code batch}. */
  void addTo(Ledger.Batch batch, Claim claim) {
    if (claim != null) {
      batch.putCursor(scope, new ListCursor(encode(claim.position)));
    }
  }

  /** The claimed write failed (the object is not terminal yet and will be retried). */
  void unclaim(Claim claim) {
    if (claim == null) {
      return;
    }
    synchronized (this) {
      writing = false;
      notifyAll();
    }
    writePending();
  }

  /** An object of {@code s} is terminal and its record (with the claimed position, if any) written. */
  void done(Segment s, Claim claim) {
    if (s == null) {
      return;
    }
    boolean pending;
    synchronized (this) {
      s.remaining--;
      if (claim != null) {
        writing = false;
        saved = claim.position;
        notifyAll();
      }
      settle(s);
      // Nothing to write, or a writer is active (it writes again until the goal is saved): skip writePending's
      // lock. Every worker settles through here, so one acquisition fewer per object matters under contention
      // (JFR on 10,000 small objects at --concurrency 64: this monitor was the most contended of the run).
      pending = !writing && goal != null && !goal.equals(saved);
    }
    if (pending) {
      writePending();
    }
  }

  /**
   * The listing is complete and every object settled: the pass is recorded as finished, so the next run lists from
   * the start. Waits for a position being written by another thread.
   */
  void finish() {
    if (!enabled) {
      return;
    }
    synchronized (this) {
      frozen = true;
      goal = Position.END;
    }
    writePending();
  }

  // ------------------------------------------------------------------------------------------ internals

  /** Merges or removes {@code s} once complete and moves the goal over complete lowest segments. Holds the lock. */
  private void settle(Segment s) {
    if (!s.complete()) {
      return;
    }
    if (s != head && (!s.failed || s.prev.complete())) {
      // merge into the predecessor, which now ends where s ended (a failed s joins a failed, complete predecessor)
      Segment p = s.prev;
      p.after = s.after;
      p.failed |= s.failed;
      unlink(s);
      return;
    }
    // s is the lowest segment, or a failed one that stays as a barrier until everything before it is complete
    while (head != null && head.complete()) {
      Segment h = head;
      unlink(h);
      if (h.failed) {
        frozen = true;
      }
      if (!frozen) {
        goal = h.after;
      }
    }
  }

  private void unlink(Segment s) {
    if (s.prev == null) {
      head = s.next;
    } else {
      s.prev.next = s.next;
    }
    if (s.next == null) {
      tail = s.prev;
    } else {
      s.next.prev = s.prev;
    }
    s.prev = null;
    s.next = null;
  }

  /** Writes the goal while it differs from what is saved, one writer at a time; a finish waits for the writer. */
  private void writePending() {
    while (true) {
      Position p;
      synchronized (this) {
        while (writing && goal != null && goal.end() && (saved == null || !saved.end())) {
          try {
            wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        if (writing || goal == null || goal.equals(saved)) {
          return;
        }
        writing = true;
        p = goal;
      }
      boolean ok = write(p);
      synchronized (this) {
        writing = false;
        if (ok) {
          saved = p;
        }
        notifyAll();
        if (!ok) {
          return;
        }
      }
    }
  }

  private boolean write(Position p) {
    try {
      ledger.write(new Ledger.Batch().putCursor(scope, new ListCursor(encode(p))));
      return true;
    } catch (IOException | RuntimeException e) {
      // the older position stays saved: a rerun lists a little more again, nothing is lost
      LOG.warn("cannot save the listing position of {} in the ledger: {}", sourceName, RetryPolicy.reason(e));
      return false;
    }
  }

  private String encode(Position p) {
    return p.end() ? FORMAT + " " + FINISHED + " " + passStarted
        : FORMAT + " " + RUNNING + " " + passStarted + " " + p.cursor().token();
  }
}
