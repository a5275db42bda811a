package io.github.cosmigrate.cli.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates the demo's source tree: thousands of small files in nested folders, a few large files, deep and odd
 * names, an empty file, and the traps a migration tool must survive: a symlink loop, an unreadable file and (as
 * root, where permissions do not stop reads) a dangling symlink. Content is pseudo-random (no runs of zeros, no
 * sparse files), written quickly from a seeded generator, so it is the same every time.
 */
public final class DemoData {
  /** Small files in {@code photos/}. */
  public static final int SMALL_FILES = 3_000;
  /** Large files in {@code big/}. */
  public static final int LARGE_FILES = 2;
  /** Size of each large file. */
  public static final long LARGE_SIZE = 110L << 20;

  /** The trap entries, relative to the root. */
  public static final String LOOP = "traps/loop-to-root";
  public static final String UNREADABLE = "traps/unreadable.txt";
  public static final String DANGLING = "traps/dangling-link";

  private DemoData() {}

  /** Whether this process runs as root (uid 0), where {@code chmod 000} does not stop reads. */
  public static boolean runningAsRoot() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return uid instanceof Integer i && i == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  /**
   * Generates the tree into {@code root} (which must not exist): into a temporary sibling first, renamed at the
   * end, so an interrupted generation is not mistaken for a complete one.
   */
  public static void generate(Path root) throws IOException {
    Path tmp = root.resolveSibling(root.getFileName() + ".partial");
    deleteRecursively(tmp);
    Files.createDirectories(tmp);
    SplittableRandom seeds = new SplittableRandom(20261125L);

    // 3,000 small files: 10 years x 10 albums x 30 photos; sizes log-uniform 32 B .. 96 KiB
    byte[] buf = new byte[96 * 1024];
    int n = 0;
    for (int year = 0; year < 10; year++) {
      for (int album = 0; album < 10; album++) {
        Path dir = tmp.resolve(String.format(Locale.ROOT, "photos/%d/album-%02d", 2015 + year, album + 1));
        Files.createDirectories(dir);
        for (int i = 0; i < SMALL_FILES / 100; i++) {
          SplittableRandom r = seeds.split();
          int size = (int) Math.round(Math.exp(Math.log(32) + r.nextDouble() * (Math.log(buf.length) - Math.log(32))));
          fill(r, buf, size);
          String ext = (n % 3 == 0) ? ".jpg" : (n % 3 == 1) ? ".json" : ".txt";
          Files.write(dir.resolve(String.format(Locale.ROOT, "img-%04d%s", ++n, ext)),
              size == buf.length ? buf : java.util.Arrays.copyOf(buf, size));
        }
      }
    }

    // large files
    Files.createDirectories(tmp.resolve("big"));
    for (int i = 1; i <= LARGE_FILES; i++) {
      writeLarge(tmp.resolve("big/video-" + i + ".bin"), LARGE_SIZE, seeds.split());
    }

    // deep nesting
    Path deep = tmp;
    for (int i = 1; i <= 16; i++) {
      deep = deep.resolve("level-" + i);
    }
    Files.createDirectories(deep);
    Files.writeString(deep.resolve("deep.txt"), "sixteen folders down\n");

    // odd names (all legal on Linux and as COS keys)
    Path odd = Files.createDirectories(tmp.resolve("odd names"));
    List<String> names = new ArrayList<>(List.of(
        "with space.txt", "中文文件名.txt", "emoji-🎉-party.txt", "percent%20not-encoded.txt", "plus+and&amp.txt",
        "hash#mark.txt", "question?mark.txt", "quote'single\"double.txt", "-leading-dash.txt", ".hidden",
        "semi;colon=equals,comma.txt", "tilde~brace{}[brackets].txt", "Ünïcödé-NFC.txt", "trailing.dot."));
    names.add("long-" + "x".repeat(200) + ".txt");
    for (String name : names) {
      Files.writeString(odd.resolve(name), "a file named " + name + "\n");
    }
    Files.createDirectories(tmp.resolve("empty"));
    Files.write(tmp.resolve("empty/empty-file.txt"), new byte[0]);

    // traps
    Path traps = Files.createDirectories(tmp.resolve("traps"));
    Files.createSymbolicLink(tmp.resolve(LOOP), Path.of(".."));
    Path unreadable = tmp.resolve(UNREADABLE);
    Files.writeString(unreadable, "you should not be able to read this\n");
    Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
    if (runningAsRoot()) {
      Files.createSymbolicLink(tmp.resolve(DANGLING), Path.of("this-target-does-not-exist"));
    }
    Files.writeString(traps.resolve("README.txt"), "loop-to-root points at its own ancestor; unreadable.txt has mode"
        + " 000; dangling-link (created when generated as root) points nowhere.\n");

    deleteRecursively(root);
    Files.move(tmp, root);
  }

  private static void fill(SplittableRandom r, byte[] b, int len) {
    for (int i = 0; i < len; i += 8) {
      long v = r.nextLong();
      for (int k = 0; k < 8 && i + k < len; k++) {
        b[i + k] = (byte) (v >>> (8 * k));
      }
    }
  }

  private static void writeLarge(Path file, long size, SplittableRandom r) throws IOException {
    byte[] block = new byte[1 << 20];
    fill(r, block, block.length);
    ByteBuffer bb = ByteBuffer.wrap(block);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long written = 0;
      long chunk = 0;
      while (written < size) {
        // make every 4 KiB block of every MiB distinct: stamp the chunk number and a fresh random word
        for (int off = 0; off < block.length; off += 4096) {
          long v = r.nextLong() ^ chunk;
          for (int k = 0; k < 8; k++) {
            block[off + k] = (byte) (v >>> (8 * k));
          }
        }
        int len = (int) Math.min(block.length, size - written);
        bb.clear().limit(len);
        while (bb.hasRemaining()) {
          written += ch.write(bb);
        }
        chunk++;
      }
    }
  }

  /** Deletes a tree without following symbolic links; a missing path is fine. */
  public static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

}
