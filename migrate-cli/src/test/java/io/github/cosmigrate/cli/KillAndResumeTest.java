package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.cli.internal.CosTarget;
import io.github.cosmigrate.cli.internal.LocalCommand;
import io.github.cosmigrate.cli.internal.Plugins;
import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectState;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.Sink;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of the whole command: a child JVM running {@code cos-migrate local} is killed with SIGKILL at random
 * moments while it uploads a 60 MiB file (12 parts of 5 MiB) and a few hundred small files; the server stays up in
 * this JVM. A final run must finish with exit 0, and then: every file is in the bucket with its CRC-64; the ledger
 * claims nothing the bucket lacks; no part was sent again beyond those in flight at each kill; no multipart upload
 * is left open.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KillAndResumeTest {
  private static final int KILLS = 4;
  private static final int PART_CONCURRENCY = 2;
  private static final int CONCURRENCY = 4;
  private static final long PART = 5L << 20;

  @TempDir
  Path tmp;

  @Test
  void killedRunsResumeWithoutLossOrDuplicateParts() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("src"));
    TestTrees.writeLarge(root.resolve("large/sixty.bin"), 60L << 20, 60);
    for (int i = 0; i < 300; i++) {
      TestTrees.write(root.resolve("small/s" + (i % 10) + "/f-" + i + ".dat"), 512 + (i * 97) % 8192, i);
    }
    Path ledgerDir = tmp.resolve("ledger");
    Random random = new Random();
    long seed = random.nextLong();
    random.setSeed(seed);

    try (CosFixture cos = CosFixture.startOnDisk(tmp.resolve("server"))) {
      String bucket = cos.newBucket("kill");
      List<String> command = command(root, bucket, cos.endpoint(), ledgerDir);
      int landed = 0;
      for (int k = 0; k < KILLS; k++) {
        int before = cos.proxy.requests().size();
        Process child = start(command, tmp.resolve("child-" + k + ".log"));
        // wait until the child is transferring, then kill it at a random moment
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (child.isAlive() && System.nanoTime() < deadline && !transferring(cos, before)) {
          Thread.sleep(20);
        }
        Thread.sleep(100 + random.nextInt(1400));
        if (child.isAlive()) {
          landed++;
        }
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }

      Path finalLog = tmp.resolve("final.log");
      Process last = start(command, finalLog);
      assertThat(last.waitFor(120, TimeUnit.SECONDS)).as("final run finished").isTrue();
      assertThat(last.exitValue()).as("final run exit status (seed %d, %d kills landed): %s", seed, landed,
          Files.readString(finalLog)).isZero();

      try (Sink sink = cos.sink(bucket)) {
        // every file is there with its content's CRC-64
        Map<String, Path> files = TestTrees.regularFiles(root);
        assertThat(files).hasSize(301);
        for (Map.Entry<String, Path> e : files.entrySet()) {
          Optional<ObjectInfo> o = sink.stat(e.getKey());
          assertThat(o).as(e.getKey()).isPresent();
          assertThat(o.get().crc64()).as("CRC-64 of %s", e.getKey()).hasValue(TestTrees.crc64(e.getValue()));
        }

        // the ledger claims nothing the bucket lacks
        CosTarget target = new CosTarget(bucket, CosFixture.REGION, Optional.of(URI.create(cos.endpoint())), true,
            true, "x", "y", Optional.empty());
        JobIdentity job = LocalCommand.identity(root.toRealPath(), target, "");
        List<LedgerEntry> migrated = new ArrayList<>();
        try (Ledger ledger = Plugins.ledger(ledgerDir, job)) {
          ledger.forEachEntry(e -> {
            if (e.state() == ObjectState.MIGRATED) {
              migrated.add(e);
            }
          });
          assertThat(ledger.checkpoints()).as("no upload left in flight").isEmpty();
        }
        assertThat(migrated).hasSize(301);
        for (LedgerEntry e : migrated) {
          Optional<ObjectInfo> o = sink.stat(e.destinationKey());
          assertThat(o).as("ledger says %s is migrated", e.key()).isPresent();
          assertThat(o.get().crc64()).isEqualTo(e.crc64());
        }

        // no part sent twice beyond those in flight at each kill
        Map<String, Integer> partSends = new HashMap<>();
        for (RecordedRequest r : cos.proxy.requests()) {
          if (r.operation() == Operation.UPLOAD_PART && r.status() >= 200 && r.status() < 300) {
            partSends.merge(r.key() + "#" + r.partNumber(), 1, Integer::sum);
          }
        }
        assertThat(partSends).as("parts of the 60 MiB file").hasSize(12);
        int resent = partSends.values().stream().mapToInt(n -> n - 1).sum();
        System.out.printf("kill test: seed %d, %d of %d kills landed on a running child, %d part uploads for 12 parts"
            + " (%d sent again)%n", seed, landed, KILLS, partSends.values().stream().mapToInt(n -> n).sum(), resent);
        assertThat(landed).as("kills that hit a running child").isPositive();
        assertThat(resent).as("parts sent again (seed %d, %d kills landed): %s", seed, landed, partSends)
            .isLessThanOrEqualTo(KILLS * PART_CONCURRENCY);

        // no small file sent again beyond those in flight at each kill (at most --concurrency per kill)
        Map<String, Integer> putSends = new HashMap<>();
        for (RecordedRequest r : cos.proxy.requests()) {
          if (r.operation() == Operation.PUT_OBJECT && r.status() >= 200 && r.status() < 300) {
            putSends.merge(r.key(), 1, Integer::sum);
          }
        }
        assertThat(putSends).as("small files stored").hasSize(300);
        int putsAgain = putSends.values().stream().mapToInt(n -> n - 1).sum();
        assertThat(putsAgain).as("small files sent again (seed %d, %d kills landed)", seed, landed)
            .isLessThanOrEqualTo(KILLS * CONCURRENCY);

        // no multipart upload left open
        assertThat(sink.listMultipartUploads("")).isEmpty();
      }
    }
  }

  private static boolean transferring(CosFixture cos, int before) {
    List<RecordedRequest> all = cos.proxy.requests();
    for (int i = Math.min(before, all.size()); i < all.size(); i++) {
      Operation op = all.get(i).operation();
      if (op == Operation.UPLOAD_PART || op == Operation.PUT_OBJECT) {
        return true;
      }
    }
    return false;
  }

  private static List<String> command(Path root, String bucket, String endpoint, Path ledger) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "local", "--source", root.toString(), "--bucket", bucket, "--region", CosFixture.REGION,
        "--endpoint", endpoint, "--path-style", "--sink-limits", "s3", "--ledger", ledger.toString(),
        "--part-size", String.valueOf(PART), "--small-file-threshold", String.valueOf(PART),
        "--concurrency", String.valueOf(CONCURRENCY), "--part-concurrency", String.valueOf(PART_CONCURRENCY), "--parts-per-object",
        String.valueOf(PART_CONCURRENCY), "--bandwidth", "16MiB", "--quiet");
  }

  private static Process start(List<String> command, Path log) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("COS_"));
    env.put("COS_SECRET_ID", "dummy-id");
    env.put("COS_SECRET_KEY", "dummy-key");
    return pb.start();
  }
}
