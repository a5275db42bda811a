package io.github.cosmigrate.source.local.internal;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The result of one {@code stat}/{@code lstat}: type, size, modification time, identity and a version tag.
 *
 * @param fileKey (device, inode) or the platform's file key; null when the file system has none
 * @param version {@code ino:<inode>;ctime:<ctime nanos>} when {@code unix:} attributes exist, else empty
 * @param mode the {@code st_mode} type bits when known, else 0
 */
public record FileStat(
    boolean regular,
    boolean directory,
    boolean symlink,
    long size,
    long mtimeMillis,
    Object fileKey,
    String version,
    int mode) {

  /** The fewest names that give everything: the file type comes from the mode bits. */
  private static final String UNIX_ATTRS = "unix:mode,ino,dev,ctime,size,lastModifiedTime";
  private static final int S_IFMT = 0170000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFLNK = 0120000;
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final LinkOption[] FOLLOW = {};

  /** One stat of {@code p}; {@code follow} decides whether a final symbolic link is followed. */
  public static FileStat of(Path p, boolean follow) throws IOException {
    LinkOption[] opts = follow ? FOLLOW : NOFOLLOW;
    if (hasUnix(p.getFileSystem())) {
      Map<String, Object> a = Files.readAttributes(p, UNIX_ATTRS, opts);
      long ino = (Long) a.get("ino");
      long dev = (Long) a.get("dev");
      long ctimeNanos = ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS);
      int mode = (Integer) a.get("mode");
      int type = mode & S_IFMT;
      return new FileStat(type == S_IFREG, type == S_IFDIR, type == S_IFLNK, (Long) a.get("size"),
          ((FileTime) a.get("lastModifiedTime")).toMillis(), new DevIno(dev, ino),
          "ino:" + ino + ";ctime:" + ctimeNanos, mode);
    }
    BasicFileAttributes b = Files.readAttributes(p, BasicFileAttributes.class, opts);
    return new FileStat(b.isRegularFile(), b.isDirectory(), b.isSymbolicLink(), b.size(),
        b.lastModifiedTime().toMillis(), b.fileKey(), "", 0);
  }

  private static boolean hasUnix(FileSystem fs) {
    return fs.supportedFileAttributeViews().contains("unix");
  }

  /** What kind of non-regular, non-directory file this is, for messages. */
  public String otherKind() {
    return switch (mode & S_IFMT) {
      case 0010000 -> "fifo";
      case 0140000 -> "socket";
      case 0020000 -> "character device";
      case 0060000 -> "block device";
      default -> "special file";
    };
  }

  /** A file's identity on a unix file system. */
  public record DevIno(long dev, long ino) {}
}
