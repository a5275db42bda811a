package io.github.cosmigrate.testkit.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.testkit.fakes.FaultyFileSystem.Op;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultyFileSystemTest {
  @TempDir Path tmp;

  @Test
  void forwardsEverythingNotFaulted() throws Exception {
    Files.writeString(tmp.resolve("a.txt"), "hello");
    Files.createDirectories(tmp.resolve("d"));
    Files.createSymbolicLink(tmp.resolve("link"), Path.of("a.txt"));
    FaultyFileSystem fs = FaultyFileSystem.wrapDefault();
    Path root = fs.wrap(tmp);
    assertThat(root.getFileSystem()).isSameAs(fs);
    assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("hello");
    assertThat(Files.readString(root.resolve("link"))).isEqualTo("hello");
    assertThat(Files.isSymbolicLink(root.resolve("link"))).isTrue();
    assertThat(Files.readSymbolicLink(root.resolve("link")).toString()).isEqualTo("a.txt");
    assertThat(Files.getAttribute(root.resolve("a.txt"), "unix:ino")).isEqualTo(
        Files.getAttribute(tmp.resolve("a.txt"), "unix:ino"));
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
      for (Path p : ds) {
        assertThat(p.getFileSystem()).isSameAs(fs);
        names.add(p.getFileName().toString());
      }
    }
    assertThat(names).containsExactlyInAnyOrder("a.txt", "d", "link");
    assertThat(root.relativize(root.resolve("d/x")).toString()).isEqualTo("d/x");
    assertThat(fs.getPathMatcher("glob:*.txt").matches(fs.getPath("a.txt"))).isTrue();
    assertThat(fs.unwrap(root)).isEqualTo(tmp);
  }

  @Test
  void injectsDeniedAndMissingForChosenOperations() throws Exception {
    Files.writeString(tmp.resolve("f"), "x");
    Files.createDirectories(tmp.resolve("d"));
    FaultyFileSystem fs = FaultyFileSystem.wrapDefault();
    Path f = fs.wrap(tmp.resolve("f"));
    Path d = fs.wrap(tmp.resolve("d"));
    fs.denyAccess(f, Op.OPEN_FILE);
    fs.makeMissing(d, Op.OPEN_DIRECTORY);
    assertThat(Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size()).isEqualTo(1);
    assertThatThrownBy(() -> Files.readString(f)).isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> FileChannel.open(f)).isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> Files.newDirectoryStream(d)).isInstanceOf(NoSuchFileException.class);
    assertThat(Files.isDirectory(d)).isTrue();
    assertThat(fs.hits(f)).isEqualTo(2);
    fs.denyAccess(f);
    assertThatThrownBy(() -> Files.size(f)).isInstanceOf(AccessDeniedException.class);
    fs.clearFaults();
    assertThat(Files.readString(f)).isEqualTo("x");
  }
}
