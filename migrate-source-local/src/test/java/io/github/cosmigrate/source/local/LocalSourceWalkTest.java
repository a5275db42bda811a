package io.github.cosmigrate.source.local;

import java.time.Instant;
import io.github.cosmigrate.model.ObjectInfo;
import static io.github.cosmigrate.source.local.LocalTestSupport.listAll;
import static io.github.cosmigrate.source.local.LocalTestSupport.listByKey;
import static io.github.cosmigrate.source.local.LocalTestSupport.run;
import static io.github.cosmigrate.source.local.LocalTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.SourceEntry;
import io.github.cosmigrate.testkit.fakes.FaultyFileSystem;
import io.github.cosmigrate.testkit.fakes.FaultyFileSystem.Op;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSourceWalkTest {
  @TempDir Path tmp;

  private Path root() throws Exception {
    return Files.createDirectories(tmp.resolve("root"));
  }

  private static void assertFailed(SourceEntry e, ErrorKind kind, String... reasonParts) {
    assertThat(e).isInstanceOf(SourceEntry.Failed.class);
    SourceEntry.Failed f = (SourceEntry.Failed) e;
    assertThat(f.kind()).as(f.reason()).isEqualTo(kind);
    assertThat(f.reason()).contains(reasonParts);
  }

  private static void assertSkipped(SourceEntry e, String... reasonParts) {
    assertThat(e).isInstanceOf(SourceEntry.Skipped.class);
    assertThat(((SourceEntry.Skipped) e).reason()).contains(reasonParts);
  }

  @Test
  void symlinkLoopToParentIsFailedAndTheRestIsWalked() throws Exception {
    Path root = root();
    write(root, "a/file.txt", "a");
    write(root, "b/x.txt", "b");
    Files.createSymbolicLink(root.resolve("a/loop"), Path.of(".."));
    Map<String, SourceEntry> m = listByKey(LocalSourceConfig.builder(root).build());
    assertThat(m).containsOnlyKeys("a/file.txt", "a/loop", "b/x.txt");
    assertFailed(m.get("a/loop"), ErrorKind.INVALID_INPUT, "symlink loop", "a/loop -> ..",
        "points back to ancestor " + root, "the rest of the tree is still walked");
    assertThat(m.get("b/x.txt")).isInstanceOf(SourceEntry.Found.class);
  }

  @Test
  void relativeLinkToDotIsALoop() throws Exception {
    Path root = root();
    write(root, "d/f", "f");
    Files.createSymbolicLink(root.resolve("d/self"), Path.of("."));
    Files.createSymbolicLink(root.resolve("me"), Path.of("me"));
    Map<String, SourceEntry> m = listByKey(LocalSourceConfig.builder(root).build());
    assertThat(m).containsOnlyKeys("d/f", "d/self", "me");
    assertFailed(m.get("d/self"), ErrorKind.INVALID_INPUT, "symlink loop", "points back to ancestor " + root.resolve("d"));
    assertFailed(m.get("me"), ErrorKind.INVALID_INPUT, "symlink loop", "too many levels");
  }

  @Test
  void diamondIsWalkedThroughEveryLink() throws Exception {
    Path root = root();
    write(root, "real/f.txt", "data");
    Files.createSymbolicLink(root.resolve("l1"), Path.of("real"));
    Files.createSymbolicLink(root.resolve("l2"), root.resolve("real"));
    Map<String, SourceEntry> m = listByKey(LocalSourceConfig.builder(root).build());
    assertThat(m).containsOnlyKeys("l1/f.txt", "l2/f.txt", "real/f.txt");
    assertThat(m.values()).allSatisfy(e -> assertThat(e).isInstanceOf(SourceEntry.Found.class));
  }

  @Test
  void danglingLinkIsFailedNotFound() throws Exception {
    Path root = root();
    write(root, "ok.txt", "ok");
    Files.createSymbolicLink(root.resolve("dangling"), Path.of("nowhere/at-all"));
    Map<String, SourceEntry> m = listByKey(LocalSourceConfig.builder(root).build());
    assertFailed(m.get("dangling"), ErrorKind.NOT_FOUND, "dangling symlink", "-> nowhere/at-all");
    assertThat(m.get("ok.txt")).isInstanceOf(SourceEntry.Found.class);
  }

  @Test
  void linkOutsideTheRootIsFollowedAndFileLinksReadTheTarget() throws Exception {
    Path root = root();
    write(tmp, "outside/o.txt", "outside bytes");
    Files.createSymbolicLink(root.resolve("out"), tmp.resolve("outside"));
    Files.createSymbolicLink(root.resolve("file-link.txt"), tmp.resolve("outside/o.txt"));
    try (LocalSource s = LocalSource.open(LocalSourceConfig.builder(root).build())) {
      Map<String, SourceEntry> m = LocalTestSupport.byKey(listAll(s));
      assertThat(m).containsOnlyKeys("file-link.txt", "out/o.txt");
      assertThat(((SourceEntry.Found) m.get("file-link.txt")).object().size()).isEqualTo(13);
      try (InputStream in = s.open(ObjectInfo.of("out/o.txt", 0, Instant.EPOCH)).body()) {
        assertThat(in.readAllBytes()).asString().isEqualTo("outside bytes");
      }
    }
  }

  @Test
  void skipPolicyReportsEveryLinkAsSkipped() throws Exception {
    Path root = root();
    write(root, "real/f.txt", "f");
    Files.createSymbolicLink(root.resolve("dirlink"), Path.of("real"));
    Files.createSymbolicLink(root.resolve("filelink"), Path.of("real/f.txt"));
    Files.createSymbolicLink(root.resolve("dangling"), Path.of("nope"));
    Map<String, SourceEntry> m = listByKey(LocalSourceConfig.builder(root).symlinks(SymlinkPolicy.SKIP).build());
    assertThat(m).containsOnlyKeys("dangling", "dirlink", "filelink", "real/f.txt");
    for (String k : List.of("dangling", "dirlink", "filelink")) {
      assertSkipped(m.get(k), "symlink (policy skip)");
    }
  }

  @Test
  void fifoAndSocketAreSkippedAsNotRegular() throws Exception {
    Path root = root();
    write(root, "a.txt", "a");
    run(root, "mkfifo", "pipe");
    try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.bind(UnixDomainSocketAddress.of(root.resolve("sock")));
      Map<String, SourceEntry> m = listByKey(LocalSourceConfig.builder(root).build());
      assertSkipped(m.get("pipe"), "not a regular file (fifo)");
      assertSkipped(m.get("sock"), "not a regular file (socket)");
      assertThat(m.get("a.txt")).isInstanceOf(SourceEntry.Found.class);
      try (LocalSource s = LocalSource.open(LocalSourceConfig.builder(root).build())) {
        assertThatThrownBy(() -> s.open(ObjectInfo.of("pipe", 0, Instant.EPOCH)).body()).isInstanceOfSatisfying(MigrateException.class,
            e -> assertThat(e.getMessage()).contains("fifo"));
      }
    }
  }

  @Test
  void deniedDirectoryAndFilesAreFailedAndTheWalkGoesOn() throws Exception {
    Path real = root();
    write(real, "a/first.txt", "1");
    write(real, "locked/secret.txt", "s");
    write(real, "m/unstatable.txt", "u");
    write(real, "m/unopenable.txt", "o");
    write(real, "z/last.txt", "z");
    FaultyFileSystem fs = FaultyFileSystem.wrapDefault();
    Path root = fs.wrap(real);
    fs.denyAccess(root.resolve("locked"), Op.OPEN_DIRECTORY);
    fs.denyAccess(root.resolve("m/unstatable.txt"), Op.READ_ATTRIBUTES);
    fs.denyAccess(root.resolve("m/unopenable.txt"), Op.OPEN_FILE);
    try (LocalSource s = LocalSource.open(LocalSourceConfig.builder(root).pageSize(2).build())) {
      Map<String, SourceEntry> m = LocalTestSupport.byKey(listAll(s));
      assertThat(m).containsOnlyKeys("a/first.txt", "locked", "m/unopenable.txt", "m/unstatable.txt", "z/last.txt");
      assertFailed(m.get("locked"), ErrorKind.ACCESS_DENIED, "cannot read directory", "its contents are not listed");
      assertFailed(m.get("m/unstatable.txt"), ErrorKind.ACCESS_DENIED, "permission denied");
      assertThat(m.get("m/unopenable.txt")).isInstanceOf(SourceEntry.Found.class);
      assertThat(m.get("z/last.txt")).isInstanceOf(SourceEntry.Found.class);
      assertThatThrownBy(() -> s.open(ObjectInfo.of("m/unopenable.txt", 0, Instant.EPOCH)).body()).isInstanceOfSatisfying(MigrateException.class, e -> {
        assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("m/unopenable.txt", "check the permissions");
      });
      assertThatThrownBy(() -> s.stat("m/unstatable.txt")).isInstanceOfSatisfying(MigrateException.class,
          e -> assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED));
    }
    assertThat(fs.hits(root.resolve("locked"))).isEqualTo(1);
  }

  @Test
  void deniedRootFailsTheListingAsAWhole() throws Exception {
    Path real = root();
    write(real, "a.txt", "a");
    FaultyFileSystem fs = FaultyFileSystem.wrapDefault();
    Path root = fs.wrap(real);
    try (LocalSource s = LocalSource.open(LocalSourceConfig.builder(root).build())) {
      fs.denyAccess(root, Op.OPEN_DIRECTORY);
      assertThatThrownBy(() -> s.list(java.util.Optional.empty())).isInstanceOfSatisfying(MigrateException.class,
          e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.FATAL_CONFIGURATION);
            assertThat(e.getMessage()).contains(real.toString(), "permission denied");
          });
    }
  }

  @Test
  void fileVanishedBetweenReadAndStatIsNotListed() throws Exception {
    Path real = root();
    write(real, "a.txt", "a");
    write(real, "gone.txt", "g");
    FaultyFileSystem fs = FaultyFileSystem.wrapDefault();
    Path root = fs.wrap(real);
    fs.makeMissing(root.resolve("gone.txt"), Op.READ_ATTRIBUTES);
    assertThat(listByKey(LocalSourceConfig.builder(root).build())).containsOnlyKeys("a.txt");
  }

  @Test
  void realChmodIsHonouredForNonRootAndIgnoredByRoot() throws Exception {
    Path root = root();
    write(root, "closed/inner.txt", "i");
    write(root, "open.txt", "o");
    Path closedFile = write(root, "closed.txt", "c");
    Path closed = root.resolve("closed");
    Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("---------"));
    Files.setPosixFilePermissions(closedFile, PosixFilePermissions.fromString("---------"));
    try (LocalSource s = LocalSource.open(LocalSourceConfig.builder(root).build())) {
      Map<String, SourceEntry> m = LocalTestSupport.byKey(listAll(s));
      assertThat(m.get("closed.txt")).as("a mode 000 file can be stat'ed").isInstanceOf(SourceEntry.Found.class);
      if (LocalTestSupport.isRoot()) {
        assertThat(m.get("closed/inner.txt")).as("root reads mode 000 directories").isInstanceOf(
            SourceEntry.Found.class);
        try (InputStream in = s.open(ObjectInfo.of("closed.txt", 0, Instant.EPOCH)).body()) {
          assertThat(in.readAllBytes()).as("root reads mode 000 files").hasSize(1);
        }
      } else {
        assertFailed(m.get("closed"), ErrorKind.ACCESS_DENIED, "cannot read directory");
        assertThatThrownBy(() -> s.open(ObjectInfo.of("closed.txt", 0, Instant.EPOCH)).body()).isInstanceOfSatisfying(MigrateException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED));
      }
      assertThat(m.get("open.txt")).isInstanceOf(SourceEntry.Found.class);
    } finally {
      Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void undecodableNameIsFailedWithEscapedBytes() throws Exception {
    Path root = root();
    write(root, "fine.txt", "f");
    run(root, "sh", "-c", "printf x > \"$(printf 'bad\\377name.txt')\" && mkdir \"$(printf 'dir\\376')\" "
        + "&& printf y > \"$(printf 'dir\\376')/inner\" && printf z > \"$(printf 'real\\357\\277\\275ok')\"");
    Map<String, SourceEntry> m = listByKey(LocalSourceConfig.builder(root).build());
    assertThat(m).containsOnlyKeys("bad\\xFFname.txt", "dir\\xFE", "fine.txt", "real\uFFFDok");
    assertFailed(m.get("bad\\xFFname.txt"), ErrorKind.INVALID_INPUT, "not valid UTF-8", "bad\\xFFname.txt");
    assertFailed(m.get("dir\\xFE"), ErrorKind.INVALID_INPUT, "not valid UTF-8");
    assertThat(m.get("real\uFFFDok")).as("a real U+FFFD in a name is valid UTF-8").isInstanceOf(
        SourceEntry.Found.class);
  }

  @Test
  void singleFileRootIsKeyedByItsName() throws Exception {
    Path f = write(root(), "only.csv", "a,b");
    try (LocalSource s = LocalSource.open(LocalSourceConfig.builder(f).build())) {
      List<SourceEntry> all = listAll(s);
      assertThat(all).hasSize(1);
      SourceEntry.Found found = (SourceEntry.Found) all.get(0);
      assertThat(found.key()).isEqualTo("only.csv");
      assertThat(found.object().metadata().contentType()).contains("text/csv");
      assertThat(s.stat("only.csv").size()).isEqualTo(3);
      try (InputStream in = s.open(ObjectInfo.of("only.csv", 0, Instant.EPOCH)).body()) {
        assertThat(in.readAllBytes()).asString().isEqualTo("a,b");
      }
      assertThatThrownBy(() -> s.stat("other")).isInstanceOfSatisfying(MigrateException.class,
          e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
      assertThat(s.describe()).isEqualTo("local:" + f.toAbsolutePath());
    }
  }

  @Test
  void missingRootIsAConfigurationError() {
    assertThatThrownBy(() -> LocalSource.open(LocalSourceConfig.builder(tmp.resolve("nope")).build()))
        .isInstanceOfSatisfying(MigrateException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.FATAL_CONFIGURATION);
          assertThat(e.getMessage()).contains("nope", "no such file");
        });
  }

  @Test
  void traversalKeysAreRejected() throws Exception {
    write(tmp, "secret.txt", "s");
    Path root = root();
    try (LocalSource s = LocalSource.open(LocalSourceConfig.builder(root).build())) {
      for (String k : List.of("../secret.txt", "a/../../secret.txt", "/etc/passwd", "./x", "")) {
        assertThatThrownBy(() -> s.stat(k)).isInstanceOfSatisfying(MigrateException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT));
      }
    }
  }
}
