package io.github.cosmigrate.ledger.rocksdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link NativeLibraryCache} on real files, with a small jar written by the test standing in for rocksdbjni's. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NativeLibraryCacheTest {
  private static final String ENTRY = "libfake-linux64.so";
  private static final String NAME = "libfakejni-linux64.so";

  @TempDir Path tmp;
  private byte[] library;
  private URL entry;
  private Path expected;

  @BeforeEach
  void writeJar() throws IOException {
    library = new byte[3 << 20]; // a few MB, so that concurrent copies overlap
    new Random(42).nextBytes(library);
    entry = jar(tmp.resolve("lib.jar"), library);
    CRC32 crc = new CRC32();
    crc.update(library);
    expected = tmp.resolve("cache").resolve(String.format("rocksdbjni-%08x-%d", crc.getValue(), library.length))
        .resolve(NAME);
  }

  @Test
  void extractsOnceAndReusesTheFileOfTheSameSize() throws Exception {
    Path lib = NativeLibraryCache.extract(entry, tmp.resolve("cache"), NAME);
    assertThat(lib).isEqualTo(expected);
    assertThat(Files.readAllBytes(lib)).isEqualTo(library);
    assertThat(list(lib.getParent())).as("no temporary file left").containsExactly(lib);
    assertThat(openFilesOf(tmp.resolve("lib.jar"))).as("the jar is closed again").isZero();

    FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    Files.setLastModifiedTime(lib, old);
    Object inode = Files.readAttributes(lib, "basic:fileKey").get("fileKey");
    assertThat(NativeLibraryCache.extract(entry, tmp.resolve("cache"), NAME)).isEqualTo(lib);
    assertThat(Files.getLastModifiedTime(lib)).as("not written again").isEqualTo(old);
    assertThat(Files.readAttributes(lib, "basic:fileKey").get("fileKey")).as("the same file").isEqualTo(inode);
    assertThat(openFilesOf(tmp.resolve("lib.jar"))).as("the jar is closed again").isZero();
  }

  @Test
  void aFileOfTheWrongSizeIsReplaced() throws Exception {
    // as an older copy cut short by a crash would have left it
    Files.createDirectories(expected.getParent());
    Files.write(expected, Arrays.copyOf(library, library.length / 2));
    Object inode = Files.readAttributes(expected, "basic:fileKey").get("fileKey");

    assertThat(NativeLibraryCache.extract(entry, tmp.resolve("cache"), NAME)).isEqualTo(expected);
    assertThat(Files.readAllBytes(expected)).isEqualTo(library);
    assertThat(Files.readAttributes(expected, "basic:fileKey").get("fileKey")).as("a new file").isNotEqualTo(inode);
    assertThat(list(expected.getParent())).containsExactly(expected);
  }

  @Test
  void concurrentExtractionsEndWithOneCompleteFileAndNoTemporaryFiles() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 5; round++) {
        Path base = tmp.resolve("cache-" + round);
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<Path>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          results.add(pool.submit(() -> {
            start.await();
            Path lib = NativeLibraryCache.extract(entry, base, NAME);
            // whoever returns sees the complete library, even while others still copy
            assertThat(Files.size(lib)).isEqualTo(library.length);
            return lib;
          }));
        }
        for (Future<Path> r : results) {
          assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo(base.resolve(expected.getParent().getFileName())
              .resolve(NAME));
        }
        Path lib = results.get(0).get();
        assertThat(Files.readAllBytes(lib)).isEqualTo(library);
        assertThat(list(lib.getParent())).as("round %d", round).containsExactly(lib);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void foldersItCreatesAreOwnerOnly() throws Exception {
    assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path base = tmp.resolve("home").resolve(".cache");
    Path lib = NativeLibraryCache.extract(entry, base, NAME);
    Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rwx------");
    for (Path dir : List.of(tmp.resolve("home"), base, lib.getParent())) {
      assertThat(Files.getPosixFilePermissions(dir)).as("%s", dir).isEqualTo(ownerOnly);
    }
    assertThat(Files.getPosixFilePermissions(lib)).doesNotContain(PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.OTHERS_WRITE);
  }

  @Test
  void aBaseFolderThatCannotBeCreatedIsAnIoException() throws Exception {
    // a regular file where a folder should be: refused for every user, root included (a folder without write
    // permission is not: root ignores it, and CI runs as root)
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    assertThatThrownBy(() -> NativeLibraryCache.extract(entry, file.resolve("native"), NAME))
        .isInstanceOf(IOException.class);
    assertThat(Files.readString(file)).isEqualTo("x");
  }

  @Test
  void aResourceOutsideAJarIsAnIoException() throws Exception {
    Path loose = Files.write(tmp.resolve(ENTRY), library);
    assertThatThrownBy(() -> NativeLibraryCache.extract(loose.toUri().toURL(), tmp.resolve("cache"), NAME))
        .isInstanceOf(IOException.class).hasMessageContaining("not in a jar");
    assertThat(tmp.resolve("cache")).doesNotExist();
  }

  @Test
  void aCopyThatDoesNotMatchTheJarsCrcIsNotKept() throws Exception {
    Path jar = tmp.resolve("lib.jar");
    byte[] bytes = Files.readAllBytes(jar);
    ByteBuffer zip = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int end = bytes.length - 22; // the end-of-central-directory record, no comment
    assertThat(zip.getInt(end)).isEqualTo(0x06054b50);
    int central = zip.getInt(end + 16);
    assertThat(zip.getInt(central)).isEqualTo(0x02014b50);
    zip.putInt(central + 16, zip.getInt(central + 16) ^ 1); // the entry's CRC-32 in the central directory
    Files.write(jar, bytes);

    assertThatThrownBy(() -> NativeLibraryCache.extract(entry, tmp.resolve("cache"), NAME))
        .isInstanceOf(IOException.class).hasMessageContaining("CRC-32");
    try (Stream<Path> left = Files.walk(tmp.resolve("cache"))) {
      assertThat(left.filter(Files::isRegularFile)).as("neither the library nor a temporary file").isEmpty();
    }
  }

  @Test
  void temporaryFilesOfKilledCopiesAreDeletedOnceStale() throws Exception {
    Files.createDirectories(expected.getParent());
    Path stale = Files.write(expected.resolveSibling(NAME + ".123.tmp"), new byte[10]);
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(NativeLibraryCache.STALE_TEMPORARY)
        .minusSeconds(60)));
    Path recent = Files.write(expected.resolveSibling(NAME + ".456.tmp"), new byte[10]); // another copy under way
    Path other = Files.write(expected.resolveSibling("unrelated.tmp"), new byte[10]);
    Files.setLastModifiedTime(other, Files.getLastModifiedTime(stale));

    assertThat(NativeLibraryCache.extract(entry, tmp.resolve("cache"), NAME)).isEqualTo(expected);
    assertThat(list(expected.getParent())).containsExactlyInAnyOrder(expected, recent, other);
  }

  @Test
  void theBaseFolderComesFromThePropertyLocalAppDataXdgCacheHomeOrTheHomeFolder() throws Exception {
    Path home = tmp.resolve("home");
    Map<String, String> linux = Map.of("os.name", "Linux", "user.home", home.toString());
    assertThat(NativeLibraryCache.baseDir(linux::get, Map.<String, String>of()::get))
        .isEqualTo(home.resolve(".cache/cos-migrate/native"));
    assertThat(NativeLibraryCache.baseDir(linux::get, Map.of("XDG_CACHE_HOME", tmp.resolve("xdg").toString())::get))
        .isEqualTo(tmp.resolve("xdg/cos-migrate/native"));
    assertThat(NativeLibraryCache.baseDir(linux::get, Map.of("XDG_CACHE_HOME", "relative/xdg")::get))
        .as("a relative XDG_CACHE_HOME is ignored, as the XDG specification says")
        .isEqualTo(home.resolve(".cache/cos-migrate/native"));
    assertThat(NativeLibraryCache.baseDir(linux::get, Map.of("LOCALAPPDATA", tmp.resolve("local").toString())::get))
        .as("LOCALAPPDATA on Windows only").isEqualTo(home.resolve(".cache/cos-migrate/native"));

    Map<String, String> windows = Map.of("os.name", "Windows 11", "user.home", home.toString());
    assertThat(NativeLibraryCache.baseDir(windows::get, Map.of("LOCALAPPDATA", tmp.resolve("local").toString(),
        "XDG_CACHE_HOME", tmp.resolve("xdg").toString())::get)).isEqualTo(tmp.resolve("local/cos-migrate/native"));

    Map<String, String> explicit = Map.of("os.name", "Windows 11", "user.home", home.toString(),
        NativeLibraryCache.DIR_PROPERTY, tmp.resolve("mine").toString());
    assertThat(NativeLibraryCache.baseDir(explicit::get, Map.of("LOCALAPPDATA", tmp.resolve("local").toString(),
        "XDG_CACHE_HOME", tmp.resolve("xdg").toString())::get)).isEqualTo(tmp.resolve("mine"));

    Map<String, String> homeless = Map.of("os.name", "Linux", "user.home", "?"); // the JDK's value without one
    assertThatThrownBy(() -> NativeLibraryCache.baseDir(homeless::get, Map.<String, String>of()::get))
        .isInstanceOf(IOException.class).hasMessageContaining("user.home is '?'");
  }

  /** A jar holding {@link #ENTRY} with {@code content}; the URL of that entry. */
  private static URL jar(Path jar, byte[] content) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry(ENTRY));
      out.write(content);
      out.closeEntry();
    }
    return URI.create("jar:" + jar.toUri() + "!/" + ENTRY).toURL();
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  /** How many of this JVM's file descriptors are open on {@code file} (Linux; 0 elsewhere). */
  private static long openFilesOf(Path file) throws IOException {
    Path fds = Path.of("/proc/self/fd");
    if (!Files.isDirectory(fds)) {
      return 0;
    }
    Path real = file.toRealPath();
    long n = 0;
    for (Path fd : list(fds)) {
      try {
        if (Files.readSymbolicLink(fd).equals(real)) {
          n++;
        }
      } catch (IOException e) {
        // closed while listing
      }
    }
    return n;
  }
}
