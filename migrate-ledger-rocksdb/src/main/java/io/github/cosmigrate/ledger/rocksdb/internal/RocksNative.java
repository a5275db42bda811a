package io.github.cosmigrate.ledger.rocksdb.internal;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads RocksDB's native library once. A failure (a 32-bit JVM, an unsupported C library, a temporary folder that
 * cannot hold or execute the extracted library) is one {@code FATAL_CONFIGURATION} error naming this platform and
 * what to do, not an {@link UnsatisfiedLinkError} or an {@link ExceptionInInitializerError} with a stack trace.
 * Thread-safe.
 *
 * <p>Where the library comes from: left to rocksdbjni ({@link RocksDB#loadLibrary()}) when the environment variable
 * {@code ROCKSDB_SHAREDLIB_DIR} is set (the user's choice of folder) or a folder of {@code java.library.path} holds
 * it (as the {@code cos-migrate} launcher arranges); else from the per-user cache of {@link NativeLibraryCache},
 * copied there by the first JVM that needs it. rocksdbjni by itself copies the 17 MB library into a new temporary
 * file on every start and deletes it only when the JVM exits normally, so every JVM killed with {@code kill -9}
 * left one behind in {@code /tmp}. When the cache cannot be used (no writable home, a cache folder mounted
 * {@code noexec}), it falls back to rocksdbjni's own way, and says why at DEBUG level.
 */
public final class RocksNative {
  private static final Logger LOG = LoggerFactory.getLogger(RocksNative.class);
  private static volatile MigrateException failure;
  private static volatile boolean loaded;

  private RocksNative() {}

  /** Loads the library, or throws the one error that says why it cannot be (the same error on every call). */
  public static synchronized void load() throws MigrateException {
    if (loaded) {
      return;
    }
    if (failure != null) {
      throw failure;
    }
    try {
      loadLibrary();
      loaded = true;
    } catch (LinkageError | RuntimeException e) {
      failure = new MigrateException(ErrorKind.FATAL_CONFIGURATION, message(e), e);
      throw failure;
    }
  }

  private static void loadLibrary() {
    Path cached = cachedLibrary();
    LinkageError cacheFailure = null;
    if (cached != null) {
      try {
        RocksDB.loadLibrary(List.of(cached.getParent().toString()));
        LOG.debug("RocksDB's native library loaded from {}", cached);
        return;
      } catch (LinkageError e) { // a noexec cache folder; NoSuchMethodError from another rocksdbjni version
        cacheFailure = e;
        LOG.debug("RocksDB's native library {} does not load ({}); extracting it into java.io.tmpdir instead",
            cached, e.toString());
      }
    }
    try {
      RocksDB.loadLibrary();
    } catch (LinkageError | RuntimeException e) {
      if (cacheFailure != null) {
        e.addSuppressed(cacheFailure);
      }
      throw e;
    }
  }

  /** The library in the per-user cache, extracted there if need be, or null to leave loading to rocksdbjni. */
  private static Path cachedLibrary() {
    if (System.getenv("ROCKSDB_SHAREDLIB_DIR") != null) {
      return null;
    }
    try {
      if (onLibraryPath()) {
        return null;
      }
      String resource = Environment.getJniLibraryFileName("rocksdb");
      ClassLoader loader = RocksDB.class.getClassLoader();
      URL url = loader == null ? ClassLoader.getSystemResource(resource) : loader.getResource(resource);
      if (url == null) {
        return null; // no library for this platform in the jar: rocksdbjni tries its fallback name and says so
      }
      // RocksDB.loadLibrary(paths) looks for getJniLibraryFileName("rocksdbjni") in each folder, a different name
      // (librocksdbjnijni-linux64.so) than the jar's entry (librocksdbjni-linux64.so)
      return NativeLibraryCache.extract(url, NativeLibraryCache.baseDir(),
          Environment.getJniLibraryFileName("rocksdbjni"));
    } catch (IOException | RuntimeException e) { // SecurityException, UnsupportedOperationException (platform)
      LOG.debug("RocksDB's native library cannot be cached ({}); extracting it into java.io.tmpdir instead",
          e.toString());
      return null;
    }
  }

  /**
   * Whether a folder of {@code java.library.path} (or the JDK's own library path) holds the library under one of
   * the names rocksdbjni's loader asks {@link System#loadLibrary} for. Looked up as files, not by loading it here:
   * a library loaded from this class would belong to this class's class loader, not necessarily rocksdbjni's.
   */
  private static boolean onLibraryPath() {
    List<String> files = new ArrayList<>();
    for (String name : new String[] {Environment.getSharedLibraryName("rocksdb"),
        Environment.getJniLibraryName("rocksdb"), Environment.getFallbackJniLibraryName("rocksdb")}) {
      if (name != null) {
        String file = System.mapLibraryName(name);
        files.add(file);
        if (file.endsWith(".dylib")) {
          files.add(file.substring(0, file.length() - ".dylib".length()) + ".jnilib"); // the JDK tries both on macOS
        }
      }
    }
    for (String property : new String[] {"sun.boot.library.path", "java.library.path"}) {
      for (String dir : System.getProperty(property, "").split(Pattern.quote(File.pathSeparator))) {
        for (String file : files) {
          try {
            if (Files.isRegularFile(Path.of(dir.isEmpty() ? "." : dir, file))) {
              return true;
            }
          } catch (InvalidPathException e) {
            // not a folder: the JDK skips it as well
          }
        }
      }
    }
    return false;
  }

  /** The one-line reason: the platform, the loader's own reason, and what to do. */
  static String message(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String why = root.getMessage() == null ? root.getClass().getSimpleName()
        : root.getMessage().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    String bits = System.getProperty("sun.arch.data.model", "?");
    String tmp = System.getenv("ROCKSDB_SHAREDLIB_DIR") != null ? "ROCKSDB_SHAREDLIB_DIR="
        + System.getenv("ROCKSDB_SHAREDLIB_DIR") : "java.io.tmpdir=" + System.getProperty("java.io.tmpdir");
    return "the ledger's RocksDB native library cannot be loaded on this platform (" + System.getProperty("os.name")
        + " " + System.getProperty("os.arch") + ", " + bits + "-bit JVM " + System.getProperty("java.version") + ", "
        + tmp + "): " + why + "; RocksDB ships for 64-bit JVMs on Linux (glibc or musl) x86_64, aarch64, ppc64le,"
        + " s390x, on macOS and on Windows x64: use a 64-bit JVM on one of these, and a writable temporary folder"
        + " that allows executing files (set -D" + NativeLibraryCache.DIR_PROPERTY + ", ROCKSDB_SHAREDLIB_DIR or"
        + " -Djava.io.tmpdir, e.g. through JAVA_TOOL_OPTIONS, when the home folder and /tmp are mounted noexec)";
  }
}
