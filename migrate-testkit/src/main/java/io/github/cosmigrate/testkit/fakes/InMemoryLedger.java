package io.github.cosmigrate.testkit.fakes;

import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.UploadCheckpoint;
import io.github.cosmigrate.spi.Ledger;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A strict, thread-safe, in-memory {@link Ledger} for tests. It follows the same contract as the RocksDB ledger
 * (it passes {@code AbstractLedgerContractTest}): batches are atomic, later writes in a batch win, parts for a
 * stale upload id are ignored, entries are visited in key order (Unicode code point order, which is UTF-8 byte
 * order), and every method but {@link #close()} throws {@link IllegalStateException} after close.
 *
 * <p><b>Durability.</b> Contents live as long as the object graph: {@link #reopen()} gives a new, open ledger over
 * the same contents, as if the process had restarted with a durable store.
 *
 * <p><b>Fault injection.</b> {@link #failNextWrite(IOException)} makes the next {@link #write} throw without
 * applying anything, as a disk error would.
 *
 * <p><b>Strictness.</b> Null batches, null ops and ops with null fields are rejected with
 * {@link NullPointerException} before anything is applied.
 */
public final class InMemoryLedger implements Ledger {

  /** Unicode code point order (equal to UTF-8 byte order), the key order of {@link #forEachEntry}. */
  public static final Comparator<String> KEY_ORDER = InMemoryLedger::compareCodePoints;

  private static final class State {
    final TreeMap<String, LedgerEntry> entries = new TreeMap<>(KEY_ORDER);
    final TreeMap<String, UploadCheckpoint> headers = new TreeMap<>(KEY_ORDER);
    final Map<String, TreeMap<Integer, PartResult>> parts = new TreeMap<>(KEY_ORDER);
    final Map<String, ListCursor> cursors = new TreeMap<>(KEY_ORDER);
    final AtomicLong writes = new AtomicLong();
  }

  private final State state;
  private final Object lock;
  private boolean closed;
  private IOException nextWriteFailure;

  public InMemoryLedger() {
    this(new State());
  }

  private InMemoryLedger(State state) {
    this.state = state;
    this.lock = state;
  }

  /**
   * A new, open ledger over this ledger's contents (as after a process restart). This instance is closed if it
   * was not already.
   */
  public InMemoryLedger reopen() {
    synchronized (lock) {
      closed = true;
      return new InMemoryLedger(state);
    }
  }

  /** Makes the next {@link #write} (or {@link #record}) throw {@code failure} without applying anything. */
  public void failNextWrite(IOException failure) {
    Objects.requireNonNull(failure, "failure");
    synchronized (lock) {
      nextWriteFailure = failure;
    }
  }

  /** How many batches were applied, over this ledger and every ledger {@link #reopen() reopened} from it. */
  public long writeCount() {
    return state.writes.get();
  }

  /** A copy of every entry, in key order. Works after close too (for assertions). */
  public Map<String, LedgerEntry> entriesSnapshot() {
    synchronized (lock) {
      return new LinkedHashMap<>(state.entries);
    }
  }

  @Override
  public Optional<LedgerEntry> get(String key) {
    Objects.requireNonNull(key, "key");
    synchronized (lock) {
      ensureOpen();
      return Optional.ofNullable(state.entries.get(key));
    }
  }

  @Override
  public Map<String, LedgerEntry> getAll(Collection<String> keys) {
    Objects.requireNonNull(keys, "keys");
    synchronized (lock) {
      ensureOpen();
      Map<String, LedgerEntry> out = new LinkedHashMap<>();
      for (String k : keys) {
        LedgerEntry e = state.entries.get(Objects.requireNonNull(k, "key in keys"));
        if (e != null) {
          out.put(k, e);
        }
      }
      return out;
    }
  }

  @Override
  public Optional<UploadCheckpoint> checkpoint(String key) {
    Objects.requireNonNull(key, "key");
    synchronized (lock) {
      ensureOpen();
      return Optional.ofNullable(assemble(key));
    }
  }

  @Override
  public List<UploadCheckpoint> checkpoints() {
    synchronized (lock) {
      ensureOpen();
      List<UploadCheckpoint> out = new ArrayList<>();
      for (String key : state.headers.keySet()) {
        out.add(assemble(key));
      }
      return out;
    }
  }

  @Override
  public Optional<ListCursor> cursor(String scope) {
    Objects.requireNonNull(scope, "scope");
    synchronized (lock) {
      ensureOpen();
      return Optional.ofNullable(state.cursors.get(scope));
    }
  }

  /** A snapshot of every saved cursor by scope (for tests that check which scopes a run wrote). */
  public Map<String, ListCursor> cursors() {
    synchronized (lock) {
      ensureOpen();
      return Map.copyOf(state.cursors);
    }
  }

  @Override
  public void write(Batch batch) throws IOException {
    Objects.requireNonNull(batch, "batch");
    List<Batch.Op> ops = batch.ops();
    ops.forEach(InMemoryLedger::validate);
    synchronized (lock) {
      ensureOpen();
      if (nextWriteFailure != null) {
        IOException f = nextWriteFailure;
        nextWriteFailure = null;
        throw f;
      }
      for (Batch.Op op : ops) {
        apply(op);
      }
      state.writes.incrementAndGet();
    }
  }

  @Override
  public void forEachEntry(Consumer<LedgerEntry> visitor) {
    Objects.requireNonNull(visitor, "visitor");
    // Visit a snapshot in pages so a visitor may call back into the ledger without deadlock.
    String after = null;
    while (true) {
      List<LedgerEntry> page;
      synchronized (lock) {
        ensureOpen();
        var view = after == null ? state.entries : state.entries.tailMap(after, false);
        page = new ArrayList<>(Math.min(view.size(), 1024));
        for (LedgerEntry e : view.values()) {
          if (page.size() == 1024) {
            break;
          }
          page.add(e);
        }
      }
      if (page.isEmpty()) {
        return;
      }
      page.forEach(visitor);
      after = page.get(page.size() - 1).key();
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("InMemoryLedger is closed");
    }
  }

  private UploadCheckpoint assemble(String key) {
    UploadCheckpoint header = state.headers.get(key);
    if (header == null) {
      return null;
    }
    TreeMap<Integer, PartResult> p = state.parts.get(key);
    return header.withParts(p == null ? List.of() : new ArrayList<>(p.values()));
  }

  private void apply(Batch.Op op) {
    if (op instanceof Batch.PutEntry p) {
      state.entries.put(p.entry().key(), p.entry());
    } else if (op instanceof Batch.DeleteEntry d) {
      state.entries.remove(d.key());
    } else if (op instanceof Batch.PutCheckpoint c) {
      UploadCheckpoint cp = c.checkpoint();
      state.headers.put(cp.key(), cp.withParts(List.of()));
      TreeMap<Integer, PartResult> parts = new TreeMap<>();
      for (PartResult part : cp.parts()) {
        parts.put(part.partNumber(), part);
      }
      state.parts.put(cp.key(), parts);
    } else if (op instanceof Batch.PutPart p) {
      UploadCheckpoint header = state.headers.get(p.key());
      if (header != null && header.uploadId().equals(p.uploadId())) {
        state.parts.computeIfAbsent(p.key(), k -> new TreeMap<>()).put(p.part().partNumber(), p.part());
      }
    } else if (op instanceof Batch.ClearCheckpoint c) {
      state.headers.remove(c.key());
      state.parts.remove(c.key());
    } else if (op instanceof Batch.PutCursor c) {
      state.cursors.put(c.scope(), c.cursor());
    } else {
      throw new IllegalArgumentException("unknown ledger op " + op);
    }
  }

  private static void validate(Batch.Op op) {
    Objects.requireNonNull(op, "op");
    if (op instanceof Batch.PutEntry p) {
      Objects.requireNonNull(p.entry(), "PutEntry.entry");
    } else if (op instanceof Batch.DeleteEntry d) {
      Objects.requireNonNull(d.key(), "DeleteEntry.key");
    } else if (op instanceof Batch.PutCheckpoint c) {
      Objects.requireNonNull(c.checkpoint(), "PutCheckpoint.checkpoint");
    } else if (op instanceof Batch.PutPart p) {
      Objects.requireNonNull(p.key(), "PutPart.key");
      Objects.requireNonNull(p.uploadId(), "PutPart.uploadId");
      Objects.requireNonNull(p.part(), "PutPart.part");
    } else if (op instanceof Batch.ClearCheckpoint c) {
      Objects.requireNonNull(c.key(), "ClearCheckpoint.key");
    } else if (op instanceof Batch.PutCursor c) {
      Objects.requireNonNull(c.scope(), "PutCursor.scope");
      Objects.requireNonNull(c.cursor(), "PutCursor.cursor");
    }
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
