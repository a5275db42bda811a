package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.server.ObjectStoreServer;
import io.github.cosmigrate.spi.Sink;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A 1 GiB S3 object (generated as a stream into an on-disk S3Proxy, never held in memory) migrates through a
 * child JVM with a 256 MiB heap: the copy is streamed (ranged GETs into parts), verified by CRC-64 at COS, and
 * the command writes nothing outside its ledger folder: not in the JVM's temp directory, not in its working
 * directory, not beside the ledger.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class S3LargeObjectMemoryTest {
  private static final String ACCESS_KEY = "big-access-key";
  private static final String SECRET_KEY = "big-secret-key";
  private static final long SIZE = 1L << 30;

  @TempDir
  Path tmp;

  /** {@code size} pseudo-random bytes from {@code seed}, produced as they are read, with their CRC-64. */
  static final class Generated extends InputStream {
    private final SplittableRandom random;
    private final Crc64 crc = new Crc64();
    private final byte[] chunk = new byte[1 << 20];
    private long left;
    private int pos = chunk.length;

    Generated(long size, long seed) {
      this.left = size;
      this.random = new SplittableRandom(seed);
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left == 0) {
        return -1;
      }
      if (pos == chunk.length) {
        random.nextBytes(chunk);
        pos = 0;
      }
      int n = (int) Math.min(Math.min(len, chunk.length - pos), left);
      System.arraycopy(chunk, pos, b, off, n);
      crc.update(chunk, pos, n);
      pos += n;
      left -= n;
      return n;
    }

    long crc64() {
      return crc.getValue();
    }
  }

  @Test
  void aOneGibObjectMigratesInA256MibHeapWritingNothingOutsideTheLedger() throws Exception {
    Path childTmp = Files.createDirectories(tmp.resolve("child-tmp"));
    Path childCwd = Files.createDirectories(tmp.resolve("child-cwd"));
    Path ledgerHome = Files.createDirectories(tmp.resolve("ledger-home"));
    Path ledger = ledgerHome.resolve("ledger");
    try (ObjectStoreServer src = ObjectStoreServer.startOnDisk(tmp.resolve("src-store"),
        ObjectStoreServer.Auth.awsV4(ACCESS_KEY, SECRET_KEY));
        CosFixture cos = CosFixture.startOnDisk(tmp.resolve("cos-store"))) {
      String srcBucket = "big-src";
      src.createBucket(srcBucket);
      long t0 = System.nanoTime();
      long expected = seed(src, srcBucket, "big/one-gib.bin");
      long seeded = System.nanoTime();
      String bucket = cos.newBucket("big");

      Path log = tmp.resolve("child.log");
      Process child = start(command(src, srcBucket, bucket, cos.endpoint(), ledger), childCwd, log);
      assertThat(child.waitFor(480, TimeUnit.SECONDS)).as("child finished").isTrue();
      long done = System.nanoTime();
      assertThat(child.exitValue()).as("exit status: %s", Files.readString(log)).isZero();
      System.out.printf("1 GiB test: seeding %d ms, migration (child JVM) %d ms%n",
          TimeUnit.NANOSECONDS.toMillis(seeded - t0), TimeUnit.NANOSECONDS.toMillis(done - seeded));

      try (Sink sink = cos.sink(bucket)) {
        Optional<ObjectInfo> o = sink.stat("big/one-gib.bin");
        assertThat(o).isPresent();
        assertThat(o.get().size()).isEqualTo(SIZE);
        assertThat(o.get().crc64()).as("CRC-64 at COS").hasValue(expected);
        assertThat(sink.listMultipartUploads("")).isEmpty();
      }
      assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError", SECRET_KEY);
      assertThat(list(childTmp)).as("files the child left in java.io.tmpdir").isEmpty();
      assertThat(list(childCwd)).as("files the child left in its working directory").isEmpty();
      assertThat(list(ledgerHome)).as("beside the ledger folder").containsExactly(ledger);
    }
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  private static long seed(ObjectStoreServer src, String bucket, String key) {
    Generated[] last = new Generated[1];
    try (S3Client writer = S3Client.builder().endpointOverride(src.endpoint()).region(Region.US_EAST_1)
        .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY))).build()) {
      writer.putObject(q -> q.bucket(bucket).key(key), RequestBody.fromContentProvider(() -> {
        last[0] = new Generated(SIZE, 1234);
        return last[0];
      }, SIZE, "application/octet-stream"));
    }
    return last[0].crc64();
  }

  private static List<String> command(ObjectStoreServer src, String srcBucket, String bucket, String endpoint,
      Path ledger) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + ledger.getParent().getParent()
        .resolve("child-tmp"), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "s3", "--src-bucket", srcBucket, "--src-region", "us-east-1", "--src-endpoint", src.endpoint().toString(),
        "--src-path-style", "--bucket", bucket, "--region", CosFixture.REGION, "--endpoint", endpoint,
        "--path-style", "--sink-limits", "s3", "--ledger", ledger.toString(), "--quiet");
  }

  private static Process start(List<String> command, Path cwd, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    ChildEnv.isolate(pb, Map.of("COS_SECRET_ID", "dummy-id", "COS_SECRET_KEY", "dummy-key", "AWS_ACCESS_KEY_ID",
        ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY));
    return pb.start();
  }
}
