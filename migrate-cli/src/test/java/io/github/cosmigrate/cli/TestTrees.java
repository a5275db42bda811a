package io.github.cosmigrate.cli;

import io.github.cosmigrate.api.Crc64;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** Builds real file trees for the end-to-end tests and reads them back. */
final class TestTrees {
  private TestTrees() {}

  static Path write(Path file, int size, long seed) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return Files.write(file, b);
  }

  /** Writes {@code size} pseudo-random bytes in 1 MiB chunks. */
  static Path writeLarge(Path file, long size, long seed) throws IOException {
    Files.createDirectories(file.getParent());
    SplittableRandom r = new SplittableRandom(seed);
    byte[] chunk = new byte[1 << 20];
    try (var out = Files.newOutputStream(file)) {
      long left = size;
      while (left > 0) {
        r.nextBytes(chunk);
        int n = (int) Math.min(chunk.length, left);
        out.write(chunk, 0, n);
        left -= n;
      }
    }
    return file;
  }

  static String key(Path root, Path file) {
    StringBuilder sb = new StringBuilder();
    for (Path p : root.relativize(file)) {
      sb.append(sb.length() == 0 ? "" : "/").append(p);
    }
    return sb.toString();
  }

  static long crc64(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Crc64.of(in);
    }
  }

  /** Every readable regular file under {@code root} (links not followed), by key. */
  static Map<String, Path> regularFiles(Path root) throws IOException {
    Map<String, Path> files = new TreeMap<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile() && Files.isReadable(file)) {
          files.put(key(root, file), file);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return files;
  }

  static boolean runningAsRoot() {
    return io.github.cosmigrate.cli.internal.DemoData.runningAsRoot();
  }
}
