package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.spi.Sink;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that {@code ./cos-migrate} runs on its smaller class path ({@code local}, {@code verify},
 * {@code uploads}, {@code ledger}, {@code cos}, {@code url}: the launcher's {@code cos_classpath}) work without the
 * S3, OSS and embedded-server modules and the SDKs only those bring: each runs in a child JVM whose class path is
 * this test's without them, against an in-process COS (S3Proxy behind the COS dialect proxy, in this JVM), and what
 * it wrote is read back at its key with its CRC-64.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CosOnlyClassPathTest {
  /** What the child's class path leaves out: the three modules, then jars that only they bring. */
  static final List<String> LEFT_OUT = List.of("/migrate-source-s3/", "/migrate-source-oss/", "/migrate-server/",
      "/software/amazon/", "/com/aliyun/", "/org/gaul/", "/org/eclipse/jetty/", "/org/bouncycastle/",
      "/com/google/guava/", "/tools/jackson/", "/io/opentelemetry/");
  static final long PART = 5L << 20;

  @RegisterExtension
  static final CosFixture cos = CosFixture.perClass();

  @TempDir
  static Path tmp;

  static Path source;
  static String bucket;

  @BeforeAll
  static void migrateAFolder() throws IOException {
    source = tmp.resolve("src");
    TestTrees.write(source.resolve("a.txt"), 1000, 1);
    TestTrees.write(source.resolve("dir/b c.bin"), 70_000, 2);
    TestTrees.write(source.resolve("empty"), 0, 3);
    TestTrees.writeLarge(source.resolve("big.bin"), PART + 12_345, 4); // two parts
    bucket = cos.newBucket("lean");
    Run r = child("local", "--source", source.toString(), "--bucket", bucket, "--region", CosFixture.REGION,
        "--endpoint", cos.endpoint(), "--path-style", "--sink-limits", "s3", "--ledger", ledger(bucket),
        "--part-size", String.valueOf(PART), "--small-file-threshold", String.valueOf(PART), "--quiet");
    assertThat(r.exit).as(r.output).isZero();
  }

  @Test
  void theChildsClassPathLacksTheModulesAndTheirSdks() {
    List<String> full = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
    for (String left : LEFT_OUT) {
      assertThat(full).as("this test's class path holds " + left).anyMatch(e -> e.contains(left));
      assertThat(leanClassPath()).as("the child's class path").noneMatch(e -> e.contains(left));
    }
  }

  @Test
  void localWroteEveryFileAtItsKeyWithItsCrc64() throws IOException {
    assertHolds(bucket);
  }

  @Test
  void verifyFindsEveryObjectMatching() throws IOException {
    Run r = child("verify", "local", "--source", source.toString(), "--bucket", bucket, "--region",
        CosFixture.REGION, "--endpoint", cos.endpoint(), "--path-style", "--ledger", ledger(bucket));
    assertThat(r.exit).as(r.output).isZero();
    assertThat(r.output).contains("4 objects listed: 4 match");
  }

  @Test
  void uploadsAndLedgerExportRun() throws IOException {
    Run uploads = child("uploads", "--bucket", bucket, "--region", CosFixture.REGION, "--endpoint", cos.endpoint(),
        "--path-style");
    assertThat(uploads.exit).as(uploads.output).isZero();
    assertThat(uploads.output).contains("0 multipart upload(s) in progress");
    Path out = tmp.resolve("ledger-" + bucket + ".jsonl");
    Run export = child("ledger", "export", "--ledger", ledger(bucket), "--output", out.toString());
    assertThat(export.exit).as(export.output).isZero();
    assertThat(Files.readAllLines(out)).hasSize(4).allMatch(l -> l.startsWith("{"));
  }

  @Test
  void cosCopiesTheBucketIntoAnother() throws IOException {
    String dst = cos.newBucket("lean-copy");
    Run r = child("cos", "--src-bucket", bucket, "--src-region", CosFixture.REGION, "--src-endpoint",
        cos.endpoint(), "--bucket", dst, "--region", CosFixture.REGION, "--endpoint", cos.endpoint(),
        "--path-style", "--sink-limits", "s3", "--part-size", String.valueOf(PART), "--small-file-threshold",
        String.valueOf(PART), "--ledger", ledger(dst), "--quiet");
    assertThat(r.exit).as(r.output).isZero();
    assertHolds(dst);
  }

  @Test
  void urlFetchesListedObjects() throws IOException {
    String dst = cos.newBucket("lean-url");
    Path list = tmp.resolve("urls-" + dst + ".txt");
    Files.writeString(list, cos.endpoint() + "/" + bucket + "/a.txt\n" + cos.endpoint() + "/" + bucket
        + "/big.bin\n", StandardCharsets.UTF_8);
    Run r = child("url", "--list", list.toString(), "--bucket", dst, "--region", CosFixture.REGION, "--endpoint",
        cos.endpoint(), "--path-style", "--sink-limits", "s3", "--part-size", String.valueOf(PART),
        "--small-file-threshold", String.valueOf(PART), "--ledger", ledger(dst), "--quiet");
    assertThat(r.exit).as(r.output).isZero();
    try (Sink s = cos.sink(dst)) {
      String prefix = bucket + "/"; // a URL's key is its path
      for (String name : List.of("a.txt", "big.bin")) {
        Optional<ObjectInfo> o = s.stat(prefix + name);
        assertThat(o).as(prefix + name).isPresent();
        assertThat(o.get().crc64()).as("CRC-64 of " + name).hasValue(TestTrees.crc64(source.resolve(name)));
      }
    }
  }

  private static void assertHolds(String b) throws IOException {
    Map<String, Path> files = TestTrees.regularFiles(source);
    assertThat(files).hasSize(4);
    try (Sink s = cos.sink(b)) {
      for (Map.Entry<String, Path> e : files.entrySet()) {
        Optional<ObjectInfo> o = s.stat(e.getKey());
        assertThat(o).as(e.getKey()).isPresent();
        assertThat(o.get().size()).as("size of %s", e.getKey()).isEqualTo(Files.size(e.getValue()));
        assertThat(o.get().crc64()).as("CRC-64 of %s", e.getKey()).hasValue(TestTrees.crc64(e.getValue()));
      }
    }
  }

  private static String ledger(String b) {
    return tmp.resolve("ledger-" + b).toString();
  }

  static List<String> leanClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> LEFT_OUT.stream().noneMatch(e.replace(File.separatorChar, '/')::contains)).toList();
  }

  record Run(int exit, String output) {}

  static Run child(String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> c = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", String.join(File.pathSeparator, leanClassPath()), Main.class.getName()));
    c.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(c).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    ChildEnv.isolate(pb, Map.of("COS_SECRET_ID", "dummy-id", "COS_SECRET_KEY", "dummy-key", "LANG", "C.UTF-8",
        "LC_ALL", "C.UTF-8"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child ended: " + String.join(" ", args)).isTrue();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    assertThat(out).as("no class missing").doesNotContain("NoClassDefFoundError", "ClassNotFoundException");
    return new Run(p.exitValue(), out);
  }
}
