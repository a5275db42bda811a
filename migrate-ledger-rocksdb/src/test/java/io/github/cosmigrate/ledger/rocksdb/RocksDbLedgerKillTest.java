package io.github.cosmigrate.ledger.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.UploadCheckpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;

/**
 * A child JVM writes batches and is killed with SIGKILL mid-way; every batch it reported is intact, none is half
 * there. Killed children leave no copy of RocksDB's native library behind: it is extracted once into the cache
 * folder (or not at all when {@code java.library.path} holds it), never into {@code java.io.tmpdir}.
 */
class RocksDbLedgerKillTest {
  @TempDir Path base;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void batchesReportedBeforeKillNineSurviveAndNoneIsHalfApplied() throws Exception {
    Path stderr = base.resolve("child-stderr.txt");
    Process child = child(List.of(), base, stderr);
    int lastReported = -1;
    List<String> odd = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean probed = false;
      while ((line = out.readLine()) != null) {
        if (!line.startsWith("wrote ")) {
          odd.add(line);
          continue;
        }
        int n = Integer.parseInt(line.substring(6));
        assertThat(n).isEqualTo(lastReported + 1);
        lastReported = n;
        if (!probed && n >= 50) {
          probed = true;
          // another process holds the store: opening it here fails clearly
          assertThatThrownBy(() -> RocksDbLedger.open(base, LedgerKillChild.JOB))
              .isInstanceOfSatisfying(MigrateException.class, e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.FATAL_CONFIGURATION);
                assertThat(e.getMessage()).contains("is in use by another cos-migrate process (RocksDB LOCK held)");
              });
        }
        if (n == 400) {
          // SIGKILL through the handle: Process.destroyForcibly() would also close our end of its stdout, and we
          // keep reading what it printed before it died
          child.toHandle().destroyForcibly();
        }
      }
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    if (lastReported < 400) {
      fail("child wrote only " + lastReported + " batches; stdout extra: " + odd + "; stderr: "
          + Files.readString(stderr));
    }
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);

    try (RocksDbLedger ledger = RocksDbLedger.open(base, LedgerKillChild.JOB)) {
      Map<Integer, Integer> perBatch = new TreeMap<>();
      List<String> wrong = new ArrayList<>();
      ledger.forEachEntry(e -> {
        int batch = Integer.parseInt(e.key().substring(1, 8));
        int i = Integer.parseInt(e.key().substring(9));
        perBatch.merge(batch, 1, Integer::sum);
        if (!e.equals(LedgerKillChild.entry(batch, i))) {
          wrong.add(e.key());
        }
      });
      assertThat(wrong).as("entries with other contents than written").isEmpty();
      int lastInStore = perBatch.isEmpty() ? -1 : ((TreeMap<Integer, Integer>) perBatch).lastKey();
      assertThat(lastInStore).as("the store holds every reported batch and at most one more (in flight)")
          .isBetween(lastReported, lastReported + 1);
      for (int b = 0; b <= lastInStore; b++) {
        assertThat(perBatch.get(b)).as("entries of batch %d", b).isEqualTo(LedgerKillChild.ENTRIES_PER_BATCH);
      }
      assertThat(ledger.cursor("scope")).contains(new ListCursor(Integer.toString(lastInStore)));
      List<UploadCheckpoint> cps = ledger.checkpoints();
      assertThat(cps).containsExactly(LedgerKillChild.checkpoint(lastInStore));
      LedgerEntry sample = ledger.get(LedgerKillChild.key(lastReported, 7)).orElseThrow();
      assertThat(sample).isEqualTo(LedgerKillChild.entry(lastReported, 7));
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void killedChildrenLeaveNoNativeLibraryInTmpAndShareOneExtractedCopy() throws Exception {
    Path tmp = Files.createDirectory(base.resolve("tmp"));
    Path cache = base.resolve("native-cache");
    List<String> options = List.of("-Djava.io.tmpdir=" + tmp, "-Dcosmigrate.native.dir=" + cache);

    killAfterFirstBatches(options, base.resolve("ledger-1"));
    assertThat(nativeLibrariesIn(tmp)).as("libraries left in java.io.tmpdir").isEmpty();
    List<Path> cached = filesIn(cache);
    assertThat(cached).as("files in the cache folder").singleElement()
        .satisfies(lib -> assertThat(lib.getFileName()).hasToString(Environment.getJniLibraryFileName("rocksdbjni")));
    Path lib = cached.get(0);
    assertThat(Files.size(lib)).isEqualTo(jarLibrarySize());
    Object inode = Files.readAttributes(lib, "basic:fileKey").get("fileKey");
    FileTime modified = Files.getLastModifiedTime(lib);

    killAfterFirstBatches(options, base.resolve("ledger-2"));
    assertThat(nativeLibrariesIn(tmp)).as("libraries left in java.io.tmpdir").isEmpty();
    assertThat(filesIn(cache)).as("the second child reuses the copy").containsExactly(lib);
    assertThat(Files.readAttributes(lib, "basic:fileKey").get("fileKey")).isEqualTo(inode);
    assertThat(Files.getLastModifiedTime(lib)).isEqualTo(modified);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aLibraryOnTheJavaLibraryPathIsLoadedFromThereAndNotCopied() throws Exception {
    Path tmp = Files.createDirectory(base.resolve("tmp"));
    Path cache = base.resolve("native-cache");
    Path libs = Files.createDirectory(base.resolve("libs"));
    // named as System.loadLibrary looks for rocksdbjni's name for this platform (a user's own library folder)
    try (InputStream in = RocksDB.class.getClassLoader().getResourceAsStream(
        Environment.getJniLibraryFileName("rocksdb"))) {
      assertThat(in).as("the library for this platform in rocksdbjni's jar").isNotNull();
      Files.copy(in, libs.resolve(System.mapLibraryName(Environment.getJniLibraryName("rocksdb"))));
    }

    killAfterFirstBatches(List.of("-Djava.io.tmpdir=" + tmp, "-Dcosmigrate.native.dir=" + cache,
        "-Djava.library.path=" + libs), base.resolve("ledger"));
    assertThat(nativeLibrariesIn(tmp)).as("libraries left in java.io.tmpdir").isEmpty();
    assertThat(cache).as("no cache folder").doesNotExist();
  }

  /** Starts {@link LedgerKillChild} on {@code ledger}, reads until it wrote 3 batches, kills it with SIGKILL. */
  private static void killAfterFirstBatches(List<String> jvmOptions, Path ledger) throws Exception {
    Path stderr = ledger.resolveSibling(ledger.getFileName() + "-stderr.txt");
    Process child = child(jvmOptions, ledger, stderr);
    List<String> out = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        out.add(line);
        if (line.equals("wrote 3")) {
          child.toHandle().destroyForcibly();
          break;
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(out).as("stderr: %s", Files.readString(stderr)).contains("wrote 3");
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
  }

  private static Process child(List<String> jvmOptions, Path ledger, Path stderr) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), LedgerKillChild.class.getName(),
        ledger.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(stderr.toFile());
    pb.environment().remove("ROCKSDB_SHAREDLIB_DIR"); // a developer's own choice would bypass what is tested
    return pb.start();
  }

  private static List<Path> nativeLibrariesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("librocksdbjni")).toList();
    }
  }

  private static List<Path> filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private static long jarLibrarySize() throws IOException {
    try (InputStream in = RocksDB.class.getClassLoader().getResourceAsStream(
        Environment.getJniLibraryFileName("rocksdb"))) {
      return in.transferTo(OutputStream.nullOutputStream());
    }
  }
}
