package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.ObjectStoreServer;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The listing resumes from its low watermark across SIGKILLs: a child JVM copying a bucket of 4,000 small objects
 * (4 listing pages of 1,000) from an S3 source is killed with SIGKILL at random moments spread over the listing and
 * the transfers, then run to the end. Every object then is in COS exactly once with its content, each key was PUT
 * at most once beyond those in flight at each kill, and the final run lists fewer pages than a full listing: it
 * continued from the saved position instead of relisting from the start. Requests are counted by the request logs
 * of the proxies in front of both servers (the source's passes S3 requests through unchanged).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class S3ListingResumeKillTest {
  private static final int OBJECTS = 4000;
  private static final int PAGE = 1000; // the S3 source's page size
  private static final int FULL_LISTING = OBJECTS / PAGE;
  private static final int KILLS = 3;
  private static final int CONCURRENCY = 4;

  @TempDir
  Path tmp;

  @Test
  void killedRunsResumeTheListingFromTheWatermarkAndLoseNothing() throws Exception {
    Random random = new Random();
    long seed = random.nextLong();
    random.setSeed(seed);
    Map<String, String> md5s = new TreeMap<>();
    try (ObjectStoreServer src = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none());
        DialectProxy srcLog = DialectProxy.start(Dialect.COS, src.endpoint());
        CosFixture cos = CosFixture.startOnDisk(tmp.resolve("cos-store"))) {
      String srcBucket = "resume-src";
      src.createBucket(srcBucket);
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      for (int i = 0; i < OBJECTS; i++) {
        byte[] b = new byte[64 + (i * 37) % 700];
        new SplittableRandom(i).nextBytes(b);
        String key = String.format("d%d/obj-%05d.bin", i % 3, i);
        src.putObject(srcBucket, key, b);
        md5s.put(key, HexFormat.of().formatHex(md5.digest(b)));
      }
      String bucket = cos.newBucket("resume");
      List<String> command = command(srcLog, srcBucket, bucket, cos.endpoint(), tmp.resolve("ledger"));

      // kill k lands once between k and k + 1 thousand objects (of 4,000) are stored, at a random point in there;
      // the first one may land before any object is stored, right after the child sent its first LIST
      int landed = 0;
      List<Integer> listsPerRun = new ArrayList<>();
      for (int k = 0; k < KILLS; k++) {
        int target = k * 1000 + random.nextInt(800);
        int lists = lists(srcLog);
        Process child = start(command, tmp.resolve("child-" + k + ".log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (child.isAlive() && System.nanoTime() < deadline
            && (lists(srcLog) == lists || stored(cos).size() < target)) {
          Thread.sleep(10);
        }
        if (child.isAlive()) {
          landed++;
        }
        child.destroyForcibly(); // SIGKILL
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        listsPerRun.add(lists(srcLog) - lists);
      }

      int lists = lists(srcLog);
      Path finalLog = tmp.resolve("final.log");
      Process last = start(command, finalLog);
      assertThat(last.waitFor(180, TimeUnit.SECONDS)).as("final run finished").isTrue();
      assertThat(last.exitValue()).as("final run exit status (seed %d, %d kills landed): %s", seed, landed,
          Files.readString(finalLog)).isZero();
      int finalLists = lists(srcLog) - lists;
      listsPerRun.add(finalLists);
      assertThat(landed).as("kills that hit a running child (seed %d)", seed).isEqualTo(KILLS);

      // every object there with its content, and nothing else
      try (S3Client backend = S3Client.builder().endpointOverride(cos.server.endpoint()).region(Region.US_EAST_1)
          .forcePathStyle(true).credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
        Map<String, String> there = new TreeMap<>();
        for (S3Object o : backend.listObjectsV2Paginator(q -> q.bucket(bucket)).contents()) {
          there.put(o.key(), o.eTag().replace("\"", ""));
        }
        assertThat(there).as("the destination holds each object once with its content, nothing else (seed %d)",
            seed).isEqualTo(md5s);
      }

      // exactly once: each object PUT at most once beyond those in flight at each kill
      Map<String, Integer> puts = new HashMap<>();
      for (RecordedRequest r : cos.proxy.requests()) {
        if (r.operation() == Operation.PUT_OBJECT && r.status() / 100 == 2) {
          puts.merge(r.key(), 1, Integer::sum);
        }
      }
      int again = puts.values().stream().mapToInt(n -> n - 1).sum();
      System.out.printf("listing resume kill test: seed %d, LIST requests per run %s (a full listing is %d pages), "
          + "%d objects PUT again%n", seed, listsPerRun, FULL_LISTING, again);
      assertThat(puts).as("objects stored").hasSize(OBJECTS);
      assertThat(again).as("objects PUT again (seed %d)", seed).isLessThanOrEqualTo(KILLS * CONCURRENCY);

      // the final run continued from the saved position: fewer pages than a full listing
      assertThat(finalLists).as("LIST requests of the final run (seed %d, per run %s)", seed, listsPerRun)
          .isPositive().isLessThan(FULL_LISTING);
    }
  }

  /** Keys stored at the destination so far (successful PUTs seen by the COS proxy). */
  private static Set<String> stored(CosFixture cos) {
    Set<String> keys = new HashSet<>();
    for (RecordedRequest r : cos.proxy.requests()) {
      if (r.operation() == Operation.PUT_OBJECT && r.status() / 100 == 2) {
        keys.add(r.key());
      }
    }
    return keys;
  }

  private static int lists(DialectProxy srcLog) {
    int n = 0;
    for (RecordedRequest r : srcLog.requests()) {
      if (r.operation() == Operation.LIST_OBJECTS) {
        n++;
      }
    }
    return n;
  }

  private static List<String> command(DialectProxy src, String srcBucket, String bucket, String endpoint,
      Path ledger) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "s3", "--src-bucket", srcBucket, "--src-region", "us-east-1", "--src-endpoint", src.endpoint().toString(),
        "--src-path-style", "--bucket", bucket, "--region", CosFixture.REGION, "--endpoint", endpoint,
        "--path-style", "--sink-limits", "s3", "--ledger", ledger.toString(),
        "--concurrency", String.valueOf(CONCURRENCY), "--quiet");
  }

  private static Process start(List<String> command, Path log) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    ChildEnv.isolate(pb, Map.of("COS_SECRET_ID", "dummy-id", "COS_SECRET_KEY", "dummy-key", "AWS_ACCESS_KEY_ID",
        "resume-access-key", "AWS_SECRET_ACCESS_KEY", "resume-secret-key"));
    return pb.start();
  }
}
