package io.github.cosmigrate.source.url.internal;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.SourceEntry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Lists the URL list page by page: reads up to {@code pageSize} usable or bad lines from the cursor, fails bad lines
 * and duplicate keys at once (with their file and line), and sends the HEADs of the rest, at most
 * {@code headConcurrency} at a time, each retried in place up to {@code headAttempts} times when it fails with a
 * transient error or a 429/503 (a listing has no later chance: the engine does not retry a failed entry). Entries
 * keep the order of the lines. The {@link DuplicateIndex} is built at the first page. One caller at a time.
 */
public final class UrlLister {
  private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(10);

  /** How the lister is tuned. */
  public record Tuning(int pageSize, int headConcurrency, int headAttempts, Duration retryDelay, Path tempDir,
      int partitionRecords) {}

  private final ListFiles files;
  private final LineParser parser;
  private final UrlProbe probe;
  private final KeyLocator locator;
  private final HttpFetcher http;
  private final Tuning tuning;
  private DuplicateIndex duplicates;

  public UrlLister(ListFiles files, LineParser parser, UrlProbe probe, KeyLocator locator, HttpFetcher http,
      Tuning tuning) {
    this.files = files;
    this.parser = parser;
    this.probe = probe;
    this.locator = locator;
    this.http = http;
    this.tuning = tuning;
  }

  /** One page after {@code after}. */
  public ListBatch page(Optional<ListCursor> after) throws IOException {
    if (duplicates == null) {
      duplicates = DuplicateIndex.build(files, parser, tuning.tempDir(), tuning.partitionRecords());
    }
    List<Object> slots = new ArrayList<>(); // a SourceEntry, or a ListLine still to HEAD
    Optional<ListCursor> next;
    try (LineWalker w = new LineWalker(files, parser, files.position(after))) {
      while (slots.size() < tuning.pageSize()) {
        LineWalker.Item it = w.next();
        if (it == null) {
          break;
        }
        if (!it.parsed().ignored()) {
          slots.add(classify(it));
        }
      }
      next = w.atEnd() ? Optional.empty() : Optional.of(files.cursor(w.position()));
    }
    return new ListBatch(resolve(slots), next);
  }

  private Object classify(LineWalker.Item it) {
    String name = files.name(it.file());
    long lineNo = it.raw().number();
    String where = name + " line " + lineNo;
    String lineKey = name + ":" + lineNo;
    if (it.parsed().problem() != null) {
      return new SourceEntry.Failed(lineKey, ErrorKind.INVALID_INPUT, where + ": " + it.parsed().problem());
    }
    ListLine line = it.parsed().line();
    long first = duplicates.firstOf(it.file(), lineNo);
    if (first >= 0) {
      int firstFile = duplicates.fileOf(first);
      String firstWhere = (firstFile == it.file() ? "" : files.name(firstFile) + " ") + "line "
          + duplicates.lineOf(first);
      // the failure is recorded under the line, not the key: the key belongs to the earlier line
      return new SourceEntry.Failed(lineKey, ErrorKind.INVALID_INPUT, where + ": " + line.display()
          + " maps to key '" + line.key() + "', which " + firstWhere + " already maps to; give one of them "
          + "another key after a TAB");
    }
    return line;
  }

  private List<SourceEntry> resolve(List<Object> slots) throws IOException {
    Semaphore permits = new Semaphore(tuning.headConcurrency());
    List<CompletableFuture<SourceEntry>> futures = new ArrayList<>(slots.size());
    try {
      for (Object slot : slots) {
        if (slot instanceof SourceEntry e) {
          futures.add(CompletableFuture.completedFuture(e));
        } else {
          permits.acquire();
          CompletableFuture<SourceEntry> f = head((ListLine) slot, 1);
          f.whenComplete((r, e) -> permits.release());
          futures.add(f);
        }
      }
      List<SourceEntry> out = new ArrayList<>(slots.size());
      for (CompletableFuture<SourceEntry> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while listing the URL list " + files.root());
    } catch (ExecutionException e) {
      throw UrlErrors.failure(e.getCause(), "the URL list " + files.root(), http.connectTimeout(),
          http.readTimeout());
    }
  }

  /** The entry for one line: Found, or Failed with the reason of its last attempt. */
  private CompletableFuture<SourceEntry> head(ListLine line, int attempt) {
    return probe.info(line).handle((info, err) -> {
      if (err == null) {
        locator.remember(line);
        return CompletableFuture.<SourceEntry>completedFuture(new SourceEntry.Found(info));
      }
      IOException e = UrlErrors.failure(err, UrlProbe.what(line), http.connectTimeout(), http.readTimeout());
      ErrorKind kind = MigrateException.kindOf(e);
      if (e instanceof InterruptedIOException) {
        return CompletableFuture.<SourceEntry>failedFuture(e);
      }
      if ((kind == ErrorKind.TRANSIENT || kind == ErrorKind.THROTTLED) && attempt < tuning.headAttempts()) {
        Duration delay = e instanceof MigrateException m && m.retryAfter().isPresent()
            ? m.retryAfter().get() : tuning.retryDelay().multipliedBy(1L << Math.min(attempt - 1, 10));
        if (delay.compareTo(MAX_RETRY_DELAY) > 0) {
          delay = MAX_RETRY_DELAY;
        }
        return CompletableFuture.supplyAsync(() -> null,
                CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS))
            .thenCompose(x -> head(line, attempt + 1));
      }
      String tries = attempt > 1 ? " (after " + attempt + " attempts)" : "";
      return CompletableFuture.<SourceEntry>completedFuture(
          new SourceEntry.Failed(line.key(), kind, e.getMessage() + tries));
    }).thenCompose(f -> f);
  }
}
