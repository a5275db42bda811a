package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.server.Fault;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.sink.cos.CosSink;
import io.github.cosmigrate.spi.Sink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A COS endpoint that returns no {@code x-cos-hash-crc64ecma} (the dialect proxy's {@link Fault#omitCrc()} on every
 * request of the test's bucket): without {@code --verify reread} the run exits 0, counts every object unverifiable
 * with the reason, and prints one warning line that says why and what to do; with it, every object (small and
 * multipart) is read back and verified by "content re-read", also on a rerun of the first job.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UnverifiableCliTest {
  private static final long PART = 5L << 20;
  private static final Map<String, String> CREDS = Map.of("COS_SECRET_ID", "AKIDtest", "COS_SECRET_KEY",
      "secret-key-for-tests");
  private static final String NO_CRC = "the endpoint returned no x-cos-hash-crc64ecma";

  @RegisterExtension
  static final CosFixture cos = CosFixture.perClass();

  @TempDir
  Path tmp;

  Path src;
  String bucket;
  final List<String> keys = new ArrayList<>();

  @BeforeEach
  void treeAndBucketWithoutCrc() throws IOException {
    src = Files.createDirectories(tmp.resolve("src"));
    for (int i = 0; i < 6; i++) {
      TestTrees.write(src.resolve("docs/file-" + i + ".txt"), 100 + i * 333, i);
      keys.add("docs/file-" + i + ".txt");
    }
    Files.write(src.resolve("empty.txt"), new byte[0]);
    keys.add("empty.txt");
    TestTrees.writeLarge(src.resolve("big/two-parts.bin"), PART + 4321, 77);
    keys.add("big/two-parts.bin");
    bucket = cos.newBucket("nocrc");
    String b = bucket;
    cos.proxy.faults().failNext(Integer.MAX_VALUE, r -> r.bucket().equals(b), Fault.omitCrc());
  }

  private MainTest.Result local(Path ledger, Path report, String... extra) {
    List<String> a = new ArrayList<>(List.of("local", "--source", src.toString(), "--bucket", bucket, "--region",
        CosFixture.REGION, "--endpoint", cos.endpoint(), "--path-style", "--sink-limits", "s3", "--ledger",
        ledger.toString(), "--report", report.toString(), "--part-size", String.valueOf(PART),
        "--small-file-threshold", String.valueOf(PART), "--quiet"));
    a.addAll(List.of(extra));
    return MainTest.main(CREDS, a.toArray(String[]::new));
  }

  private static List<String> warnings(MainTest.Result r) {
    return Arrays.stream(r.err().split("\\R")).filter(l -> l.contains("warning")).collect(Collectors.toList());
  }

  private static long count(Path report, String field) throws IOException {
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(Files.readString(report));
    assertThat(m.find()).as(field + " in " + report).isTrue();
    return Long.parseLong(m.group(1));
  }

  private void assertStoredEqualsSource() throws IOException {
    try (Sink sink = cos.sink(bucket)) {
      for (String k : keys) {
        try (InputStream in = ((CosSink) sink).read(k)) {
          assertThat(in.readAllBytes()).as(k).isEqualTo(Files.readAllBytes(src.resolve(k)));
        }
      }
    }
  }

  @Test
  void withoutRereadTheRunExitsZeroCountsUnverifiableAndWarnsOnceThenRereadVerifiesThem() throws IOException {
    Path ledger = tmp.resolve("ledger");
    Path report = tmp.resolve("report.json");
    MainTest.Result run = local(ledger, report);

    assertThat(run.status()).as(run.err()).isEqualTo(Main.OK);
    assertThat(count(report, "migrated")).isEqualTo(keys.size());
    assertThat(count(report, "verified")).isZero();
    assertThat(count(report, "unverifiable")).isEqualTo(keys.size());
    assertThat(Files.readString(report)).contains("\"unverifiableByReason\": {\"" + NO_CRC + "\": " + keys.size()
        + "}");
    assertThat(warnings(run)).as(run.err()).hasSize(1);
    assertThat(warnings(run).get(0)).isEqualTo("cos-migrate: warning: " + keys.size() + " objects were migrated but"
        + " not verified (" + NO_CRC + " (" + keys.size() + ")): their content was not compared with the source;"
        + " run with --verify reread to read each one back and compare its CRC-64 (a rerun sends them again), or"
        + " use an endpoint that returns x-cos-hash-crc64ecma");
    assertThat(run.out()).contains("unverifiable: " + keys.size());
    assertStoredEqualsSource();

    // the same job with --verify reread: the unverifiable objects are sent again and read back
    cos.proxy.clearRequests();
    MainTest.Result reread = local(ledger, report, "--verify", "reread");
    assertThat(reread.status()).as(reread.err()).isEqualTo(Main.OK);
    assertThat(warnings(reread)).as(reread.err()).isEmpty();
    assertThat(count(report, "migrated")).isEqualTo(keys.size());
    assertThat(count(report, "unverifiable")).isZero();
    assertThat(Files.readString(report)).contains("\"verifiedBy\": {\"content re-read\": " + keys.size() + "}",
        "\"unverifiableByReason\": {}");
    Set<String> readBack = cos.proxy.requests().stream().filter(r -> r.operation() == Operation.GET_OBJECT)
        .map(RecordedRequest::key).collect(Collectors.toSet());
    assertThat(readBack).containsExactlyInAnyOrderElementsOf(keys);
    assertStoredEqualsSource();

    // now recorded as verified: a third run finds everything unchanged
    MainTest.Result third = local(ledger, report, "--verify", "reread");
    assertThat(third.status()).as(third.err()).isEqualTo(Main.OK);
    assertThat(count(report, "skipped")).isEqualTo(keys.size());
    assertThat(count(report, "migrated")).isZero();
  }

  @Test
  void withRereadEveryObjectIsVerifiedByContentReread() throws IOException {
    Path report = tmp.resolve("report.json");
    MainTest.Result run = local(tmp.resolve("ledger"), report, "--verify", "reread");

    assertThat(run.status()).as(run.err()).isEqualTo(Main.OK);
    assertThat(warnings(run)).as(run.err()).isEmpty();
    assertThat(count(report, "verified")).isEqualTo(keys.size());
    assertThat(count(report, "unverifiable")).isZero();
    assertThat(Files.readString(report)).contains("\"verifiedBy\": {\"content re-read\": " + keys.size() + "}");
    assertThat(run.out()).contains("verified: " + keys.size() + " (content re-read (" + keys.size() + "))",
        "unverifiable: 0");
    assertStoredEqualsSource();
  }
}
