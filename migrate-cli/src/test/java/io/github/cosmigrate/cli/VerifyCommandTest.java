package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.server.Fault;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.spi.Sink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cos-migrate verify local ...} end to end against S3Proxy behind the COS dialect proxy: after a migration
 * every object matches (exit 0); after one object is deleted and another overwritten with other bytes of the same
 * size, verify exits 1 and names both (stdout lines and the JSON report); an endpoint without CRC-64 makes every
 * object UNVERIFIABLE (exit 1); nothing is ever written by verify; configuration errors exit 2.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VerifyCommandTest {
  private static final long PART = 5L << 20;
  private static final Map<String, String> CREDS = Map.of("COS_SECRET_ID", "AKIDtest", "COS_SECRET_KEY",
      "secret-key-for-tests");
  private static final Set<Operation> WRITES = Set.of(Operation.PUT_OBJECT, Operation.COPY_OBJECT,
      Operation.DELETE_OBJECT, Operation.INITIATE_MULTIPART, Operation.UPLOAD_PART, Operation.COMPLETE_MULTIPART,
      Operation.ABORT_MULTIPART);

  @RegisterExtension
  static final CosFixture cos = CosFixture.perClass();

  @TempDir
  Path tmp;

  Path src;
  String bucket;
  int files;

  @BeforeEach
  void treeAndBucket() throws IOException {
    src = Files.createDirectories(tmp.resolve("src"));
    for (int i = 0; i < 20; i++) {
      TestTrees.write(src.resolve("docs/d" + (i % 3) + "/file-" + i + ".txt"), 300 + i * 101, i);
    }
    Files.write(src.resolve("empty.txt"), new byte[0]);
    TestTrees.writeLarge(src.resolve("big/two-parts.bin"), PART + 999, 5);
    files = 22;
    bucket = cos.newBucket("verify");
  }

  private List<String> args(String command, String... extra) {
    List<String> a = new ArrayList<>(List.of(command, "--source", src.toString(), "--bucket", bucket, "--region",
        CosFixture.REGION, "--endpoint", cos.endpoint(), "--path-style", "--sink-limits", "s3", "--prefix",
        "backup/", "--ledger", tmp.resolve("ledger").toString(), "--part-size", String.valueOf(PART),
        "--small-file-threshold", String.valueOf(PART), "--concurrency", "4", "--quiet"));
    a.addAll(List.of(extra));
    return a;
  }

  private MainTest.Result verify(String... extra) {
    List<String> a = new ArrayList<>(List.of("verify"));
    a.addAll(args("local", extra));
    cos.proxy.clearRequests();
    MainTest.Result r = MainTest.main(CREDS, a.toArray(String[]::new));
    List<RecordedRequest> writes = cos.proxy.requests().stream().filter(q -> WRITES.contains(q.operation()))
        .collect(Collectors.toList());
    assertThat(writes).as("verify writes nothing").isEmpty();
    return r;
  }

  /** The proxy logs a request after answering it: wait until it has, so that it is not taken for verify's. */
  private static void awaitLogged(Operation op, String key) {
    for (int i = 0; i < 1000; i++) {
      if (cos.proxy.requests().stream().anyMatch(q -> q.operation() == op && q.key().equals(key))) {
        return;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new AssertionError(op + " " + key + " never reached the proxy's log");
  }

  private static List<String> lines(String s, String start) {
    return Arrays.stream(s.split("\\R")).filter(l -> l.startsWith(start)).collect(Collectors.toList());
  }

  @Test
  void afterAMigrationEverythingMatchesAndADeletedAndACorruptedObjectAreNamed() throws IOException {
    MainTest.Result migrated = MainTest.main(CREDS, args("local").toArray(String[]::new));
    assertThat(migrated.status()).as(migrated.err()).isEqualTo(Main.OK);

    Path report = tmp.resolve("verify.json");
    MainTest.Result ok = verify("--report", report.toString());
    assertThat(ok.status()).as(ok.out() + ok.err()).isEqualTo(Main.OK);
    assertThat(ok.out()).contains("verify: " + files + " objects listed: " + files + " match, 0 differ, 0 skipped");
    assertThat(ok.err()).isEmpty();
    String json = Files.readString(report);
    assertThat(json).contains("\"differences\": []", "\"success\": true", "\"listed\": " + files,
        "\"matched\": " + files, "\"differencesByKind\": {}");
    assertThat(cos.proxy.requests().stream().filter(q -> q.operation() == Operation.HEAD_OBJECT)
        .map(RecordedRequest::key).collect(Collectors.toSet()))
        .as("one HEAD per destination key").contains("backup/big/two-parts.bin", "backup/empty.txt");

    byte[] original = Files.readAllBytes(src.resolve("docs/d1/file-4.txt"));
    byte[] other = original.clone();
    other[other.length / 2] ^= 0x40;
    try (Sink sink = cos.sink(bucket)) {
      sink.delete("backup/docs/d0/file-3.txt");
      sink.put("backup/docs/d1/file-4.txt", new ByteArrayInputStream(other), other.length, ObjectMetadata.empty());
    }
    awaitLogged(Operation.DELETE_OBJECT, "backup/docs/d0/file-3.txt");
    awaitLogged(Operation.PUT_OBJECT, "backup/docs/d1/file-4.txt");

    MainTest.Result bad = verify("--report", report.toString());
    assertThat(bad.status()).as(bad.out() + bad.err()).isEqualTo(Main.INCOMPLETE);
    assertThat(lines(bad.out(), "MISSING")).containsExactly(
        "MISSING \"backup/docs/d0/file-3.txt\" (source \"docs/d0/file-3.txt\"): no object at the destination");
    assertThat(lines(bad.out(), "CRC_DIFFERS")).hasSize(1);
    assertThat(lines(bad.out(), "CRC_DIFFERS").get(0))
        .startsWith("CRC_DIFFERS \"backup/docs/d1/file-4.txt\" (source \"docs/d1/file-4.txt\"): CRC-64 at the"
            + " destination ");
    assertThat(bad.out()).contains("verify: " + files + " objects listed: " + (files - 2) + " match, 2 differ"
        + " (MISSING 1, CRC_DIFFERS 1)");
    assertThat(bad.err()).contains("cos-migrate: 2 of " + files + " objects differ between the source and the"
        + " destination (MISSING 1, CRC_DIFFERS 1)");
    json = Files.readString(report);
    assertThat(json).contains("\"success\": false", "\"differed\": 2",
        "\"differencesByKind\": {\"MISSING\": 1, \"CRC_DIFFERS\": 1}",
        "{\"kind\": \"MISSING\", \"key\": \"docs/d0/file-3.txt\", \"destinationKey\": \"backup/docs/d0/file-3.txt\"",
        "{\"kind\": \"CRC_DIFFERS\", \"key\": \"docs/d1/file-4.txt\"");
  }

  @Test
  void aDestinationWithoutCrc64IsUnverifiableNotAMatch() {
    MainTest.Result migrated = MainTest.main(CREDS, args("local").toArray(String[]::new));
    assertThat(migrated.status()).as(migrated.err()).isEqualTo(Main.OK);
    String b = bucket;
    cos.proxy.faults().failNext(Integer.MAX_VALUE, r -> r.bucket().equals(b), Fault.omitCrc());
    try {
      MainTest.Result r = verify();
      assertThat(r.status()).as(r.out() + r.err()).isEqualTo(Main.INCOMPLETE);
      // every object but the empty one (two empty objects are equal): equal sizes prove nothing about content
      assertThat(lines(r.out(), "UNVERIFIABLE")).hasSize(files - 1);
      assertThat(r.out()).contains("verify: " + files + " objects listed: 1 match, " + (files - 1) + " differ"
          + " (UNVERIFIABLE " + (files - 1) + ")");
      assertThat(lines(r.out(), "UNVERIFIABLE \"backup/big/two-parts.bin\"").get(0))
          .contains("the destination returned no CRC-64 (x-cos-hash-crc64ecma)");
    } finally {
      cos.proxy.faults().clear();
    }
  }

  @Test
  void configurationErrorsExitTwo() {
    MainTest.Result none = MainTest.main(CREDS, "verify");
    assertThat(none.status()).isEqualTo(Main.CONFIG);
    assertThat(none.err()).startsWith("cos-migrate: verify: name the migration command");

    MainTest.Result unknown = MainTest.main(CREDS, "verify", "ftp", "--source", "x");
    assertThat(unknown.status()).isEqualTo(Main.CONFIG);
    assertThat(unknown.err()).contains("unknown migration command 'ftp'");

    List<String> a = new ArrayList<>(List.of("verify"));
    a.addAll(args("local"));
    a.set(a.indexOf(bucket), "no-such-bucket-1250000000");
    MainTest.Result missing = MainTest.main(CREDS, a.toArray(String[]::new));
    assertThat(missing.status()).as(missing.out() + missing.err()).isEqualTo(Main.CONFIG);
    assertThat(missing.err()).contains("no-such-bucket-1250000000").doesNotContain("secret-key-for-tests");
    assertThat(missing.err().lines().count()).isEqualTo(1);

    MainTest.Result help = MainTest.main(CREDS, "verify", "local", "--help");
    assertThat(help.status()).isEqualTo(Main.OK);
    assertThat(help.out()).contains("Usage: cos-migrate verify", "CRC_DIFFERS", "--source DIR");
  }
}
