package io.github.cosmigrate.source.url.internal;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ListCursor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The list files of one source, fixed when it is opened: one file, or the regular files of a folder (not its
 * subfolders, not hidden ones) in name order. A {@link Position} is a line boundary in them; as a
 * {@link ListCursor} it names the file, so that it stays valid after a restart. Immutable and thread-safe.
 */
public final class ListFiles {
  private static final Logger LOG = LoggerFactory.getLogger(ListFiles.class);
  private static final String CURSOR_VERSION = "v1";

  /**
   * A line boundary: the start of line {@code linesBefore + 1} of file {@code file}, at byte {@code offset}.
   * {@code file == count()} is the end of the listing.
   */
  public record Position(int file, long offset, long linesBefore) {}

  private final Path root;
  private final List<Path> files;
  private final List<String> names;

  private ListFiles(Path root, List<Path> files) {
    this.root = root;
    this.files = List.copyOf(files);
    List<String> n = new ArrayList<>();
    for (Path f : files) {
      n.add(f.getFileName().toString());
    }
    this.names = List.copyOf(n);
  }

  /**
   * The list files at {@code list}.
   *
   * @throws MigrateException {@code FATAL_CONFIGURATION} when it is neither a readable file nor a folder with at
   *     least one list file
   */
  public static ListFiles open(Path list) throws IOException {
    Path abs = list.toAbsolutePath().normalize();
    if (Files.isRegularFile(abs)) {
      if (!Files.isReadable(abs)) {
        throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "URL list " + abs + " cannot be read; check "
            + "its permissions");
      }
      return new ListFiles(abs, List.of(abs));
    }
    if (!Files.isDirectory(abs)) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "URL list " + abs + " does not exist; give a list "
          + "file or a folder of list files");
    }
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(abs)) {
      for (Path p : ds) {
        if (!p.getFileName().toString().startsWith(".") && Files.isRegularFile(p)) {
          found.add(p);
        }
      }
    } catch (IOException e) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "URL list folder " + abs + " cannot be read ("
          + e.getClass().getSimpleName() + "); check its permissions", e);
    }
    if (found.isEmpty()) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "URL list folder " + abs + " contains no list "
          + "files (hidden files and subfolders are not read)");
    }
    found.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    return new ListFiles(abs, found);
  }

  /** The file or folder given. */
  public Path root() {
    return root;
  }

  public int count() {
    return files.size();
  }

  public Path file(int i) {
    return files.get(i);
  }

  /** The name shown in messages: the file name. */
  public String name(int i) {
    return names.get(i);
  }

  public Position start() {
    return new Position(0, 0, 0);
  }

  /** The cursor for {@code p}: {@code v1/LINES/OFFSET/FILE-NAME}. */
  public ListCursor cursor(Position p) {
    String name = p.file() < count() ? name(p.file()) : "";
    return new ListCursor(CURSOR_VERSION + "/" + p.linesBefore() + "/" + p.offset() + "/" + name);
  }

  /**
   * The position a cursor names. A cursor that no longer fits the files (a file renamed or edited since) starts the
   * listing again from the beginning, with a warning: unchanged objects are then skipped by the ledger.
   */
  public Position position(Optional<ListCursor> cursor) {
    if (cursor.isEmpty()) {
      return start();
    }
    String[] parts = cursor.get().token().split("/", 4);
    try {
      if (parts.length == 4 && parts[0].equals(CURSOR_VERSION)) {
        long lines = Long.parseLong(parts[1]);
        long offset = Long.parseLong(parts[2]);
        int idx = names.indexOf(parts[3]);
        if (idx >= 0 && lines >= 0 && atLineStart(files.get(idx), offset)) {
          return new Position(idx, offset, lines);
        }
      }
    } catch (NumberFormatException | IOException e) {
      // fall through to the restart
    }
    LOG.warn("the listing position '{}' no longer fits the URL list {} (a file renamed or edited since?); "
        + "listing it again from the start", cursor.get().token(), root);
    return start();
  }

  private static boolean atLineStart(Path file, long offset) throws IOException {
    if (offset == 0) {
      return true;
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      if (offset > f.length()) {
        return false;
      }
      f.seek(offset - 1);
      return f.read() == '\n' || offset == f.length();
    }
  }
}
