package io.github.cosmigrate.ledger.rocksdb.internal;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates the ledger's directories readable by their owner only ({@code rwx------} on a POSIX file system), so that
 * the job's records (keys, ETags, failure reasons) are not readable by other users of the machine. A directory that
 * already exists is left as it is.
 */
public final class PrivateDirectories {
  private PrivateDirectories() {}

  /** Creates {@code dir} and its missing parents, each owner-only where the file system has POSIX permissions. */
  public static Path create(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return dir;
    }
    FileSystem fs = dir.getFileSystem();
    if (fs.supportedFileAttributeViews().contains("posix")) {
      return Files.createDirectories(dir,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    return Files.createDirectories(dir);
  }
}
