package io.github.cosmigrate.source.local.internal;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.SourceEntry;
import io.github.cosmigrate.source.local.LocalSourceConfig;
import io.github.cosmigrate.source.local.SymlinkPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides what one path is: an object, a skipped or failed entry, a directory to descend into, or nothing (it
 * vanished). Shared by the tree walker and the file-list reader. Thread-safe (immutable).
 */
public final class EntryClassifier {

  /** The outcome for one path. */
  public sealed interface Outcome permits Emit, Descend, Vanished {}

  /** Report this entry. */
  public record Emit(SourceEntry entry) implements Outcome {}

  /** A directory to walk; {@code identity} is its (device, inode) or real path, for loop detection. */
  public record Descend(Path dir, Object identity) implements Outcome {}

  /** The path no longer exists (removed between the directory read and the stat): it is not listed. */
  public record Vanished(Path path) implements Outcome {}

  private static final java.util.concurrent.ConcurrentHashMap<String, ObjectMetadata> METADATA =
      new java.util.concurrent.ConcurrentHashMap<>();

  private record Glob(String pattern, PathMatcher matcher, boolean nameOnly) {}

  private final Path root;
  private final LocalSourceConfig config;
  private final Set<String> excludedKeys = new HashSet<>();
  private final List<Glob> globs = new ArrayList<>();

  /**
   * @param root the absolute root directory (or the single file)
   * @throws MigrateException FATAL_CONFIGURATION for an exclude that is a bad glob or an absolute path outside the
   *     root
   */
  public EntryClassifier(Path root, LocalSourceConfig config) throws MigrateException {
    this.root = root;
    this.config = config;
    for (String ex : config.excludes()) {
      if (ex.startsWith("glob:")) {
        try {
          globs.add(new Glob(ex, root.getFileSystem().getPathMatcher(ex), !ex.substring(5).contains("/")));
        } catch (IllegalArgumentException e) {
          throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "exclude " + ex + " is not a valid glob: "
              + e.getMessage(), e);
        }
        continue;
      }
      Path p = root.getFileSystem().getPath(ex).normalize();
      if (p.isAbsolute()) {
        if (!p.startsWith(root)) {
          throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "exclude " + ex + " is outside the root "
              + root + "; absolute excludes must name a path under the root");
        }
        p = root.relativize(p);
      }
      String key = toKey(p);
      if (key.isEmpty() || key.equals("..") || key.startsWith("../")) {
        throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "exclude " + ex
            + " names the root itself or a path outside it; excludes name paths under the root " + root);
      }
      excludedKeys.add(key);
    }
  }

  /** A relative path as a key: {@code /} separators. */
  public static String toKey(Path relative) {
    String s = relative.toString();
    String sep = relative.getFileSystem().getSeparator();
    return sep.equals("/") ? s : s.replace(sep, "/");
  }

  /** The exclude rule that matches {@code key}, or null. */
  public String excludedBy(String key) {
    if (!excludedKeys.isEmpty() && excludedKeys.contains(key)) {
      return key;
    }
    if (!globs.isEmpty()) {
      Path rel = root.getFileSystem().getPath(key);
      for (Glob g : globs) {
        if (g.matcher.matches(rel) || (g.nameOnly && rel.getFileName() != null && g.matcher.matches(rel.getFileName()))) {
          return g.pattern;
        }
      }
    }
    return null;
  }

  /**
   * Classifies one path.
   *
   * @param invalidName the escaped name when the file name is not valid UTF-8, else null
   * @param ancestors finds the ancestor directory with the given identity, or null (no loop)
   */
  public Outcome classify(Path path, String key, String invalidName, Function<Object, Path> ancestors) {
    String rule = excludedBy(key);
    if (rule != null) {
      return new Emit(new SourceEntry.Skipped(key, "excluded by " + rule));
    }
    if (invalidName != null) {
      return new Emit(new SourceEntry.Failed(key, ErrorKind.INVALID_INPUT, "file name is not valid UTF-8: "
          + path.getParent() + "/" + invalidName + " (undecodable bytes shown as \\xNN; this JVM decodes file names "
          + "as " + Names.fileNameEncoding() + "); rename it to UTF-8, for example with convmv, or run with a UTF-8 "
          + "locale (LANG=C.UTF-8) if the name is UTF-8"));
    }
    FileStat st;
    try {
      st = FileStat.of(path, false);
    } catch (NoSuchFileException e) {
      return new Vanished(path);
    } catch (IOException e) {
      return failed(key, e, "cannot read the attributes of " + path);
    }
    if (st.symlink()) {
      if (config.symlinks() == SymlinkPolicy.SKIP) {
        return new Emit(new SourceEntry.Skipped(key, "symlink (policy skip)"));
      }
      try {
        st = FileStat.of(path, true);
      } catch (NoSuchFileException e) {
        return new Emit(new SourceEntry.Failed(key, ErrorKind.NOT_FOUND, "dangling symlink " + path + " -> "
            + target(path)));
      } catch (IOException e) {
        if (Errors.isLoop(e)) {
          return new Emit(new SourceEntry.Failed(key, ErrorKind.INVALID_INPUT, "symlink loop: " + path + " -> "
              + target(path) + " (too many levels of symbolic links); the rest of the tree is still walked"));
        }
        return failed(key, e, "cannot follow symlink " + path + " -> " + target(path));
      }
    }
    if (st.directory()) {
      Object identity = st.fileKey();
      if (identity == null) {
        try {
          identity = path.toRealPath();
        } catch (IOException e) {
          return failed(key, e, "cannot resolve directory " + path);
        }
      }
      Path ancestor = ancestors.apply(identity);
      if (ancestor != null) {
        return new Emit(new SourceEntry.Failed(key, ErrorKind.INVALID_INPUT, "symlink loop: " + path + " -> "
            + target(path) + " points back to ancestor " + ancestor + "; the rest of the tree is still walked"));
      }
      return new Descend(path, identity);
    }
    if (!st.regular()) {
      return new Emit(new SourceEntry.Skipped(key, "not a regular file (" + st.otherKind() + ")"));
    }
    return new Emit(fileEntry(key, st));
  }

  private static Outcome failed(String key, IOException e, String what) {
    return new Emit(new SourceEntry.Failed(key, Errors.kindOf(e), what + ": " + Errors.reason(e)));
  }

  private static String target(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return "(target unreadable: " + e.getMessage() + ")";
    }
  }

  /** The filters on a regular file: suffixes, empty, age. */
  public SourceEntry fileEntry(String key, FileStat st) {
    for (String s : config.ignoreSuffixes()) {
      if (key.endsWith(s)) {
        return new SourceEntry.Skipped(key, "ignored suffix " + s);
      }
    }
    if (!config.includeSuffixes().isEmpty() && config.includeSuffixes().stream().noneMatch(key::endsWith)) {
      return new SourceEntry.Skipped(key, "suffix not in the include list " + config.includeSuffixes());
    }
    if (config.ignoreEmptyFiles() && st.size() == 0) {
      return new SourceEntry.Skipped(key, "empty file (ignoreEmptyFiles)");
    }
    Duration minAge = config.ignoreYoungerThan();
    if (!minAge.isZero()) {
      long ageMillis = config.clock().millis() - st.mtimeMillis();
      if (ageMillis < minAge.toMillis()) {
        return new SourceEntry.Skipped(key, "modified " + Math.floorDiv(ageMillis, 1000) + " s ago, younger than "
            + minAge.toSeconds() + " s");
      }
    }
    return new SourceEntry.Found(info(key, st));
  }

  /** The object description of a regular file. */
  public static ObjectInfo info(String key, FileStat st) {
    ObjectMetadata meta = ContentTypes.guess(key)
        .map(ct -> METADATA.computeIfAbsent(ct, c -> ObjectMetadata.builder().contentType(c).build()))
        .orElse(ObjectMetadata.empty());
    return new ObjectInfo(key, st.size(), Optional.of(Instant.ofEpochMilli(st.mtimeMillis())),
        st.version().isEmpty() ? Optional.empty() : Optional.of(st.version()), OptionalLong.empty(), meta);
  }
}
