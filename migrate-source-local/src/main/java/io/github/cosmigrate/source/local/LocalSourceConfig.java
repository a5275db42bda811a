package io.github.cosmigrate.source.local;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of a {@link LocalSource}. Build with {@link #builder(Path)}.
 *
 * @param root the directory to migrate, or a single regular file (whose key is then its file name). May be a path of
 *     any {@link java.nio.file.FileSystem}, not only the default one.
 * @param symlinks what to do with symbolic links (default {@link SymlinkPolicy#FOLLOW})
 * @param excludes paths not to migrate: relative to the root, absolute (must lie under the root), or a
 *     {@code glob:} pattern matched against the key (and, when the pattern contains no {@code /}, also against the
 *     file name alone). An excluded directory is not descended into and is reported once as skipped. Excludes need
 *     not exist. A trailing {@code /} is ignored.
 * @param includeSuffixes when not empty, only files whose key ends with one of these are migrated (case-sensitive,
 *     like the original tool; entries are trimmed, empty entries dropped)
 * @param ignoreSuffixes files whose key ends with one of these are skipped (case-sensitive, trimmed)
 * @param ignoreEmptyFiles skip files of length 0
 * @param ignoreYoungerThan skip files modified less than this long ago ({@link Duration#ZERO}: off); checked at
 *     listing time against {@link #clock()}
 * @param fileList when present, list only the files named in this file (file-list mode) instead of walking the root
 * @param pageSize the maximum number of entries per listing page ({@code >= 1}, default 1000)
 * @param clock the clock for {@code ignoreYoungerThan}
 */
public record LocalSourceConfig(
    Path root,
    SymlinkPolicy symlinks,
    List<String> excludes,
    List<String> includeSuffixes,
    List<String> ignoreSuffixes,
    boolean ignoreEmptyFiles,
    Duration ignoreYoungerThan,
    Optional<Path> fileList,
    int pageSize,
    Clock clock) {

  public static final int DEFAULT_PAGE_SIZE = 1000;

  public LocalSourceConfig {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(symlinks, "symlinks");
    excludes = clean(excludes, "excludes");
    includeSuffixes = clean(includeSuffixes, "includeSuffixes");
    ignoreSuffixes = clean(ignoreSuffixes, "ignoreSuffixes");
    Objects.requireNonNull(ignoreYoungerThan, "ignoreYoungerThan");
    if (ignoreYoungerThan.isNegative()) {
      throw new IllegalArgumentException("ignoreYoungerThan must be >= 0, was " + ignoreYoungerThan);
    }
    Objects.requireNonNull(fileList, "fileList");
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be >= 1, was " + pageSize);
    }
    Objects.requireNonNull(clock, "clock");
  }

  private static List<String> clean(List<String> in, String what) {
    Objects.requireNonNull(in, what);
    List<String> out = new ArrayList<>();
    for (String s : in) {
      String t = Objects.requireNonNull(s, what + " entry").trim();
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return List.copyOf(out);
  }

  /** A builder with defaults: follow symlinks, no filters, walk mode, pages of 1000, the system clock. */
  public static Builder builder(Path root) {
    return new Builder(root);
  }

  public Builder toBuilder() {
    Builder b = new Builder(root);
    b.symlinks = symlinks;
    b.excludes.addAll(excludes);
    b.includeSuffixes.addAll(includeSuffixes);
    b.ignoreSuffixes.addAll(ignoreSuffixes);
    b.ignoreEmptyFiles = ignoreEmptyFiles;
    b.ignoreYoungerThan = ignoreYoungerThan;
    b.fileList = fileList.orElse(null);
    b.pageSize = pageSize;
    b.clock = clock;
    return b;
  }

  /** Builder of {@link LocalSourceConfig}. Not thread-safe. */
  public static final class Builder {
    private Path root;
    private SymlinkPolicy symlinks = SymlinkPolicy.FOLLOW;
    private final List<String> excludes = new ArrayList<>();
    private final List<String> includeSuffixes = new ArrayList<>();
    private final List<String> ignoreSuffixes = new ArrayList<>();
    private boolean ignoreEmptyFiles;
    private Duration ignoreYoungerThan = Duration.ZERO;
    private Path fileList;
    private int pageSize = DEFAULT_PAGE_SIZE;
    private Clock clock = Clock.systemUTC();

    private Builder(Path root) {
      this.root = Objects.requireNonNull(root, "root");
    }

    public Builder root(Path v) { root = Objects.requireNonNull(v, "root"); return this; }
    public Builder symlinks(SymlinkPolicy v) { symlinks = v; return this; }
    /** Adds excludes: relative paths, absolute paths under the root, or {@code glob:} patterns. */
    public Builder exclude(String... v) { excludes.addAll(List.of(v)); return this; }
    public Builder excludes(List<String> v) { excludes.clear(); excludes.addAll(v); return this; }
    public Builder includeSuffix(String... v) { includeSuffixes.addAll(List.of(v)); return this; }
    public Builder includeSuffixes(List<String> v) { includeSuffixes.clear(); includeSuffixes.addAll(v); return this; }
    public Builder ignoreSuffix(String... v) { ignoreSuffixes.addAll(List.of(v)); return this; }
    public Builder ignoreSuffixes(List<String> v) { ignoreSuffixes.clear(); ignoreSuffixes.addAll(v); return this; }
    public Builder ignoreEmptyFiles(boolean v) { ignoreEmptyFiles = v; return this; }
    public Builder ignoreYoungerThan(Duration v) { ignoreYoungerThan = v; return this; }
    /** File-list mode: list only the paths named in {@code v}, one per line (or JSON lines with a "key"). */
    public Builder fileList(Path v) { fileList = v; return this; }
    public Builder pageSize(int v) { pageSize = v; return this; }
    public Builder clock(Clock v) { clock = v; return this; }

    public LocalSourceConfig build() {
      return new LocalSourceConfig(root, symlinks, excludes, includeSuffixes, ignoreSuffixes, ignoreEmptyFiles,
          ignoreYoungerThan, Optional.ofNullable(fileList), pageSize, clock);
    }
  }
}
