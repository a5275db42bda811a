package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.cli.internal.CosTarget;
import io.github.cosmigrate.cli.internal.LocalCommand;
import io.github.cosmigrate.cli.internal.Plugins;
import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.model.MultipartUpload;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.SourceFingerprint;
import io.github.cosmigrate.model.UploadCheckpoint;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.Sink;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ledger export} and {@code ledger gc} on the RocksDB ledger of a real run against the embedded COS server.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LedgerCommandTest {
  private static final Map<String, String> ENV = Map.of("COS_SECRET_ID", "dummy-id", "COS_SECRET_KEY",
      "dummy-secret-value");
  private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(null|\\d+|\"((?:[^\"\\\\]|\\\\.)*)\")");

  @RegisterExtension
  static final CosFixture cos = CosFixture.perClass();

  @TempDir
  Path tmp;

  Path root;
  Path ledgerDir;
  String bucket;

  @BeforeEach
  void tree() throws IOException {
    root = Files.createDirectories(tmp.resolve("src"));
    ledgerDir = tmp.resolve("ledger");
    bucket = cos.newBucket("ledger");
    for (int i = 0; i < 12; i++) {
      TestTrees.write(root.resolve("docs/file-" + i + ".txt"), 200 + i * 31, i);
    }
    TestTrees.write(root.resolve("odd \"name\"\t.txt"), 77, 99);
    Files.createDirectories(root.resolve("links"));
    Files.createSymbolicLink(root.resolve("links/dangling"), Path.of("no-such-target"));
  }

  private String[] local() {
    return new String[] {"local", "--source", root.toString(), "--bucket", bucket, "--region", CosFixture.REGION,
        "--endpoint", cos.endpoint(), "--path-style", "--sink-limits", "s3", "--ledger", ledgerDir.toString(),
        "--prefix", "backup/", "--quiet"};
  }

  private String[] gc(String... extra) {
    List<String> a = new ArrayList<>(List.of("ledger", "gc", "--bucket", bucket, "--region", CosFixture.REGION,
        "--endpoint", cos.endpoint(), "--path-style", "--ledger", ledgerDir.toString(), "--prefix", "backup/"));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  private static Map<String, String> fields(String line) {
    Map<String, String> m = new HashMap<>();
    Matcher x = FIELD.matcher(line);
    while (x.find()) {
      m.put(x.group(1), x.group(3) != null ? x.group(3) : x.group(2));
    }
    return m;
  }

  @Test
  void exportWritesOneJsonLinePerObjectWithItsStateCrcAndNoSecret() throws Exception {
    MainTest.Result run = MainTest.main(ENV, local());
    assertThat(run.status()).as(run.err()).isEqualTo(Main.INCOMPLETE); // the dangling link fails

    MainTest.Result export = MainTest.main(Map.of(), "ledger", "export", "--ledger", ledgerDir.toString());
    assertThat(export.status()).as(export.err()).isEqualTo(Main.OK);
    assertThat(export.err()).contains("exported 14 record(s) of 1 job(s)");
    List<String> lines = export.out().lines().toList();
    assertThat(lines).hasSize(14).allSatisfy(l -> assertThat(l).startsWith("{\"job\":\"").endsWith("}"));
    assertThat(export.out()).doesNotContain("dummy-secret-value", "dummy-id");

    Map<String, Map<String, String>> byKey = new HashMap<>();
    lines.forEach(l -> byKey.put(fields(l).get("key"), fields(l)));
    for (Map.Entry<String, Path> f : TestTrees.regularFiles(root).entrySet()) {
      String key = f.getKey().replace("\"", "\\\"").replace("\t", "\\t");
      Map<String, String> e = byKey.get(key);
      assertThat(e).as(key).isNotNull();
      assertThat(e.get("state")).isEqualTo("MIGRATED");
      assertThat(e.get("destinationKey")).isEqualTo("backup/" + key);
      assertThat(e.get("size")).isEqualTo(String.valueOf(Files.size(f.getValue())));
      assertThat(e.get("crc64")).isEqualTo(Long.toUnsignedString(TestTrees.crc64(f.getValue())));
      assertThat(e.get("verification")).isEqualTo("VERIFIED");
      assertThat(e.get("etag")).isNotEqualTo("null");
      assertThat(Instant.parse(e.get("time"))).isBefore(Instant.now().plusSeconds(1));
      assertThat(e.get("reason")).isEmpty();
    }
    Map<String, String> dangling = byKey.get("links/dangling");
    assertThat(dangling.get("state")).isEqualTo("FAILED");
    assertThat(dangling.get("reason")).isNotEmpty();
    assertThat(dangling.get("crc64")).isEqualTo("null");

    Path file = tmp.resolve("export.jsonl");
    MainTest.Result toFile = MainTest.main(Map.of(), "ledger", "export", "--ledger", ledgerDir.toString(),
        "--output", file.toString());
    assertThat(toFile.status()).as(toFile.err()).isEqualTo(Main.OK);
    assertThat(toFile.out()).isEmpty();
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(export.out());
  }

  @Test
  void gcListsAndWithAbortAbortsOrphanedUploadsButKeepsCheckpointedOnes() throws Exception {
    MainTest.Result run = MainTest.main(ENV, local());
    assertThat(run.status()).as(run.err()).isEqualTo(Main.INCOMPLETE);
    String orphan;
    String checkpointed;
    String outside;
    try (Sink sink = cos.sink(bucket)) {
      // a run killed between initiating an upload and recording it leaves one no checkpoint refers to
      orphan = Sink.serviceUploadId(sink.initiateMultipart("backup/docs/file-3.txt", ObjectMetadata.empty()));
      checkpointed = sink.initiateMultipart("backup/big.bin", ObjectMetadata.empty());
      outside = Sink.serviceUploadId(sink.initiateMultipart("elsewhere/x.bin", ObjectMetadata.empty()));
    }
    CosTarget target = new CosTarget(bucket, CosFixture.REGION, Optional.of(URI.create(cos.endpoint())), true, true,
        "x", "y", Optional.empty());
    JobIdentity job = LocalCommand.identity(root.toRealPath(), target, "backup/");
    try (Ledger ledger = Plugins.ledger(ledgerDir, job)) {
      ledger.write(new Ledger.Batch().putCheckpoint(new UploadCheckpoint("big.bin", "backup/big.bin", checkpointed,
          new SourceFingerprint(20L << 20, 1, ""), 20L << 20, 5L << 20, Instant.now(), List.of())));

      MainTest.Result locked = MainTest.main(ENV, gc());
      assertThat(locked.status()).as("the ledger is in use: " + locked.err()).isEqualTo(Main.CONFIG);
      assertThat(locked.err()).startsWith("cos-migrate: --ledger ").doesNotContain("\tat ");
    }

    MainTest.Result dry = MainTest.main(ENV, gc());
    assertThat(dry.status()).as(dry.err()).isEqualTo(Main.OK);
    assertThat(dry.out().lines()).hasSize(2).anySatisfy(l -> assertThat(l).startsWith("backup/docs/file-3.txt\t"
        + orphan + "\t").endsWith("\torphaned")).anySatisfy(l -> assertThat(l).startsWith("backup/big.bin\t"
        + Sink.serviceUploadId(checkpointed) + "\t").endsWith("\tresumable"));
    assertThat(dry.err()).contains("2 multipart upload(s) in progress under 'backup/'", "1 checkpointed in the"
        + " ledger").doesNotContain("aborted");
    assertThat(open()).hasSize(3);

    MainTest.Result abort = MainTest.main(ENV, gc("--abort"));
    assertThat(abort.status()).as(abort.err()).isEqualTo(Main.OK);
    assertThat(abort.out()).contains("backup/docs/file-3.txt\t" + orphan).contains("\taborted");
    assertThat(abort.err()).contains("aborted 1");
    assertThat(open()).as("the checkpointed upload and the one outside the prefix are kept")
        .containsExactlyInAnyOrder(Sink.serviceUploadId(checkpointed), outside);
  }

  @Test
  void aMissingOrEmptyLedgerOrAWrongJobIsOneUsageLine() throws Exception {
    MainTest.Result none = MainTest.main(Map.of(), "ledger", "export", "--ledger", tmp.resolve("nope").toString());
    assertThat(none.status()).isEqualTo(Main.CONFIG);
    assertThat(none.err()).startsWith("cos-migrate: --ledger ").contains("no such directory");
    Files.createDirectories(tmp.resolve("empty"));
    MainTest.Result empty = MainTest.main(Map.of(), "ledger", "export", "--ledger", tmp.resolve("empty").toString());
    assertThat(empty.status()).isEqualTo(Main.CONFIG);
    assertThat(empty.err()).contains("no job's ledger in it");
    assertThat(MainTest.main(Map.of(), "ledger").err()).contains("missing subcommand");
    assertThat(MainTest.main(Map.of(), "ledger", "purge").err()).contains("unknown subcommand 'purge'");
    assertThat(MainTest.main(Map.of(), "ledger", "--help").out()).contains("ledger export", "ledger gc", "--abort");

    MainTest.Result run = MainTest.main(ENV, local());
    assertThat(run.status()).as(run.err()).isEqualTo(Main.INCOMPLETE);
    MainTest.Result wrongJob = MainTest.main(Map.of(), "ledger", "export", "--ledger", ledgerDir.toString(), "--job",
        "zzzz");
    assertThat(wrongJob.status()).isEqualTo(Main.CONFIG);
    assertThat(wrongJob.err()).contains("--job zzzz: no such job");
    try (var dirs = Files.list(ledgerDir)) {
      Path store = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
      MainTest.Result one = MainTest.main(Map.of(), "ledger", "export", "--ledger", store.toString());
      assertThat(one.status()).as(one.err()).isEqualTo(Main.OK);
      assertThat(one.out().lines()).hasSize(14);
    }
  }

  private List<String> open() throws IOException {
    try (Sink sink = cos.sink(bucket)) {
      return sink.listMultipartUploads("").stream().map(MultipartUpload::uploadId).toList();
    }
  }
}
