package io.github.cosmigrate.source.local;

import java.time.Instant;
import static io.github.cosmigrate.source.local.LocalTestSupport.listAll;
import static io.github.cosmigrate.source.local.LocalTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceEntry;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.text.Normalizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSourceObjectTest {
  @TempDir Path tmp;

  @Test
  void fingerprintCarriesInodeAndCtimeSoAnMtimePreservingRewriteIsSeen() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path f = write(root, "data.bin", "version-1");
    try (LocalSource s = LocalSource.open(LocalSourceConfig.builder(root).build())) {
      ObjectInfo before = s.stat("data.bin");
      Object ino = Files.getAttribute(f, "unix:ino");
      assertThat(before.etag()).hasValueSatisfying(v -> assertThat(v).startsWith("ino:" + ino + ";ctime:"));
      assertThat(before.crc64()).isEmpty();
      assertThat(before.fingerprint().version()).isEqualTo(before.etag().get());
      assertThat(s.stat("data.bin")).isEqualTo(before);

      FileTime mtime = Files.getLastModifiedTime(f);
      Path tmpFile = write(root, ".data.bin.tmp", "version-2");
      Files.setLastModifiedTime(tmpFile, mtime);
      Files.move(tmpFile, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      ObjectInfo after = s.stat("data.bin");
      assertThat(after.size()).isEqualTo(before.size());
      assertThat(after.lastModified()).isEqualTo(before.lastModified());
      assertThat(after.fingerprint()).as("same size and mtime, different file").isNotEqualTo(before.fingerprint());
    }
  }

  @Test
  void contentTypeIsGuessedFromTheExtension() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    write(root, "a.JPG", "x");
    write(root, "b.json", "{}");
    write(root, "c.unknownext", "x");
    write(root, ".bashrc", "x");
    try (LocalSource s = LocalSource.open(LocalSourceConfig.builder(root).build())) {
      assertThat(s.stat("a.JPG").metadata().contentType()).contains("image/jpeg");
      assertThat(s.stat("b.json").metadata().contentType()).contains("application/json");
      assertThat(s.stat("c.unknownext").metadata().contentType()).isEmpty();
      assertThat(s.stat(".bashrc").metadata().contentType()).isEmpty();
    }
  }

  @Test
  void oddNamesAreKeptExactly() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    String nfc = Normalizer.normalize("café-é", Normalizer.Form.NFC);
    String nfd = Normalizer.normalize("café-é", Normalizer.Form.NFD);
    assertThat(nfc).isNotEqualTo(nfd);
    String longName = "n".repeat(251) + ".txt";
    String longUnicode = "中".repeat(85);
    assertThat(longName.getBytes(StandardCharsets.UTF_8)).hasSize(255);
    assertThat(longUnicode.getBytes(StandardCharsets.UTF_8)).hasSize(255);
    List<String> names = List.of("with space.txt", "plus+sign", "100%", "%41", nfc, nfd, ".leading", "..double",
        "dir with space/.hidden/x", longName, "deep/" + longUnicode, "tab\tin name", "back\\slash", "new\nline");
    for (String n : names) {
      write(root, n, n);
    }
    try (LocalSource s = LocalSource.open(LocalSourceConfig.builder(root).pageSize(5).build())) {
      Map<String, SourceEntry> m = LocalTestSupport.byKey(listAll(s));
      assertThat(m).containsOnlyKeys(names);
      for (String n : names) {
        assertThat(m.get(n)).as(n).isInstanceOf(SourceEntry.Found.class);
        try (InputStream in = s.open(ObjectInfo.of(n, 0, Instant.EPOCH)).body()) {
          assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(n);
        }
      }
    }
  }

  @Test
  void rangeOfAFileThatShrankIsSourceChanged() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path f = write(root, "shrinks.bin", "0123456789".repeat(1000));
    try (LocalSource s = LocalSource.open(LocalSourceConfig.builder(root).build())) {
      InputStream in = s.openRange(ObjectInfo.of("shrinks.bin", 0, Instant.EPOCH), 5000, 5000);
      assertThat(in.readNBytes(100)).hasSize(100);
      try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
        ch.truncate(6000);
      }
      assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(MigrateException.class, e -> {
        assertThat(e.kind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
        assertThat(e.getMessage()).contains("shrinks.bin", "shrank");
      });
      in.close();
      assertThatThrownBy(() -> s.openRange(ObjectInfo.of("shrinks.bin", 0, Instant.EPOCH), 5000, 5000)).isInstanceOfSatisfying(
          MigrateException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.SOURCE_CHANGED));
      try (InputStream skipping = s.open(ObjectInfo.of("shrinks.bin", 0, Instant.EPOCH)).body()) {
        assertThat(skipping.skip(5990)).isEqualTo(5990);
        assertThat(skipping.readAllBytes()).asString().isEqualTo("0123456789");
      }
    }
  }

  @Test
  void statOfDirectoryAndBeneathAFileIsNotFound() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    write(root, "dir/f.txt", "f");
    try (LocalSource s = LocalSource.open(LocalSourceConfig.builder(root).build())) {
      for (String k : List.of("dir", "dir/f.txt/below", "dir/missing")) {
        assertThatThrownBy(() -> s.stat(k)).isInstanceOfSatisfying(MigrateException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
          assertThat(e.getMessage()).contains(k);
        });
      }
    }
  }
}
