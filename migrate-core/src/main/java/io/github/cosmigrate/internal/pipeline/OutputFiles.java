package io.github.cosmigrate.internal.pipeline;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The finished-objects file (appended: {@code key \t size \t mtime-ms}) and the failures file (rewritten per
 * run: one JSON object per line). Buffered; flushed by {@link #flush} (every progress interval) and at close.
 * Write errors are logged once and then ignored: the ledger, not these files, is the record of truth.
 */
final class OutputFiles implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputFiles.class);

  private final Writer finished;
  private final Writer failures;
  private boolean warned;

  OutputFiles(Optional<Path> finishedFile, Optional<Path> failuresFile) throws IOException {
    this.finished = open(finishedFile, StandardOpenOption.APPEND);
    this.failures = open(failuresFile, StandardOpenOption.TRUNCATE_EXISTING);
  }

  private static Writer open(Optional<Path> p, StandardOpenOption mode) throws IOException {
    if (p.isEmpty()) {
      return null;
    }
    Path parent = p.get().toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return new BufferedWriter(Files.newBufferedWriter(p.get(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, mode), 64 * 1024);
  }

  void finished(String key, long size, long mtimeMillis) {
    if (finished != null) {
      write(finished, key + '\t' + size + '\t' + mtimeMillis + '\n');
    }
  }

  void failed(String key, String kind, String reason, int attempts) {
    if (failures != null) {
      write(failures, Json.failureLine(key, kind, reason, attempts) + '\n');
    }
  }

  synchronized void flush() {
    try {
      if (finished != null) {
        finished.flush();
      }
      if (failures != null) {
        failures.flush();
      }
    } catch (IOException e) {
      warn(e);
    }
  }

  private synchronized void write(Writer w, String line) {
    try {
      w.write(line);
    } catch (IOException e) {
      warn(e);
    }
  }

  private void warn(IOException e) {
    if (!warned) {
      warned = true;
      LOG.warn("cannot write an output file (finished objects or failures): {}; the ledger still records every object",
          e.toString());
    }
  }

  @Override
  public synchronized void close() {
    flush();
    try {
      if (finished != null) {
        finished.close();
      }
      if (failures != null) {
        failures.close();
      }
    } catch (IOException e) {
      warn(e);
    }
  }
}
