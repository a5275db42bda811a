package io.github.cosmigrate.testkit.fakes;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fault-injecting {@link FileSystem} that forwards to another one (by default the platform's) and throws
 * {@link AccessDeniedException} or {@link NoSuchFileException} for chosen paths and operations. It makes permission
 * errors testable where {@code chmod 000} is not (tests running as root).
 *
 * <p>Use {@link #getPath(String, String...)} or {@link #wrap(Path)} to get paths of this file system, hand them to
 * the code under test, and add faults with {@link #denyAccess} or {@link #makeMissing}. A fault matches a path by
 * the underlying absolute, normalised path. Everything not faulted behaves exactly like the underlying file system,
 * including symbolic links and {@code unix:} attributes.
 *
 * <p>Thread-safe; faults may be added and cleared while other threads use the file system.
 */
public final class FaultyFileSystem extends FileSystem {

  /** The operations a fault can target. */
  public enum Op {
    /** {@code readAttributes}, {@code checkAccess}, attribute views. */
    READ_ATTRIBUTES,
    /** {@code newDirectoryStream}. */
    OPEN_DIRECTORY,
    /** {@code newByteChannel}, {@code newFileChannel}, {@code newInputStream}. */
    OPEN_FILE,
    /** {@code readSymbolicLink}. */
    READ_LINK
  }

  private record Fault(Set<Op> ops, boolean denied, AtomicInteger hits) {}

  private final FileSystem delegate;
  private final Provider provider;
  private final Map<Path, Fault> faults = new ConcurrentHashMap<>();

  private FaultyFileSystem(FileSystem delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.provider = new Provider();
  }

  /** Wraps the platform's default file system. */
  public static FaultyFileSystem wrapDefault() {
    return new FaultyFileSystem(FileSystems.getDefault());
  }

  /** Wraps any file system. */
  public static FaultyFileSystem wrap(FileSystem delegate) {
    return new FaultyFileSystem(delegate);
  }

  /** This file system's view of a path of the underlying file system. */
  public Path wrap(Path underlying) {
    if (underlying instanceof FaultyPath fp) {
      return fp;
    }
    if (underlying.getFileSystem() != delegate) {
      throw new ProviderMismatchException("path " + underlying + " is not of the wrapped file system");
    }
    return new FaultyPath(underlying);
  }

  /** The underlying path of a path of this file system. */
  public Path unwrap(Path p) {
    if (p instanceof FaultyPath fp && fp.fs() == this) {
      return fp.delegate;
    }
    throw new ProviderMismatchException("path " + p + " is not of this FaultyFileSystem");
  }

  /** From now on, the given operations (all when none are given) on {@code path} throw AccessDeniedException. */
  public FaultyFileSystem denyAccess(Path path, Op... ops) {
    faults.put(key(path), new Fault(opSet(ops), true, new AtomicInteger()));
    return this;
  }

  /** From now on, the given operations (all when none are given) on {@code path} throw NoSuchFileException. */
  public FaultyFileSystem makeMissing(Path path, Op... ops) {
    faults.put(key(path), new Fault(opSet(ops), false, new AtomicInteger()));
    return this;
  }

  /** How many times a fault on {@code path} fired. */
  public int hits(Path path) {
    Fault f = faults.get(key(path));
    return f == null ? 0 : f.hits.get();
  }

  /** Removes every fault. */
  public void clearFaults() {
    faults.clear();
  }

  private static Set<Op> opSet(Op... ops) {
    return ops.length == 0 ? EnumSet.allOf(Op.class) : EnumSet.copyOf(List.of(ops));
  }

  private Path key(Path p) {
    Path u = p instanceof FaultyPath fp ? fp.delegate : p;
    return u.toAbsolutePath().normalize();
  }

  private void check(Path p, Op op) throws IOException {
    if (faults.isEmpty()) {
      return;
    }
    Fault f = faults.get(key(p));
    if (f != null && f.ops.contains(op)) {
      f.hits.incrementAndGet();
      String s = unwrap(p).toString();
      throw f.denied ? new AccessDeniedException(s, null, "injected: permission denied for " + op)
          : new NoSuchFileException(s, null, "injected: no such file for " + op);
    }
  }

  // ---------------------------------------------------------------- FileSystem

  @Override
  public FileSystemProvider provider() {
    return provider;
  }

  @Override
  public void close() {
    // the underlying file system stays open; nothing to release
  }

  @Override
  public boolean isOpen() {
    return delegate.isOpen();
  }

  @Override
  public boolean isReadOnly() {
    return delegate.isReadOnly();
  }

  @Override
  public String getSeparator() {
    return delegate.getSeparator();
  }

  @Override
  public Iterable<Path> getRootDirectories() {
    List<Path> out = new ArrayList<>();
    delegate.getRootDirectories().forEach(p -> out.add(wrap(p)));
    return out;
  }

  @Override
  public Iterable<FileStore> getFileStores() {
    return delegate.getFileStores();
  }

  @Override
  public Set<String> supportedFileAttributeViews() {
    return delegate.supportedFileAttributeViews();
  }

  @Override
  public Path getPath(String first, String... more) {
    return wrap(delegate.getPath(first, more));
  }

  @Override
  public PathMatcher getPathMatcher(String syntaxAndPattern) {
    PathMatcher m = delegate.getPathMatcher(syntaxAndPattern);
    return p -> m.matches(unwrap(p));
  }

  @Override
  public UserPrincipalLookupService getUserPrincipalLookupService() {
    return delegate.getUserPrincipalLookupService();
  }

  @Override
  public WatchService newWatchService() {
    throw new UnsupportedOperationException("FaultyFileSystem does not watch");
  }

  // ---------------------------------------------------------------- Path

  private final class FaultyPath implements Path {
    final Path delegate;

    FaultyPath(Path delegate) {
      this.delegate = delegate;
    }

    FaultyFileSystem fs() {
      return FaultyFileSystem.this;
    }

    private Path w(Path p) {
      return p == null ? null : new FaultyPath(p);
    }

    @Override
    public FileSystem getFileSystem() {
      return FaultyFileSystem.this;
    }

    @Override
    public boolean isAbsolute() {
      return delegate.isAbsolute();
    }

    @Override
    public Path getRoot() {
      return w(delegate.getRoot());
    }

    @Override
    public Path getFileName() {
      return w(delegate.getFileName());
    }

    @Override
    public Path getParent() {
      return w(delegate.getParent());
    }

    @Override
    public int getNameCount() {
      return delegate.getNameCount();
    }

    @Override
    public Path getName(int index) {
      return w(delegate.getName(index));
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
      return w(delegate.subpath(beginIndex, endIndex));
    }

    @Override
    public boolean startsWith(Path other) {
      return other instanceof FaultyPath fp && delegate.startsWith(fp.delegate);
    }

    @Override
    public boolean endsWith(Path other) {
      return other instanceof FaultyPath fp && delegate.endsWith(fp.delegate);
    }

    @Override
    public Path normalize() {
      return w(delegate.normalize());
    }

    @Override
    public Path resolve(Path other) {
      return w(delegate.resolve(unwrap(other)));
    }

    @Override
    public Path resolve(String other) {
      return w(delegate.resolve(other));
    }

    @Override
    public Path relativize(Path other) {
      return w(delegate.relativize(unwrap(other)));
    }

    @Override
    public URI toUri() {
      return delegate.toUri();
    }

    @Override
    public Path toAbsolutePath() {
      return w(delegate.toAbsolutePath());
    }

    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
      check(this, Op.READ_ATTRIBUTES);
      return w(delegate.toRealPath(options));
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
      throw new UnsupportedOperationException("FaultyFileSystem does not watch");
    }

    @Override
    public int compareTo(Path other) {
      return delegate.compareTo(unwrap(other));
    }

    @Override
    public Iterator<Path> iterator() {
      return mapped(delegate.iterator(), this::w);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof FaultyPath fp && fp.fs() == fs() && delegate.equals(fp.delegate);
    }

    @Override
    public int hashCode() {
      return delegate.hashCode();
    }

    @Override
    public String toString() {
      return delegate.toString();
    }
  }

  // ---------------------------------------------------------------- provider

  private final class Provider extends FileSystemProvider {
    private FileSystemProvider d() {
      return delegate.provider();
    }

    @Override
    public String getScheme() {
      return "faulty";
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
      throw new UnsupportedOperationException("create FaultyFileSystem with FaultyFileSystem.wrap");
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
      throw new UnsupportedOperationException("FaultyFileSystem is not registered by URI");
    }

    @Override
    public Path getPath(URI uri) {
      return wrap(d().getPath(uri));
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
        FileAttribute<?>... attrs) throws IOException {
      check(path, Op.OPEN_FILE);
      return d().newByteChannel(unwrap(path), options, attrs);
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
        throws IOException {
      check(path, Op.OPEN_FILE);
      return d().newFileChannel(unwrap(path), options, attrs);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
        throws IOException {
      check(dir, Op.OPEN_DIRECTORY);
      DirectoryStream<Path> ds = d().newDirectoryStream(unwrap(dir), p -> filter.accept(wrap(p)));
      return new DirectoryStream<>() {
        @Override
        public Iterator<Path> iterator() {
          return mapped(ds.iterator(), FaultyFileSystem.this::wrap);
        }

        @Override
        public void close() throws IOException {
          ds.close();
        }
      };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
      d().createDirectory(unwrap(dir), attrs);
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
      d().createSymbolicLink(unwrap(link), target instanceof FaultyPath fp ? fp.delegate : target, attrs);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
      d().createLink(unwrap(link), unwrap(existing));
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
      check(link, Op.READ_LINK);
      return wrap(d().readSymbolicLink(unwrap(link)));
    }

    @Override
    public void delete(Path path) throws IOException {
      d().delete(unwrap(path));
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
      d().copy(unwrap(source), unwrap(target), options);
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
      d().move(unwrap(source), unwrap(target), options);
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
      return d().isSameFile(unwrap(path), unwrap(path2));
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
      return d().isHidden(unwrap(path));
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
      return d().getFileStore(unwrap(path));
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
      check(path, Op.READ_ATTRIBUTES);
      d().checkAccess(unwrap(path), modes);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
      return d().getFileAttributeView(unwrap(path), type, options);
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
        throws IOException {
      check(path, Op.READ_ATTRIBUTES);
      return d().readAttributes(unwrap(path), type, options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
        throws IOException {
      check(path, Op.READ_ATTRIBUTES);
      return d().readAttributes(unwrap(path), attributes, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
      d().setAttribute(unwrap(path), attribute, value, options);
    }
  }

  /** An iterator that hands out {@code map(next)} for each delegate path. */
  private static Iterator<Path> mapped(Iterator<Path> it, java.util.function.UnaryOperator<Path> map) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Path next() {
        return map.apply(it.next());
      }
    };
  }
}
