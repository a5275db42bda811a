package io.github.cosmigrate.internal.manifest;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceEntry;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pages of a manifest: at most {@code pageSize} lines per page, read on from where the last page ended (the file
 * is reopened and skipped to the line only when asked for another position, as after a restart). The cursor is
 * {@code <last line of the page>:<file name>}. A key that needs a stat ({@link InventoryRows.Lookup}) is stat'ed
 * here; a stat that fails retryably ends the page before its line (or, first in its page, is thrown), and that line
 * is read again by the next call, so a retry costs no re-read of the file. Not thread-safe: the caller serialises.
 */
public final class ManifestListing implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(ManifestListing.class);

  /** A stat of the wrapped source, by relative key. */
  @FunctionalInterface
  public interface Stat {
    ObjectInfo stat(String key) throws IOException;
  }

  private final Path file;
  private final String name;
  private final InventoryRows rows;
  private final int pageSize;
  private final Stat stat;
  private final String describe;

  private ManifestLines lines;
  private ManifestLines.Line pushedBack;
  private long listedEntries;

  public ManifestListing(Path file, InventoryRows rows, int pageSize, Stat stat, String describe) {
    this.file = file;
    this.name = file.getFileName().toString();
    this.rows = rows;
    this.pageSize = pageSize;
    this.stat = stat;
    this.describe = describe;
  }

  /** The page after {@code after}, or the first. */
  public ListBatch page(Optional<ListCursor> after) throws IOException {
    long start = after.isPresent() ? line(after.get()) : 0;
    position(start);
    List<SourceEntry> entries = new ArrayList<>();
    long consumed = 0;
    while (consumed < pageSize) {
      ManifestLines.Line l = pushedBack != null ? pushedBack : read();
      pushedBack = null;
      if (l == null) {
        break;
      }
      SourceEntry e;
      try {
        e = entry(l);
      } catch (IOException ex) {
        pushedBack = l; // read it again at the next call
        if (entries.isEmpty() || ex instanceof InterruptedIOException || MigrateException.kindOf(ex).fatalToRun()) {
          throw ex;
        }
        break; // the page so far is listed; the next call retries this line
      }
      consumed++;
      if (e != null) {
        entries.add(e);
      }
    }
    listedEntries += entries.size();
    long end = position();
    if (pushedBack == null && atEnd()) {
      LOG.debug("manifest {}: {} lines read, {} entries listed for {}", name, end, listedEntries, describe);
      close();
      return new ListBatch(entries, Optional.empty());
    }
    return new ListBatch(entries, Optional.of(new ListCursor(end + ":" + name)));
  }

  /** True at the end of the file; false when the rest cannot be read (the next read reports it). */
  private boolean atEnd() {
    try {
      return lines.atEnd();
    } catch (IOException e) {
      return false;
    }
  }

  /** The line after which the listing stands. */
  private long position() {
    return pushedBack != null ? pushedBack.number() - 1 : lines.lastNumber();
  }

  /** Makes {@link #position()} {@code start}: goes on from where the last page ended, or reopens and skips. */
  private void position(long start) throws IOException {
    if (lines != null && position() == start) {
      return;
    }
    close();
    ManifestLines l;
    try {
      l = ManifestLines.open(file);
    } catch (IOException e) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "cannot open the manifest " + file + ": " + e, e);
    }
    try {
      if (!l.skipTo(start)) {
        throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "the saved listing position is line " + start
            + " of the manifest " + name + ", but it has only " + l.lastNumber() + " lines: the file changed "
            + "since the job started; pass the same manifest, or start a new job (a new ledger)");
      }
    } catch (IOException e) {
      l.close();
      throw e instanceof MigrateException ? e : unreadable(start, e);
    }
    lines = l;
  }

  private ManifestLines.Line read() throws IOException {
    try {
      return lines.next();
    } catch (IOException e) {
      long at = lines.lastNumber();
      close();
      throw unreadable(at, e);
    }
  }

  private MigrateException unreadable(long line, IOException e) {
    return new MigrateException(ErrorKind.INVALID_INPUT, "the manifest " + file + " cannot be read after line "
        + line + " (" + e + "): the lines before were listed; fix or replace the file and run again", e);
  }

  /** The entry of one line, or null when it lists nothing for this job. */
  private SourceEntry entry(ManifestLines.Line l) throws IOException {
    if (l.text() == null) {
      return rows.failed(null, l.number(), l.error());
    }
    if (l.text().isBlank()) {
      return null;
    }
    InventoryRows.Row row = rows.row(l.number(), l.text());
    if (row == null) {
      return null;
    }
    if (row instanceof InventoryRows.Listed listed) {
      return listed.entry();
    }
    InventoryRows.Lookup lookup = (InventoryRows.Lookup) row;
    ObjectInfo info;
    try {
      info = stat.stat(lookup.key());
    } catch (MigrateException e) {
      if (e.retryable() || e.kind().fatalToRun()) {
        throw e;
      }
      return new SourceEntry.Failed(lookup.key(), e.kind(), rows.where(l.number(), "listed, but " + e.getMessage()));
    }
    if (lookup.versionId().isPresent() && info.versionId().isPresent()
        && !lookup.versionId().equals(info.versionId())) {
      return rows.failed(lookup.key(), l.number(), "version " + lookup.versionId().get() + " of '"
          + lookup.key() + "' is no longer the current one (" + info.versionId().get()
          + "): the object changed since the manifest was written");
    }
    if (info.size() == 0 && lookup.key().endsWith("/")) {
      return InventoryRows.directoryMarker(lookup.key());
    }
    return new SourceEntry.Found(info.withKey(lookup.key()));
  }

  private long line(ListCursor c) throws MigrateException {
    String t = c.token();
    int colon = t.indexOf(':');
    long n = -1;
    if (colon > 0) {
      try {
        n = Long.parseLong(t.substring(0, colon));
      } catch (NumberFormatException ignored) {
        n = -1;
      }
    }
    if (n < 0) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "the saved listing position was not made by a "
          + "manifest listing (it comes from a listing of the bucket): start a new job (a new ledger) for the "
          + "manifest run");
    }
    String other = t.substring(colon + 1);
    if (!other.equals(name)) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "the saved listing position is a line of the "
          + "manifest '" + other + "', not of '" + name + "': pass the same manifest, or start a new job (a new "
          + "ledger)");
    }
    return n;
  }

  @Override
  public void close() {
    if (lines != null) {
      try {
        lines.close();
      } catch (IOException e) {
        LOG.debug("closing the manifest {}: {}", name, e.toString());
      }
      lines = null;
    }
    pushedBack = null;
  }
}
