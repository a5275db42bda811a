package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.server.ObjectStoreServer;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.spi.Sink;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of a remote source's command ({@code s3}, {@code oss}): a child JVM migrating a few hundred small
 * objects and a 60 MiB object (12 parts of 5 MiB, read by ranged GETs) from an in-process source server is killed
 * with SIGKILL at random moments; both servers stay up in this JVM. Subclasses start the source. A final run must exit 0, and then every object is in COS exactly once with its
 * CRC-64, no multipart upload is left open, and no part was sent again beyond those in flight at each kill.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
abstract class RemoteKillAndResumeTest {
  /** The source's key pair. */
  protected static final String ACCESS_KEY = "kill-access-key";
  protected static final String SECRET_KEY = "kill-secret-key";
  private static final int KILLS = 3;
  private static final int PART_CONCURRENCY = 2;
  private static final int CONCURRENCY = 4;
  private static final long PART = 5L << 20;
  private static final int SMALL = 300;

  @TempDir
  Path tmp;

  @Test
  void killedRunsResumeWithoutLossOrDuplicateParts() throws Exception {
    Random random = new Random();
    long seed = random.nextLong();
    random.setSeed(seed);
    Map<String, Long> crcs = new TreeMap<>();
    try (ObjectStoreServer src = startStore(tmp.resolve("src-store"));
        AutoCloseable front = startSource(src);
        CosFixture cos = CosFixture.startOnDisk(tmp.resolve("cos-store"))) {
      String srcBucket = "kill-src";
      src.createBucket(srcBucket);
      byte[] large = new byte[60 << 20];
      new SplittableRandom(60).nextBytes(large);
      src.putObject(srcBucket, "large/sixty.bin", large);
      crcs.put("large/sixty.bin", Crc64.of(large));
      large = null;
      for (int i = 0; i < SMALL; i++) {
        byte[] b = new byte[512 + (i * 97) % 8192];
        new SplittableRandom(i).nextBytes(b);
        String key = "small/s" + (i % 10) + "/f-" + i + ".dat";
        src.putObject(srcBucket, key, b);
        crcs.put(key, Crc64.of(b));
      }
      String bucket = cos.newBucket("s3kill");
      List<String> command = command(srcBucket, bucket, cos.endpoint(), tmp.resolve("ledger"));

      int landed = 0;
      for (int k = 0; k < KILLS; k++) {
        int before = cos.proxy.requests().size();
        Process child = start(command, tmp.resolve("child-" + k + ".log"));
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
      assertThat(landed).as("kills that hit a running child (seed %d)", seed).isPositive();

      try (Sink sink = cos.sink(bucket)) {
        // every object there with its CRC-64, and nothing else
        for (Map.Entry<String, Long> e : crcs.entrySet()) {
          Optional<ObjectInfo> o = sink.stat(e.getKey());
          assertThat(o).as(e.getKey()).isPresent();
          assertThat(o.get().crc64()).as("CRC-64 of %s", e.getKey()).hasValue(e.getValue());
        }
        assertThat(sink.stat("large/sixty.bin").get().size()).isEqualTo(60L << 20);
        assertThat(sink.listMultipartUploads("")).as("no multipart upload left open").isEmpty();
      }
      try (S3Client backend = S3Client.builder().endpointOverride(cos.server.endpoint()).region(Region.US_EAST_1)
          .forcePathStyle(true).credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
        List<String> keys = backend.listObjectsV2Paginator(q -> q.bucket(bucket)).contents().stream()
            .map(S3Object::key).toList();
        assertThat(keys).as("the destination holds each object once, nothing else")
            .containsExactlyElementsOf(crcs.keySet());
      }

      // exactly once: each small object stored by at most 1 + kills x concurrency PUTs, each part at most
      // re-sent within kills x part-concurrency, and one completed upload of the large object
      Map<String, Integer> partSends = new HashMap<>();
      Map<String, Integer> putSends = new HashMap<>();
      int completes = 0;
      for (RecordedRequest r : cos.proxy.requests()) {
        if (r.status() / 100 != 2) {
          continue;
        }
        if (r.operation() == Operation.UPLOAD_PART) {
          partSends.merge(r.key() + "#" + r.partNumber(), 1, Integer::sum);
        } else if (r.operation() == Operation.PUT_OBJECT) {
          putSends.merge(r.key(), 1, Integer::sum);
        } else if (r.operation() == Operation.COMPLETE_MULTIPART) {
          completes++;
        }
      }
      assertThat(partSends).as("parts of the 60 MiB object").hasSize(12);
      int resent = partSends.values().stream().mapToInt(n -> n - 1).sum();
      System.out.printf(getClass().getSimpleName() + ": seed %d, %d of %d kills landed, %d part uploads for 12 parts (%d again)%n",
          seed, landed, KILLS, partSends.values().stream().mapToInt(n -> n).sum(), resent);
      assertThat(resent).as("parts sent again (seed %d, %d kills landed): %s", seed, landed, partSends)
          .isLessThanOrEqualTo(KILLS * PART_CONCURRENCY);
      assertThat(completes).as("completed uploads of the large object").isEqualTo(1);
      assertThat(putSends).as("small objects stored").hasSize(SMALL);
      int putsAgain = putSends.values().stream().mapToInt(n -> n - 1).sum();
      assertThat(putsAgain).as("small objects sent again (seed %d)", seed).isLessThanOrEqualTo(KILLS * CONCURRENCY);
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

  /** The source's object store (S3Proxy), on disk under {@code dir}. */
  protected abstract ObjectStoreServer startStore(Path dir) throws Exception;

  /** What the command talks to in front of {@code store} (or a no-op), closed after the test. */
  protected abstract AutoCloseable startSource(ObjectStoreServer store) throws Exception;

  /** The command name and its source flags. */
  protected abstract List<String> sourceArgs(String srcBucket);

  /** The source's credentials as the command reads them from the environment. */
  protected abstract Map<String, String> sourceEnv();

  private List<String> command(String srcBucket, String bucket, String endpoint, Path ledger) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> c = new java.util.ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    c.addAll(sourceArgs(srcBucket));
    c.addAll(List.of("--bucket", bucket, "--region", CosFixture.REGION, "--endpoint", endpoint,
        "--path-style", "--sink-limits", "s3", "--ledger", ledger.toString(), "--part-size", String.valueOf(PART),
        "--small-file-threshold", String.valueOf(PART), "--concurrency", String.valueOf(CONCURRENCY),
        "--part-concurrency", String.valueOf(PART_CONCURRENCY), "--parts-per-object",
        String.valueOf(PART_CONCURRENCY), "--bandwidth", "16MiB", "--quiet"));
    return c;
  }

  private Process start(List<String> command, Path log) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("COS_") || k.startsWith("AWS_") || k.startsWith("OSS_"));
    env.put("COS_SECRET_ID", "dummy-id");
    env.put("COS_SECRET_KEY", "dummy-key");
    env.putAll(sourceEnv());
    return pb.start();
  }
}
