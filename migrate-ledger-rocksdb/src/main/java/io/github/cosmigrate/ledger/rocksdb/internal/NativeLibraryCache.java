package io.github.cosmigrate.ledger.rocksdb.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.CRC32;

/**
 * Copies a native library out of its jar once per user into a cache folder, where every later JVM loads it without
 * copying: {@code <base>/rocksdbjni-<CRC-32 of the jar entry, 8 hex digits>-<its size>/<file name>}. The folder's
 * name identifies the content (taken from the jar's central directory, without inflating the entry), so another
 * rocksdbjni version gets its own folder, and a file of the expected size in it is used as it is.
 *
 * <p>A missing or wrong-sized file (an older copy cut short by a crash) is replaced: the entry is copied into a
 * temporary file of a unique name in the same folder, checked against the entry's size and CRC-32, and renamed onto
 * the final name atomically, so no process or thread ever sees a partial library under that name. Concurrent
 * extractions (threads or JVMs) each write their own temporary file; the last rename wins with the same bytes, and a
 * rename refused because another one put a complete file in place first (Windows refuses to replace a loaded
 * library) counts as success. A temporary file is deleted when its copy fails; one left by a process killed while
 * copying is deleted by a later extraction into the same folder once it is an hour old.
 *
 * <p>Folders created here are owner-only ({@code rwx------}) on a POSIX file system; existing ones are left as they
 * are. Every failure (no jar behind the URL, an unwritable or unusable base folder, a short or damaged copy) is an
 * {@link IOException}, on which the caller loads the library the way rocksdbjni does by itself. Stateless and
 * thread-safe.
 */
final class NativeLibraryCache {
  /** The system property that names the base folder (for a read-only home, or to keep it next to a build). */
  static final String DIR_PROPERTY = "cosmigrate.native.dir";

  /** How old a temporary file must be before another extraction takes it for one left by a killed process. */
  static final Duration STALE_TEMPORARY = Duration.ofHours(1);

  private static final String TEMPORARY_SUFFIX = ".tmp";

  private NativeLibraryCache() {}

  /**
   * The base folder: the system property {@value #DIR_PROPERTY} when set; else {@code %LOCALAPPDATA%\cos-migrate\native}
   * on Windows when set; else {@code $XDG_CACHE_HOME/cos-migrate/native} when that is an absolute path; else
   * {@code ${user.home}/.cache/cos-migrate/native}.
   *
   * @throws IOException when none of them is an absolute path (a user without a home folder)
   */
  static Path baseDir() throws IOException {
    return baseDir(System::getProperty, System::getenv);
  }

  /** {@link #baseDir()} from the given system properties and environment. */
  static Path baseDir(UnaryOperator<String> properties, UnaryOperator<String> environment) throws IOException {
    String explicit = properties.apply(DIR_PROPERTY);
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit).toAbsolutePath();
    }
    boolean windows = String.valueOf(properties.apply("os.name")).toLowerCase(Locale.ROOT).startsWith("windows");
    Path local = windows ? absolute(environment.apply("LOCALAPPDATA")) : null;
    if (local != null) {
      return local.resolve("cos-migrate").resolve("native");
    }
    Path xdg = absolute(environment.apply("XDG_CACHE_HOME"));
    if (xdg != null) {
      return xdg.resolve("cos-migrate").resolve("native");
    }
    Path home = absolute(properties.apply("user.home"));
    if (home == null) {
      throw new IOException("no folder for the native library cache: user.home is '" + properties.apply("user.home")
          + "', and neither " + DIR_PROPERTY + " nor XDG_CACHE_HOME is set");
    }
    return home.resolve(".cache").resolve("cos-migrate").resolve("native");
  }

  /** {@code value} as a path when it is an absolute one, else null (unset, empty, relative, or not a path). */
  private static Path absolute(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      Path p = Path.of(value);
      return p.isAbsolute() ? p : null;
    } catch (RuntimeException e) { // InvalidPathException
      return null;
    }
  }

  /**
   * The library named by {@code jarEntry} (a {@code jar:} URL), as the file {@code fileName} in its content folder
   * below {@code baseDir}, copied there first unless a file of the entry's size already is.
   *
   * @throws IOException when the URL is not a jar entry, or the file can be neither found nor written
   */
  static Path extract(URL jarEntry, Path baseDir, String fileName) throws IOException {
    URLConnection connection = jarEntry.openConnection();
    if (!(connection instanceof JarURLConnection)) {
      throw new IOException(jarEntry + " is not in a jar");
    }
    JarURLConnection jar = (JarURLConnection) connection;
    // our own handle on the jar, closed here, rather than one the JDK's cache would keep open for the JVM's life
    jar.setUseCaches(false);
    JarFile file = jar.getJarFile();
    try {
      JarEntry entry = jar.getJarEntry();
      long size = entry == null ? -1 : entry.getSize();
      long crc = entry == null ? -1 : entry.getCrc();
      if (size < 0 || crc < 0) {
        throw new IOException(jarEntry + " has no size or CRC-32 in its jar's directory");
      }
      Path dir = baseDir.resolve(String.format(Locale.ROOT, "rocksdbjni-%08x-%d", crc, size));
      Path target = dir.resolve(fileName);
      if (hasSize(target, size)) {
        return target;
      }
      PrivateDirectories.create(dir);
      deleteStaleTemporaries(dir, fileName);
      Path tmp = Files.createTempFile(dir, fileName + ".", TEMPORARY_SUFFIX);
      try {
        try (InputStream in = jar.getInputStream()) {
          copy(in, tmp, size, crc, jarEntry);
        }
        moveIntoPlace(tmp, target, size);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return target;
    } finally {
      file.close();
    }
  }

  /** Copies {@code in} into {@code tmp}, checking the bytes against the entry's size and CRC-32. */
  private static void copy(InputStream in, Path tmp, long size, long crc, URL from) throws IOException {
    CRC32 actual = new CRC32();
    long copied = 0;
    byte[] buffer = new byte[1 << 16];
    try (OutputStream out = Files.newOutputStream(tmp)) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        actual.update(buffer, 0, n);
        out.write(buffer, 0, n);
        copied += n;
      }
    }
    if (copied != size || actual.getValue() != crc) {
      throw new IOException(String.format(Locale.ROOT, "copy of %s is %d bytes with CRC-32 %08x, not %d bytes"
          + " with %08x", from, copied, actual.getValue(), size, crc));
    }
  }

  /** Renames the complete copy onto {@code target}, or accepts the complete file another extraction put there. */
  private static void moveIntoPlace(Path tmp, Path target, long size) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw e; // a file system without atomic renames within a folder: no safe way to publish the file
    } catch (IOException e) {
      // replacing refused (the target exists, or is loaded by a process on Windows): fine if it is complete
      if (!hasSize(target, size)) {
        throw e;
      }
    }
  }

  private static boolean hasSize(Path file, long size) {
    try {
      return Files.isRegularFile(file) && Files.size(file) == size;
    } catch (IOException e) {
      return false;
    }
  }

  /** Deletes temporary copies of {@code fileName} older than {@link #STALE_TEMPORARY}, quietly. */
  private static void deleteStaleTemporaries(Path dir, String fileName) {
    FileTime before = FileTime.from(Instant.now().minus(STALE_TEMPORARY));
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path t : files) {
        String name = t.getFileName().toString();
        if (!name.startsWith(fileName + ".") || !name.endsWith(TEMPORARY_SUFFIX)) {
          continue;
        }
        try {
          if (Files.getLastModifiedTime(t).compareTo(before) < 0) {
            Files.deleteIfExists(t);
          }
        } catch (IOException e) {
          // another process deleted or renamed it, or it is not ours to delete: leave it
        }
      }
    } catch (IOException e) {
      // an unreadable folder fails the extraction itself just below
    }
  }
}
