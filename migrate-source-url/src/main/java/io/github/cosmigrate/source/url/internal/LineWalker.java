package io.github.cosmigrate.source.url.internal;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import java.io.Closeable;
import java.io.IOException;

/**
 * Walks the lines of all list files from a {@link ListFiles.Position}, file after file, parsing each one. Holds one
 * open file at a time. Not thread-safe; close it when done.
 */
public final class LineWalker implements Closeable {
  /** One line read: its file, its raw form and what it parsed to. */
  public record Item(int file, LineReader.RawLine raw, LineParser.Parsed parsed) {}

  private final ListFiles files;
  private final LineParser parser;
  private int file;
  private long offset;
  private long lines;
  private LineReader reader;

  public LineWalker(ListFiles files, LineParser parser, ListFiles.Position from) {
    this.files = files;
    this.parser = parser;
    this.file = from.file();
    this.offset = from.offset();
    this.lines = from.linesBefore();
  }

  /** The next line, or null after the last line of the last file. */
  public Item next() throws IOException {
    while (file < files.count()) {
      if (reader == null) {
        try {
          reader = LineReader.open(files.file(file), offset, lines);
        } catch (IOException e) {
          throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "URL list file " + files.file(file)
              + " cannot be read (" + e.getClass().getSimpleName() + "); check that it exists and is readable", e);
        }
      }
      LineReader.RawLine raw = reader.next();
      if (raw != null) {
        offset = reader.offset();
        lines = reader.lineNumber();
        return new Item(file, raw, parser.parse(files.name(file), file, raw));
      }
      reader.close();
      reader = null;
      file++;
      offset = 0;
      lines = 0;
    }
    return null;
  }

  /** Where the line after the last one returned starts. */
  public ListFiles.Position position() {
    return new ListFiles.Position(file, offset, lines);
  }

  /** True when no line is left. Reads ahead by opening the next files, not by consuming a line. */
  public boolean atEnd() throws IOException {
    while (file < files.count()) {
      if (offset < java.nio.file.Files.size(files.file(file))) {
        return false;
      }
      if (reader != null) {
        reader.close();
        reader = null;
      }
      file++;
      offset = 0;
      lines = 0;
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }
}
