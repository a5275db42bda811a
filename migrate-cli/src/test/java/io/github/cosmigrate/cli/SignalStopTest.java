package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.spi.Sink;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM and SIGINT stop a real child JVM running {@code cos-migrate local} gracefully: it prints the summary in
 * the original tool's layout with the counts settled before the stop, exits 3, and a rerun completes with every
 * object in the bucket exactly once (nothing the stopped run recorded is sent again; open uploads resumed or
 * aborted). The child also runs under a pseudo-terminal ({@code script}), stopped by Ctrl-C and by SIGTERM: the
 * progress line is refreshed in place with {@code \r}, and the summary follows it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SignalStopTest {
  private static final long PART = 5L << 20;
  private static final Pattern NEW = Pattern.compile("migrate_new : (\\d+)");
  private static final Pattern SKIP = Pattern.compile("migrate_skip : (\\d+)");

  @RegisterExtension
  static final CosFixture cos = CosFixture.perClass();

  @TempDir
  Path tmp;

  Path root;
  Path ledger;
  String bucket;

  @BeforeEach
  void tree() throws IOException {
    root = Files.createDirectories(tmp.resolve("src"));
    ledger = tmp.resolve("ledger");
    bucket = cos.newBucket("signal");
    for (int i = 0; i < 200; i++) {
      TestTrees.write(root.resolve("small/d" + (i % 5) + "/f-" + i + ".dat"), 1000 + (i * 131) % 4000, i);
    }
  }

  private void largeFiles() throws IOException {
    TestTrees.writeLarge(root.resolve("big/a.bin"), 2 * PART + 777, 1);
    TestTrees.writeLarge(root.resolve("big/b.bin"), 2 * PART + 999, 2);
  }

  private List<String> args(String... extra) {
    List<String> a = new ArrayList<>(List.of("local", "--source", root.toString(), "--bucket", bucket, "--region",
        CosFixture.REGION, "--endpoint", cos.endpoint(), "--path-style", "--sink-limits", "s3", "--ledger",
        ledger.toString(), "--part-size", String.valueOf(PART), "--small-file-threshold", String.valueOf(PART),
        "--concurrency", "4", "--part-concurrency", "2"));
    a.addAll(List.of(extra));
    return a;
  }

  private static List<String> java(List<String> args) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> c = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    c.addAll(args);
    return c;
  }

  private static void env(ProcessBuilder pb) {
    ChildEnv.isolate(pb, Map.of("COS_SECRET_ID", "dummy-id", "COS_SECRET_KEY", "dummy-key", "LANG", "C.UTF-8",
        "LC_ALL", "C.UTF-8"));
  }

  private int writes(Operation op) {
    return (int) cos.proxy.requests().stream().filter(r -> r.bucket().equals(bucket) && r.operation() == op)
        .count();
  }

  private static void await(Process p, BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      assertThat(p.isAlive()).as("the child is still running while waiting for " + what).isTrue();
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void sigtermStopsTheRunPrintsTheSummaryAndARerunMigratesEverythingOnce() throws Exception {
    largeFiles(); // a multipart upload is in flight at the stop: the rerun resumes it
    ProcessBuilder pb = new ProcessBuilder(java(args("--bandwidth", "3MiB", "--progress-interval", "1")))
        .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    env(pb);
    Process child = pb.start();
    // a multipart upload and some small objects are under way
    await(child, () -> writes(Operation.UPLOAD_PART) >= 1 && writes(Operation.PUT_OBJECT) >= 20, "transfers");
    child.destroy(); // SIGTERM
    assertThat(child.waitFor(40, TimeUnit.SECONDS)).as("the child stops").isTrue();
    String out = Files.readString(tmp.resolve("out.txt"));
    String err = Files.readString(tmp.resolve("err.txt"));

    assertThat(child.exitValue()).as(out + err).isEqualTo(Main.ABORTED);
    assertThat(err).contains("cos-migrate: SIGTERM: stopping", "cos-migrate: stopped by SIGTERM before the end")
        .doesNotContain("Exception", "\tat ");
    assertThat(err).as("without a terminal: progress lines, no \\r").doesNotContain("\r").contains(" retries) | ");
    assertThat(out).contains("bucket:" + bucket + ", list finished:false, status:STOPPED",
        "migrateLocal over! op statistics:", "migrate_fail : 0", "used_time : ", "listing incomplete: the run was"
            + " stopped before the end");
    long stoppedMigrated = number(NEW, out);
    assertThat(stoppedMigrated).as("objects migrated before the stop").isBetween(1L, 201L);

    // the rerun sends only what the stopped run had not recorded, resumes or aborts its uploads, and completes
    Map<String, Long> putsBefore = putsByKey();
    MainTest.Result again = MainTest.main(Map.of("COS_SECRET_ID", "dummy-id", "COS_SECRET_KEY", "dummy-key"),
        args("--quiet").toArray(String[]::new));
    assertThat(again.status()).as(again.out() + again.err()).isZero();
    assertThat(again.out()).contains("status:ALL_OK");
    assertThat(number(SKIP, again.out())).as("everything the stopped run recorded is skipped, nothing else")
        .isEqualTo(stoppedMigrated);
    assertThat(number(NEW, again.out())).isEqualTo(202 - stoppedMigrated);
    Map<String, Long> putsAfter = putsByKey();
    long sentTwice = putsBefore.keySet().stream().filter(k -> putsAfter.get(k) > putsBefore.get(k)).count();
    assertThat(sentTwice).as("only objects in flight at the stop are sent again").isLessThanOrEqualTo(4);
    assertBucketHoldsTheTree();
  }

  @Test
  void sigtermBetweenDaemonPassesEndsTheDaemonWithALineNotTheJvmsDefault() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(java(args("--daemon", "--daemon-interval", "3600", "--quiet")))
        .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    env(pb);
    Process child = pb.start();
    await(child, () -> {
      try {
        return Files.readString(tmp.resolve("err.txt")).contains("daemon mode: pass 1 ended");
      } catch (IOException e) {
        return false;
      }
    }, "the first pass to end");
    child.destroy(); // SIGTERM while the daemon waits an hour for its next pass
    assertThat(child.waitFor(40, TimeUnit.SECONDS)).as("the daemon stops").isTrue();
    String out = Files.readString(tmp.resolve("out.txt"));
    String err = Files.readString(tmp.resolve("err.txt"));

    assertThat(child.exitValue()).as(out + err).isEqualTo(Main.ABORTED);
    assertThat(err).contains("cos-migrate: SIGTERM: stopping", "cos-migrate: stopped by SIGTERM while waiting for"
        + " the next pass").doesNotContain("Exception", "\tat ");
    assertThat(out).as("the completed pass's summary").contains("status:ALL_OK");
    assertBucketHoldsTheTree();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"INT", "TERM"})
  void underAPseudoTerminalTheProgressLineIsRefreshedInPlaceAndASignalPrintsTheSummary(String signal)
      throws Exception {
    // exec: `script` runs the command with $SHELL -c, else /bin/sh; dash stays as java's parent and dies of the
    // terminal's SIGINT itself (status 130), which is the shell's exit, not the JVM's. env --default-signal: a
    // build started in the background of a non-interactive shell inherits SIGINT ignored, and a JVM that starts
    // with SIGINT ignored never handles it (as under nohup), so the terminal's Ctrl-C would not reach the run
    String cmd = "exec env --default-signal=INT " + java(args("--bandwidth", "100KiB")).stream()
        .map(SignalStopTest::quote).collect(Collectors.joining(" "));
    ProcessBuilder pb = new ProcessBuilder("script", "-qfec", cmd, "/dev/null").redirectErrorStream(true);
    env(pb);
    pb.environment().put("TERM", "xterm");
    Process script = pb.start();
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> copy(script.getInputStream(), seen), "pty-reader");
    reader.start();
    // the progress line is refreshed every second on a terminal: wait for two refreshes
    await(script, () -> text(seen).split("\r\\[", -1).length > 2, "two progress refreshes");
    if (signal.equals("INT")) {
      script.getOutputStream().write(3); // Ctrl-C on the terminal: SIGINT to the foreground process
      script.getOutputStream().flush();
    } else {
      ProcessHandle jvm = script.descendants().filter(h -> h.info().command().orElse("").endsWith("/java"))
          .findFirst().orElseThrow();
      assertThat(jvm.destroy()).as("SIGTERM sent").isTrue();
    }
    assertThat(script.waitFor(40, TimeUnit.SECONDS)).as("the child stops").isTrue();
    reader.join(10_000);
    String all = text(seen);

    assertThat(script.exitValue()).as(all).isEqualTo(Main.ABORTED);
    assertThat(all).contains("cos-migrate: SIG" + signal + ": stopping", "status:STOPPED",
        "migrateLocal over! op statistics:", "cos-migrate: stopped by SIG" + signal + " before the end");
    assertThat(all).containsPattern("\r\\[[0-9.ms]+\\] [0-9,]+/[0-9,]+\\+? objects \\([0-9,]+ migrated, [0-9,]+"
        + " skipped, [0-9,]+ failed, [0-9,]+ retr(y|ies)\\) \\| ");
    assertThat(all).as("the plain-HTTP warning is on a line of its own, not appended to the progress line")
        .contains("cos-migrate WARN transport: plain HTTP").doesNotContainPattern("[^\r\n]cos-migrate WARN transport");
    int lastRefresh = all.lastIndexOf("\r[");
    assertThat(all.indexOf("over! op statistics", lastRefresh)).as("the summary follows the progress line")
        .isPositive();

    MainTest.Result again = MainTest.main(Map.of("COS_SECRET_ID", "dummy-id", "COS_SECRET_KEY", "dummy-key"),
        args("--quiet").toArray(String[]::new));
    assertThat(again.status()).as(again.out() + again.err()).isZero();
    assertThat(number(SKIP, again.out()) + number(NEW, again.out())).isEqualTo(200);
    assertBucketHoldsTheTree();
  }

  private Map<String, Long> putsByKey() {
    Map<String, Long> m = new HashMap<>();
    for (RecordedRequest r : cos.proxy.requests()) {
      if (r.bucket().equals(bucket) && r.operation() == Operation.PUT_OBJECT) {
        m.merge(r.key(), 1L, Long::sum);
      }
    }
    return m;
  }

  private void assertBucketHoldsTheTree() throws IOException {
    Map<String, Path> files = TestTrees.regularFiles(root);
    try (Sink sink = cos.sink(bucket)) {
      for (Map.Entry<String, Path> f : files.entrySet()) {
        assertThat(sink.stat(f.getKey())).as(f.getKey()).hasValueSatisfying(o -> {
          assertThat(o.size()).isEqualTo(f.getValue().toFile().length());
        });
      }
      assertThat(sink.listMultipartUploads("")).as("no upload left open").isEmpty();
    }
    try (var s3 = software.amazon.awssdk.services.s3.S3Client.builder().endpointOverride(cos.server.endpoint())
        .region(software.amazon.awssdk.regions.Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider.create()).build()) {
      List<String> keys = new ArrayList<>();
      Map<String, Long> crcs = new HashMap<>();
      s3.listObjectsV2Paginator(q -> q.bucket(bucket)).contents().forEach(o -> keys.add(o.key()));
      assertThat(keys).as("every file once, nothing else").containsExactlyInAnyOrderElementsOf(files.keySet());
      for (String k : files.keySet().stream().filter(k -> k.startsWith("big/") || k.endsWith("/f-0.dat")).toList()) {
        byte[] stored = s3.getObjectAsBytes(q -> q.bucket(bucket).key(k)).asByteArray();
        crcs.put(k, io.github.cosmigrate.api.Crc64.of(new java.io.ByteArrayInputStream(stored)));
        assertThat(crcs.get(k)).as(k).isEqualTo(TestTrees.crc64(files.get(k)));
      }
    }
  }

  private static long number(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertThat(m.find()).as(p + " in " + text).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static String text(ByteArrayOutputStream b) {
    synchronized (b) {
      return b.toString(StandardCharsets.UTF_8);
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream to) {
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) > 0; ) {
        synchronized (to) {
          to.write(buf, 0, n);
        }
      }
    } catch (IOException e) {
      // the pty closed
    }
  }
}
