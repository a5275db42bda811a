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
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A child JVM writes batches and is killed with SIGKILL mid-way; every batch it reported is intact, none is half there. */
class RocksDbLedgerKillTest {
  @TempDir Path base;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void batchesReportedBeforeKillNineSurviveAndNoneIsHalfApplied() throws Exception {
    Path stderr = base.resolve("child-stderr.txt");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), LedgerKillChild.class.getName(), base.toString())
        .redirectError(stderr.toFile());
    Process child = pb.start();
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
}
