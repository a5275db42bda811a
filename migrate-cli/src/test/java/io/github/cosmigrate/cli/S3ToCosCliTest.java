package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.ObjectStoreServer;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.spi.Sink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * {@code cos-migrate s3} end to end, in-process through {@link Main#run}: the source is an S3Proxy checking AWS
 * Signature V4 (plain S3 requests), the destination another S3Proxy behind the COS dialect proxy.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class S3ToCosCliTest {
  static final String ACCESS_KEY = "src-access-key";
  static final String SECRET_KEY = "src-secret-key-never-printed";
  static final String COS_KEY = "cos-secret-key-never-printed";
  static final long PART = 5L << 20;

  @TempDir
  static Path serverDir;

  static ObjectStoreServer src;
  static S3Client writer;
  static CosFixture cos;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() throws IOException {
    src = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.awsV4(ACCESS_KEY, SECRET_KEY));
    writer = S3Client.builder().endpointOverride(src.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
    cos = CosFixture.startOnDisk(serverDir.resolve("cos"));
  }

  @AfterAll
  static void stop() {
    if (writer != null) {
      writer.close();
    }
    if (cos != null) {
      cos.close();
    }
    if (src != null) {
      src.close();
    }
  }

  static String newSourceBucket() {
    return newSourceBucket(src);
  }

  static String newSourceBucket(ObjectStoreServer server) {
    String b = "src-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    server.createBucket(b);
    return b;
  }

  static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  static Map<String, String> env(String awsSecret) {
    return Map.of("COS_SECRET_ID", "cos-id", "COS_SECRET_KEY", COS_KEY, "AWS_ACCESS_KEY_ID", ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", awsSecret);
  }

  static List<String> args(String srcBucket, String dstBucket, Path work, String... extra) {
    return args(src.endpoint().toString(), srcBucket, dstBucket, work, extra);
  }

  static List<String> args(String srcEndpoint, String srcBucket, String dstBucket, Path work, String... extra) {
    List<String> a = new ArrayList<>(List.of("s3", "--src-bucket", srcBucket, "--src-region", "us-east-1",
        "--src-endpoint", srcEndpoint, "--src-path-style", "--bucket", dstBucket, "--region",
        CosFixture.REGION, "--endpoint", cos.endpoint(), "--path-style", "--sink-limits", "s3", "--part-size",
        String.valueOf(PART), "--small-file-threshold", String.valueOf(PART), "--concurrency", "8",
        "--ledger", work.resolve("ledger").toString(), "--quiet"));
    a.addAll(List.of(extra));
    return a;
  }

  static MainTest.Result run(Map<String, String> env, List<String> args) {
    return MainTest.main(env, args.toArray(String[]::new));
  }

  static long count(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\": (\\d+)").matcher(json);
    assertThat(m.find()).as("%s in %s", field, json).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void migratesEveryObjectWithItsCrcAndARerunSendsNothing() throws Exception {
    // this source is watched through a request-recording proxy (no auth behind it), to count the GETs per key
    try (ObjectStoreServer plain = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none());
        DialectProxy watched = DialectProxy.start(Dialect.COS, plain.endpoint())) {
      migratesEveryObjectWithItsCrcAndARerunSendsNothing(plain, watched);
    }
  }

  private void migratesEveryObjectWithItsCrcAndARerunSendsNothing(ObjectStoreServer src, DialectProxy watched)
      throws Exception {
    String bucket = newSourceBucket(src);
    Map<String, Long> crcs = new TreeMap<>();
    for (int i = 0; i < 1100; i++) {
      String key = "small/d" + (i % 7) + "/obj-" + i + ".dat";
      byte[] b = bytes(1 + (i * 131) % 6000, i);
      src.putObject(bucket, key, b);
      crcs.put(key, Crc64.of(b));
    }
    Map<String, Integer> partsOf = Map.of("large/one.bin", 3, "large/two.bin", 4);
    for (Map.Entry<String, Integer> e : partsOf.entrySet()) {
      byte[] b = bytes((int) (e.getValue() * PART - 12345), e.getKey().hashCode());
      src.putObject(bucket, e.getKey(), b);
      crcs.put(e.getKey(), Crc64.of(b));
    }
    String dst = cos.newBucket("s3cli");
    Path report = tmp.resolve("report.json");
    int before = cos.proxy.requests().size();

    String endpoint = watched.endpoint().toString();
    MainTest.Result r = run(env(SECRET_KEY), args(endpoint, bucket, dst, tmp, "--report", report.toString()));

    assertThat(r.status()).as("exit status; stderr: %s", r.err()).isZero();
    // each part of a large object read by its own (ranged) GET, each small object by one
    Map<String, Integer> gets = new HashMap<>();
    for (RecordedRequest q : watched.requests()) {
      if (q.operation() == Operation.GET_OBJECT && q.status() / 100 == 2) {
        gets.merge(q.key(), 1, Integer::sum);
      }
    }
    assertThat(gets).hasSize(crcs.size());
    for (Map.Entry<String, Integer> e : partsOf.entrySet()) {
      assertThat(gets.get(e.getKey())).as("GETs of %s", e.getKey()).isEqualTo(e.getValue());
    }
    String json = Files.readString(report);
    assertThat(count(json, "migrated")).as(json).isEqualTo(crcs.size());
    assertThat(count(json, "failed")).as(json).isZero();
    try (Sink sink = cos.sink(dst)) {
      for (Map.Entry<String, Long> e : crcs.entrySet()) {
        Optional<ObjectInfo> o = sink.stat(e.getKey());
        assertThat(o).as(e.getKey()).isPresent();
        assertThat(o.get().crc64()).as("CRC-64 of %s", e.getKey()).hasValue(e.getValue());
      }
    }
    // the two large objects went up in parts of 5 MiB
    Map<String, Integer> parts = new HashMap<>();
    List<RecordedRequest> all = cos.proxy.requests();
    for (RecordedRequest q : all.subList(before, all.size())) {
      if (q.operation() == Operation.UPLOAD_PART && q.status() / 100 == 2) {
        parts.merge(q.key(), 1, Integer::sum);
      }
    }
    assertThat(parts).isEqualTo(partsOf);

    // a rerun sends nothing
    int beforeRerun = cos.proxy.requests().size();
    Path report2 = tmp.resolve("report2.json");
    MainTest.Result again = run(env(SECRET_KEY), args(endpoint, bucket, dst, tmp, "--report",
        report2.toString()));
    assertThat(again.status()).as(again.err()).isZero();
    String json2 = Files.readString(report2);
    assertThat(count(json2, "migrated")).as(json2).isZero();
    assertThat(count(json2, "skipped")).as(json2).isEqualTo(crcs.size());
    assertThat(count(json2, "bytesTransferred")).as(json2).isZero();
    List<RecordedRequest> rerun = cos.proxy.requests();
    assertThat(rerun.subList(beforeRerun, rerun.size())).extracting(RecordedRequest::operation)
        .doesNotContain(Operation.PUT_OBJECT, Operation.UPLOAD_PART);
  }

  @Test
  void aWrongSourceSecretStopsTheRunWithOneLineNamingTheBucket() {
    String bucket = newSourceBucket();
    src.putObject(bucket, "a.txt", bytes(100, 1));
    String wrong = "wrong-secret-value-4711";
    MainTest.Result r = run(env(wrong), args(bucket, cos.newBucket("denied"), tmp));

    assertThat(r.status()).as("stdout %s stderr %s", r.out(), r.err()).isEqualTo(Main.CONFIG);
    assertThat(r.err()).startsWith("cos-migrate: ").contains(bucket);
    assertThat(r.err().lines().count()).as("one line: %s", r.err()).isEqualTo(1);
    for (String s : List.of(r.out(), r.err())) {
      assertThat(s).doesNotContain("Exception", "\tat ", wrong, SECRET_KEY, COS_KEY, "Signature=");
    }
  }

  @Test
  void anArchivedObjectFailsWithItsReasonAndTheRestIsMigrated() throws Exception {
    String bucket = newSourceBucket();
    Map<String, Long> crcs = new TreeMap<>();
    for (int i = 0; i < 20; i++) {
      byte[] b = bytes(200 + i, i);
      src.putObject(bucket, "warm/" + i, b);
      crcs.put("warm/" + i, Crc64.of(b));
    }
    writer.putObject(q -> q.bucket(bucket).key("cold/frozen.bin").storageClass(StorageClass.GLACIER),
        RequestBody.fromString("frozen"));
    String dst = cos.newBucket("archive");
    Path report = tmp.resolve("report.json");

    MainTest.Result r = run(env(SECRET_KEY), args(bucket, dst, tmp, "--report", report.toString()));

    assertThat(r.status()).as("stderr %s", r.err()).isEqualTo(1);
    assertThat(r.err()).contains("cold/frozen.bin", "restore").doesNotContain("\tat ", SECRET_KEY);
    String json = Files.readString(report);
    assertThat(count(json, "migrated")).as(json).isEqualTo(20);
    assertThat(count(json, "failed")).as(json).isEqualTo(1);
    assertThat(json).contains("\"key\": \"cold/frozen.bin\"", "restore");
    try (Sink sink = cos.sink(dst)) {
      assertThat(sink.stat("cold/frozen.bin")).isEmpty();
      for (Map.Entry<String, Long> e : crcs.entrySet()) {
        assertThat(sink.stat(e.getKey())).as(e.getKey()).hasValueSatisfying(o -> assertThat(o.crc64())
            .hasValue(e.getValue()));
      }
    }
  }

  @Test
  void theUsersStorageClassWinsOverTheSources() throws Exception {
    String bucket = newSourceBucket();
    byte[] small = bytes(1000, 7);
    byte[] large = bytes((int) (2 * PART + 1), 8);
    writer.putObject(q -> q.bucket(bucket).key("ia/small.bin").storageClass(StorageClass.STANDARD_IA),
        RequestBody.fromBytes(small));
    writer.putObject(q -> q.bucket(bucket).key("ia/large.bin").storageClass(StorageClass.STANDARD_IA),
        RequestBody.fromBytes(large));
    String plain = cos.newBucket("sc-plain");
    String chosen = cos.newBucket("sc-chosen");

    MainTest.Result r1 = run(env(SECRET_KEY), args(bucket, plain, tmp.resolve("a")));
    MainTest.Result r2 = run(env(SECRET_KEY), args(bucket, chosen, tmp.resolve("b"), "--storage-class", "archive"));

    assertThat(r1.status()).as(r1.err()).isZero();
    assertThat(r2.status()).as(r2.err()).isZero();
    try (Sink p = cos.sink(plain); Sink c = cos.sink(chosen)) {
      for (String key : List.of("ia/small.bin", "ia/large.bin")) {
        assertThat(p.stat(key)).as(key).hasValueSatisfying(o -> assertThat(o.metadata().storageClass())
            .as("source's class carried when the user sets none").hasValue("STANDARD_IA"));
        assertThat(c.stat(key)).as(key).hasValueSatisfying(o -> assertThat(o.metadata().storageClass())
            .as("--storage-class wins").hasValue("ARCHIVE"));
      }
      assertThat(c.stat("ia/large.bin").get().crc64()).hasValue(Crc64.of(large));
      assertThat(c.stat("ia/small.bin").get().crc64()).hasValue(Crc64.of(small));
    }
  }

  @Test
  void aWrongSourceSecretPrintsOneLineOnTheRealStderrToo() throws Exception {
    // a real JVM with the command's own logging (no test classes, so no logback-test.xml): its stderr counts too
    String sep = java.io.File.pathSeparator;
    String classPath = java.util.Arrays.stream(System.getProperty("java.class.path").split(sep))
        .filter(e -> !e.endsWith("test-classes")).collect(java.util.stream.Collectors.joining(sep));
    String bucket = newSourceBucket();
    src.putObject(bucket, "a.txt", bytes(100, 1));
    String wrong = "wrong-secret-value-4712";
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", classPath, Main.class.getName()));
    command.addAll(args(bucket, cos.newBucket("denied"), tmp));
    ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
        new java.io.File("/dev/null")));
    ChildEnv.isolate(pb, env(wrong));
    Process p = pb.start();
    java.util.concurrent.CompletableFuture<byte[]> out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return p.getInputStream().readAllBytes();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String stdout = new String(out.get(), java.nio.charset.StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as("stdout %s stderr %s", stdout, err).isEqualTo(Main.CONFIG);
    assertThat(err.lines().toList()).as(err).hasSize(1);
    assertThat(err).startsWith("cos-migrate: ").contains(bucket);
    for (String s : List.of(stdout, err)) {
      assertThat(s).doesNotContain("Exception", "\tat ", wrong, SECRET_KEY, COS_KEY, "Signature=");
    }
  }
}
