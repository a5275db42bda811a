package io.github.cosmigrate.source.local.internal;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.SourceEntry;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * A lazy, depth-first walk of a directory tree that never stops on a bad entry.
 *
 * <p>The walk keeps an explicit stack with one frame per directory being walked; a frame holds that directory's
 * entry names sorted by {@link String#compareTo}. Memory therefore grows with the depth and the widest directory,
 * not with the number of files. The order of the walk is the lexicographic order of keys compared segment by segment
 * ({@code a/x} comes before {@code a.txt} because {@code a < a.txt}), which makes the last emitted key a complete
 * cursor: {@link #SafeTreeWalker(Path, EntryClassifier, String)} with a key resumes right after it, seeking into the
 * right subdirectories instead of re-walking what came before. When the tree changed in between, resuming errs on
 * the side of listing: a key that was a file and is now a directory has its contents listed, and a directory the
 * cursor points into that can no longer be read is reported (as a failed entry) again.
 *
 * <p>Entry outcomes are decided by {@link EntryClassifier}; this class adds what needs the stack: symlink loop
 * detection against the ancestors' (device, inode) and unreadable directories (a failed entry for the directory;
 * its contents are not listed). A file removed between the directory read and its stat is not listed. A name that is
 * not valid UTF-8 becomes a failed entry whose key shows the bad bytes as {@code \xNN}; such a directory is not
 * descended into.
 *
 * <p>Not thread-safe.
 */
public final class SafeTreeWalker implements EntryIterator {

  private record Child(String segment, Path path, String invalidName) {}

  private static final class Frame {
    final Path dir;
    final String prefix;
    final Object identity;
    final Child[] children;
    int index;
    int seekIndex = -1;
    String[] seekRest;

    Frame(Path dir, String prefix, Object identity, Child[] children, String[] seek) {
      this.dir = dir;
      this.prefix = prefix;
      this.identity = identity;
      this.children = children;
      if (seek != null && seek.length > 0) {
        int i = lowerBound(children, seek[0]);
        if (i < children.length && children[i].segment.equals(seek[0])) {
          // the cursor names this child or something below it: an empty rest means the child itself was the last
          // entry listed (skip it, but walk it if it has become a directory since: its contents sort after it)
          seekIndex = i;
          seekRest = Arrays.copyOfRange(seek, 1, seek.length);
        }
        index = i;
      }
    }
  }

  private static final Comparator<Child> ORDER = (x, y) -> x.segment.compareTo(y.segment);

  private final Path root;
  private final EntryClassifier classifier;
  private final Deque<Frame> stack = new ArrayDeque<>();
  private final String[] resume;
  private boolean started;
  private long directoriesRead;

  /**
   * @param root the absolute root directory
   * @param after resume after this key (null: from the beginning)
   */
  public SafeTreeWalker(Path root, EntryClassifier classifier, String after) {
    this.root = root;
    this.classifier = classifier;
    this.resume = after == null || after.isEmpty() ? null : after.split("/", -1);
  }

  /** The cursor token for resuming after {@code key}. */
  public static String token(String key) {
    return "w:" + key;
  }

  /** How many directories were read so far (for tests of the seek). */
  public long directoriesRead() {
    return directoriesRead;
  }

  @Override
  public Positioned next() throws IOException {
    if (!started) {
      started = true;
      start();
    }
    while (!stack.isEmpty()) {
      Frame f = stack.peek();
      if (f.index >= f.children.length) {
        stack.pop();
        continue;
      }
      int idx = f.index++;
      Child c = f.children[idx];
      String[] seek = idx == f.seekIndex ? f.seekRest : null;
      String key = f.prefix + c.segment;
      EntryClassifier.Outcome o = classifier.classify(c.path, key, c.invalidName, this::ancestorWith);
      if (o instanceof EntryClassifier.Descend d) {
        Child[] children;
        try {
          children = readDirectory(d.dir());
        } catch (NoSuchFileException e) {
          continue; // removed since it was listed: nothing to list
        } catch (IOException e) {
          if (seek != null && seek.length == 0) {
            continue; // this directory was the last entry listed: it failed the same way then
          }
          // also when the cursor points inside it: what is left of it must not vanish silently
          return emit(new SourceEntry.Failed(key, Errors.kindOf(e), "cannot read directory " + d.dir() + ": "
              + Errors.reason(e) + "; its contents are not listed, the rest of the tree is"));
        }
        stack.push(new Frame(d.dir(), key + "/", d.identity(), children, seek));
        continue;
      }
      if (seek != null) {
        continue; // at or before the cursor
      }
      if (o instanceof EntryClassifier.Emit e) {
        return emit(e.entry());
      }
      // Vanished: not listed
    }
    return null;
  }

  private static Positioned emit(SourceEntry e) {
    return new Positioned(e, token(e.key()));
  }

  private void start() throws IOException {
    FileStat st;
    try {
      st = FileStat.of(root, true);
    } catch (IOException e) {
      throw rootError(e, "read the attributes of");
    }
    if (!st.directory()) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "local root " + root + " is not a directory");
    }
    Child[] children;
    try {
      children = readDirectory(root);
    } catch (IOException e) {
      throw rootError(e, "read");
    }
    Object identity = st.fileKey() != null ? st.fileKey() : root.toRealPath();
    stack.push(new Frame(root, "", identity, children, resume));
  }

  private MigrateException rootError(IOException e, String what) {
    ErrorKind kind = Errors.kindOf(e);
    if (kind == ErrorKind.TRANSIENT) {
      return new MigrateException(kind, "cannot " + what + " local root " + root + ": " + Errors.reason(e), e);
    }
    return new MigrateException(ErrorKind.FATAL_CONFIGURATION, "cannot " + what + " local root " + root + ": "
        + Errors.reason(e) + "; check that it exists and is readable by the migrating user", e);
  }

  private Path ancestorWith(Object identity) {
    for (Frame f : stack) {
      if (identity.equals(f.identity)) {
        return f.dir;
      }
    }
    return null;
  }

  private Child[] readDirectory(Path dir) throws IOException {
    directoriesRead++;
    List<Child> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        Path name = p.getFileName();
        String decoded = name.toString();
        String invalid = Names.invalidNameEscaped(p, decoded);
        out.add(new Child(invalid != null ? invalid : decoded, p, invalid));
      }
    } catch (DirectoryIteratorException e) {
      throw e.getCause();
    }
    Child[] arr = out.toArray(new Child[0]);
    Arrays.sort(arr, ORDER);
    return arr;
  }

  private static int lowerBound(Child[] children, String segment) {
    int lo = 0;
    int hi = children.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (children[mid].segment.compareTo(segment) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  @Override
  public void close() {
    stack.clear();
  }
}
