package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.cli.internal.CosTarget;
import io.github.cosmigrate.cli.internal.MigrationJob;
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
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The crash loop, in the spirit of RocksDB's crash test: a child JVM running a migration command over a mixed tree
 * (thousands of small objects and several multipart ones) is killed with SIGKILL at random moments, {@link #KILLS}
 * times ({@code -Dcos-migrate.crash-loop.kills=N}; {@code -Pcrash-loop} sets 50), then a final run must exit 0.
 * The COS server and the source stay up in this JVM. After each kill, with the child dead:
 * <ul>
 *   <li>no partial object is visible: every object the destination lists has the source's exact size and MD5;
 *   <li>the ledger is never ahead of the bucket: every object it records as migrated is there, with the CRC-64 of
 *       the source's content, under its key;
 *   <li>open multipart uploads that a checkpoint refers to (the ones a rerun resumes) are at most the in-flight
 *       limit ({@code --concurrency}); uploads orphaned by a kill between initiation and checkpoint are counted
 *       and must be gone after the final run.
 * </ul>
 * At the end: every object is in COS exactly once with its CRC-64, nothing else is there, no upload is left open,
 * and at most the in-flight window of each kill was sent again (parts: {@code --part-concurrency} per kill; small
 * objects: {@code --concurrency} per kill). Subclasses give the source: local files, S3, OSS.
 */
@org.junit.jupiter.api.Timeout(value = 60, unit = TimeUnit.MINUTES)
abstract class CrashLoopTest {
  /** How many times the child is killed. */
  static final int KILLS = Integer.getInteger("cos-migrate.crash-loop.kills", 3);
  private static final int PART_CONCURRENCY = 2;
  private static final int CONCURRENCY = 4;
  private static final long PART = 5L << 20;
  private static final java.util.regex.Pattern S3PROXY_TEMP =
      java.util.regex.Pattern.compile("(.+)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  /** Sizes of the multipart objects: 3, 4 and 5 parts. */
  private static final long[] LARGE = {PART * 2 + 12345, PART * 3 + 1, PART * 5};

  @TempDir
  Path tmp;

  /** The source: its objects are written by {@link #put}, then the command is built. */
  protected abstract AutoCloseable startSource(Path dir) throws Exception;

  /** Stores one object of the source. */
  protected abstract void put(String key, byte[] content) throws Exception;

  /** The command name and its source flags. */
  protected abstract List<String> sourceArgs();

  /** The job identity's source description, as the command makes it. */
  protected abstract String sourceIdentity();

  /** The source's credentials as the command reads them from the environment. */
  protected Map<String, String> sourceEnv() {
    return Map.of();
  }

  /** How many small objects the tree has. */
  protected int smallObjects() {
    return 2000;
  }

  @Test
  void aChildKilledAtRandomMomentsNeverLeavesThePromisesBroken() throws Exception {
    Random random = new Random();
    long seed = random.nextLong();
    random.setSeed(seed);
    Map<String, Long> crcs = new TreeMap<>();
    Map<String, Long> sizes = new HashMap<>();
    Map<String, String> md5s = new HashMap<>();
    try (AutoCloseable source = startSource(tmp.resolve("src"));
        CosFixture cos = CosFixture.startOnDisk(tmp.resolve("cos-store"));
        S3Client backend = S3Client.builder().endpointOverride(cos.server.endpoint()).region(Region.US_EAST_1)
            .forcePathStyle(true).credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
      long bytes = 0;
      for (int j = 0; j < LARGE.length; j++) {
        byte[] b = new byte[(int) LARGE[j]];
        new SplittableRandom(1000 + j).nextBytes(b);
        bytes += add("large/l-" + j + ".bin", b, crcs, sizes, md5s);
      }
      for (int i = 0; i < smallObjects(); i++) {
        byte[] b = new byte[(i % 50 == 0) ? 0 : 256 + (i * 97) % 6000];
        new SplittableRandom(i).nextBytes(b);
        bytes += add("small/s" + (i % 20) + "/f-" + i + ".dat", b, crcs, sizes, md5s);
      }
      String bucket = cos.newBucket("crash");
      Path ledgerDir = tmp.resolve("ledger");
      // slow enough that the kills find work left: the whole transfer takes about 0.8 s per kill
      long bandwidth = Math.max(1L << 20, Math.min(64L << 20, bytes * 10 / (KILLS * 8L)));
      List<String> command = command(bucket, cos.endpoint(), ledgerDir, bandwidth);
      CosTarget target = new CosTarget(bucket, CosFixture.REGION, Optional.of(URI.create(cos.endpoint())), true,
          true, "x", "y", Optional.empty());
      JobIdentity job = MigrationJob.identity(sourceIdentity(), target, "");

      int landed = 0;
      int maxOpenUploads = 0;
      int maxOrphans = 0;
      int serverTempFiles = 0;
      long maxLedgerMigrated = 0;
      List<Integer> runStarts = new ArrayList<>();
      for (int k = 0; k < KILLS; k++) {
        int before = cos.proxy.requests().size();
        runStarts.add(before);
        Process child = start(command, tmp.resolve("child-" + k + ".log"));
        if (random.nextInt(5) == 0) {
          Thread.sleep(random.nextInt(1500)); // during start-up, probe or listing
        } else {
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          while (child.isAlive() && System.nanoTime() < deadline && !transferring(cos, before)) {
            Thread.sleep(10);
          }
          Thread.sleep(random.nextInt(1500));
        }
        if (child.isAlive()) {
          landed++;
        }
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        String at = "after kill " + (k + 1) + " (seed " + seed + ")";
        Map<String, S3Object> listed = listed(backend, bucket);
        for (S3Object o : new ArrayList<>(listed.values())) {
          java.util.regex.Matcher temp = S3PROXY_TEMP.matcher(o.key());
          if (!sizes.containsKey(o.key()) && temp.matches() && sizes.containsKey(temp.group(1))) {
            // S3Proxy's file store lists the temporary file of a PUT whose client was just killed while it
            // still receives it; a store artefact, never the object's key. The final listing must hold none.
            listed.remove(o.key());
            serverTempFiles++;
            continue;
          }
          assertThat(sizes).as("%s: %s is a key of the source", at, o.key()).containsKey(o.key());
          assertThat(o.size()).as("%s: size of %s", at, o.key()).isEqualTo(sizes.get(o.key()));
          if (!o.key().startsWith("large/")) {
            assertThat(o.eTag().replace("\"", "")).as("%s: MD5 of %s", at, o.key()).isEqualTo(md5s.get(o.key()));
          }
        }
        long migrated = 0;
        java.util.Set<String> checkpointed = new java.util.HashSet<>();
        try (Ledger ledger = Plugins.ledger(ledgerDir, job)) {
          List<LedgerEntry> done = new ArrayList<>();
          ledger.forEachEntry(e -> {
            if (e.state() == ObjectState.MIGRATED) {
              done.add(e);
            }
          });
          for (LedgerEntry e : done) {
            assertThat(listed).as("%s: the ledger says %s is migrated", at, e.key()).containsKey(e.destinationKey());
            assertThat(e.crc64()).as("%s: CRC-64 the ledger recorded for %s", at, e.key())
                .hasValue(crcs.get(e.key()));
          }
          migrated = done.size();
          ledger.checkpoints().forEach(c -> checkpointed.add(c.uploadId()));
        } catch (java.io.IOException e) {
          // a kill during the very first start-up can leave no ledger yet
          assertThat(Files.exists(ledgerDir)).as("%s: ledger unreadable: %s", at, e).isFalse();
        }
        assertThat(migrated).as("%s: ledger entries never go away", at).isGreaterThanOrEqualTo(maxLedgerMigrated);
        maxLedgerMigrated = migrated;
        List<MultipartUpload> open = backend.listMultipartUploads(q -> q.bucket(bucket)).uploads();
        List<MultipartUpload> resumable = open.stream().filter(u -> checkpointed.contains(u.uploadId())).toList();
        maxOpenUploads = Math.max(maxOpenUploads, resumable.size());
        maxOrphans = Math.max(maxOrphans, open.size() - resumable.size());
        assertThat(resumable.size()).as("%s: open multipart uploads a checkpoint refers to: %s", at, open)
            .isLessThanOrEqualTo(CONCURRENCY);
      }

      Path finalLog = tmp.resolve("final.log");
      runStarts.add(cos.proxy.requests().size());
      Process last = start(command, finalLog);
      assertThat(last.waitFor(300, TimeUnit.SECONDS)).as("final run finished").isTrue();
      assertThat(last.exitValue()).as("final run exit status (seed %d, %d kills landed): %s", seed, landed,
          Files.readString(finalLog)).isZero();
      assertThat(landed).as("kills that hit a running child (seed %d)", seed).isPositive();

      try (Sink sink = cos.sink(bucket)) {
        for (String key : List.of("large/l-0.bin", "large/l-1.bin", "large/l-2.bin", "small/s0/f-0.dat",
            "small/s7/f-7.dat")) {
          Optional<ObjectInfo> o = sink.stat(key);
          assertThat(o).as(key).isPresent();
          assertThat(o.get().crc64()).as("CRC-64 of %s", key).hasValue(crcs.get(key));
        }
      }
      Map<String, S3Object> listed = listed(backend, bucket);
      assertThat(listed.keySet()).as("the destination holds each object once, nothing else")
          .containsExactlyElementsOf(crcs.keySet());
      for (S3Object o : listed.values()) {
        assertThat(o.size()).as("size of %s", o.key()).isEqualTo(sizes.get(o.key()));
        if (!o.key().startsWith("large/")) {
          assertThat(o.eTag().replace("\"", "")).as("MD5 of %s", o.key()).isEqualTo(md5s.get(o.key()));
        }
      }
      assertThat(backend.listMultipartUploads(q -> q.bucket(bucket)).uploads()).as("uploads left open").isEmpty();
      try (Ledger ledger = Plugins.ledger(ledgerDir, job)) {
        assertThat(ledger.checkpoints()).as("no upload left in flight in the ledger").isEmpty();
      }

      // at most the in-flight window sent again per kill
      Map<String, Integer> partSends = new HashMap<>();
      Map<String, Integer> putSends = new HashMap<>();
      for (RecordedRequest r : cos.proxy.requests()) {
        if (r.status() / 100 != 2) {
          continue;
        }
        if (r.operation() == Operation.UPLOAD_PART) {
          partSends.merge(r.key() + "#" + r.partNumber(), 1, Integer::sum);
        } else if (r.operation() == Operation.PUT_OBJECT) {
          putSends.merge(r.key(), 1, Integer::sum);
        }
      }
      int parts = 0;
      for (long size : LARGE) {
        parts += (int) ((size + PART - 1) / PART);
      }
      assertThat(partSends).as("parts of the multipart objects").hasSize(parts);
      int partsAgain = partSends.values().stream().mapToInt(n -> n - 1).sum();
      assertThat(putSends).as("small objects stored").hasSize(smallObjects());
      int putsAgain = putSends.values().stream().mapToInt(n -> n - 1).sum();
      System.out.printf("%s: seed %d, %d of %d kills landed on a running child; %d objects (%d bytes); parts sent"
              + " again %d of %d (bound %d); small objects sent again %d (bound %d); most open uploads after a kill:"
              + " %d resumable (bound %d), %d orphaned (killed between initiation and checkpoint; aborted by the"
              + " final run); S3Proxy temporary files of killed PUTs seen %d; bandwidth %d B/s%n",
          getClass().getSimpleName(), seed, landed, KILLS, crcs.size(), bytes, partsAgain, parts,
          KILLS * PART_CONCURRENCY, putsAgain, KILLS * CONCURRENCY, maxOpenUploads, CONCURRENCY, maxOrphans,
          serverTempFiles, bandwidth);
      assertThat(partsAgain).as("parts sent again (seed %d): %s; the large objects' requests, run by run:%n%s"
              + "warnings of the runs:%n%s", seed, partSends, largeObjectRequests(cos, runStarts), warnings(tmp))
          .isLessThanOrEqualTo(KILLS * PART_CONCURRENCY);
      assertThat(putsAgain).as("small objects sent again (seed %d)", seed).isLessThanOrEqualTo(KILLS * CONCURRENCY);
    }
  }

  /** The multipart requests the runs sent, one line per run: evidence when the resend bound fails. */
  private static String largeObjectRequests(CosFixture cos, List<Integer> runStarts) {
    List<RecordedRequest> all = cos.proxy.requests();
    StringBuilder b = new StringBuilder();
    for (int run = 0; run < runStarts.size(); run++) {
      int end = run + 1 < runStarts.size() ? runStarts.get(run + 1) : all.size();
      b.append("  run ").append(run + 1).append(run + 1 == runStarts.size() ? " (final)" : " (killed)").append(':');
      for (RecordedRequest r : all.subList(runStarts.get(run), end)) {
        if (r.key() != null && r.key().startsWith("large/") && r.operation() != Operation.HEAD_OBJECT) {
          b.append(' ').append(r.operation()).append(' ').append(r.key().substring("large/".length()))
              .append(r.partNumber() > 0 ? "#" + r.partNumber() : "").append('=').append(r.status()).append(';');
        }
      }
      b.append(System.lineSeparator());
    }
    return b.toString();
  }

  /** The WARN and ERROR lines of the runs' logs. */
  private static String warnings(Path dir) throws java.io.IOException {
    StringBuilder b = new StringBuilder();
    try (var logs = Files.list(dir)) {
      for (Path log : logs.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList()) {
        for (String line : Files.readAllLines(log)) {
          if ((line.contains("WARN") || line.contains("ERROR")) && !line.contains("plain HTTP")) {
            b.append("  ").append(log.getFileName()).append(": ").append(line).append(System.lineSeparator());
          }
        }
      }
    }
    return b.toString();
  }

  private long add(String key, byte[] b, Map<String, Long> crcs, Map<String, Long> sizes, Map<String, String> md5s)
      throws Exception {
    put(key, b);
    crcs.put(key, Crc64.of(b));
    sizes.put(key, (long) b.length);
    md5s.put(key, HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b)));
    return b.length;
  }

  private static Map<String, S3Object> listed(S3Client backend, String bucket) {
    Map<String, S3Object> m = new TreeMap<>();
    backend.listObjectsV2Paginator(q -> q.bucket(bucket)).contents().forEach(o -> m.put(o.key(), o));
    return m;
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

  private List<String> command(String bucket, String endpoint, Path ledger, long bandwidth) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> c = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    c.addAll(sourceArgs());
    c.addAll(List.of("--bucket", bucket, "--region", CosFixture.REGION, "--endpoint", endpoint, "--path-style",
        "--sink-limits", "s3", "--ledger", ledger.toString(), "--part-size", String.valueOf(PART),
        "--small-file-threshold", String.valueOf(PART), "--concurrency", String.valueOf(CONCURRENCY),
        "--part-concurrency", String.valueOf(PART_CONCURRENCY), "--parts-per-object",
        String.valueOf(PART_CONCURRENCY), "--bandwidth", String.valueOf(bandwidth), "--quiet"));
    return c;
  }

  private Process start(List<String> command, Path log) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = new java.util.HashMap<>(sourceEnv());
    env.put("COS_SECRET_ID", "dummy-id");
    env.put("COS_SECRET_KEY", "dummy-key");
    ChildEnv.isolate(pb, env);
    return pb.start();
  }
}
