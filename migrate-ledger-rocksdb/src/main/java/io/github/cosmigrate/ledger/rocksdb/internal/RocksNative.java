package io.github.cosmigrate.ledger.rocksdb.internal;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import org.rocksdb.RocksDB;

/**
 * Loads RocksDB's native library once. A failure (a 32-bit JVM, an unsupported C library, a temporary folder that
 * cannot hold or execute the extracted library) is one {@code FATAL_CONFIGURATION} error naming this platform and
 * what to do, not an {@link UnsatisfiedLinkError} or an {@link ExceptionInInitializerError} with a stack trace.
 * Thread-safe.
 */
public final class RocksNative {
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
      RocksDB.loadLibrary();
      loaded = true;
    } catch (LinkageError | RuntimeException e) {
      failure = new MigrateException(ErrorKind.FATAL_CONFIGURATION, message(e), e);
      throw failure;
    }
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
        + " that allows executing files (set ROCKSDB_SHAREDLIB_DIR or -Djava.io.tmpdir, e.g. through"
        + " JAVA_TOOL_OPTIONS, when /tmp is mounted noexec)";
  }
}
