package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.cli.internal.LocalCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input to {@code cos-migrate local}, in one tree: names with a newline, a backslash, {@code %}, {@code +},
 * {@code #}, {@code ?}, a leading dot, the same name in NFC and NFD, a key longer than COS allows, an empty file,
 * symbolic-link loops (to {@code .}, to an ancestor, across two links) and a dangling link; and a file list with
 * {@code ./}-prefixed, blank, duplicate, missing and outside-the-root lines. Every file ends migrated under its exact
 * name, or failed with a reason naming it; every link problem is reported; the run is never aborted and nothing is
 * silently dropped (read back at each key).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HostileInputCliTest {
  private static final Map<String, String> CREDS = Map.of("COS_SECRET_ID", "AKIDtest", "COS_SECRET_KEY",
      "secret-key-for-tests");
  private static final String NFC = "names/caf\u00e9.txt";
  private static final String NFD = "names/cafe\u0301.txt";

  @RegisterExtension
  static final CosFixture cos = CosFixture.perClass();

  @TempDir
  Path tmp;

  private MainTest.Result run(Path src, String bucket, Path failures, String... extra) {
    List<String> a = new ArrayList<>(List.of("local", "--source", src.toString(), "--bucket", bucket, "--region",
        CosFixture.REGION, "--endpoint", cos.endpoint(), "--path-style", "--sink-limits", "s3", "--ledger",
        tmp.resolve("ledger").toString(), "--failures", failures.toString(), "--report",
        failures.resolveSibling(failures.getFileName() + ".report.json").toString(), "--quiet"));
    a.addAll(List.of(extra));
    return MainTest.main(CREDS, a.toArray(String[]::new));
  }

  @Test
  void hostileNamesAndLinksEndInOneOutcomeEachUnderTheirExactKeys() throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src")).toRealPath();
    Map<String, byte[]> files = new TreeMap<>();
    for (String name : List.of("names/new\nline.txt", "names/back\\slash.txt", "names/50%25 + #1?.txt",
        "names/.leading-dot", "names/ trailing space ", NFC, NFD, "empty.bin")) {
      byte[] b = name.equals("empty.bin") ? new byte[0] : name.getBytes(StandardCharsets.UTF_8);
      Path f = src.resolve(name);
      Files.createDirectories(f.getParent());
      Files.write(f, b);
      files.put(name, b);
    }
    // 6 x 200-character folders: a key of about 1,210 bytes, longer than COS (850) and these S3 limits (1,024)
    StringBuilder deep = new StringBuilder("long");
    for (int i = 0; i < 6; i++) {
      deep.append('/').append(String.valueOf((char) ('a' + i)).repeat(200));
    }
    String tooLong = deep + "/x.txt";
    Files.createDirectories(src.resolve(deep.toString()));
    Files.writeString(src.resolve(tooLong), "too long a key");
    Files.createDirectories(src.resolve("loops/a"));
    Files.createDirectories(src.resolve("loops/b"));
    Files.writeString(src.resolve("loops/a/real.txt"), "real");
    files.put("loops/a/real.txt", "real".getBytes(StandardCharsets.UTF_8));
    Files.createSymbolicLink(src.resolve("loops/self"), Path.of("."));
    Files.createSymbolicLink(src.resolve("loops/up"), Path.of(".."));
    Files.createSymbolicLink(src.resolve("loops/a/to-b"), Path.of("../b"));
    Files.createSymbolicLink(src.resolve("loops/b/to-a"), Path.of("../a"));
    Files.createSymbolicLink(src.resolve("loops/dangling"), Path.of("nowhere"));
    // loops/b/to-a/real.txt is the same file reached through a link: migrated under that key too
    files.put("loops/b/to-a/real.txt", "real".getBytes(StandardCharsets.UTF_8));

    String bucket = cos.newBucket("hostile");
    Path failures = tmp.resolve("failures.jsonl");
    MainTest.Result r = run(src, bucket, failures);

    Map<String, String> failed = FaultMatrix.failures(failures);
    System.out.println("HOSTILE " + r.err() + "\n" + Files.readString(failures));
    assertThat(failed).as(r.err()).containsEntry(tooLong, "INVALID_INPUT");
    assertThat(Files.readString(failures)).contains("is 1216 bytes in UTF-8", "allows at most 1024", "shorten");
    assertThat(failed.keySet()).as("every link problem is reported: %s", failed)
        .anyMatch(k -> k.startsWith("loops/self")).anyMatch(k -> k.startsWith("loops/up"))
        .anyMatch(k -> k.startsWith("loops/dangling"))
        .anyMatch(k -> k.startsWith("loops/a/to-b/to-a") || k.startsWith("loops/b/to-a/to-b"));
    Set<String> loopKinds = new java.util.HashSet<>();
    failed.forEach((k, v) -> {
      if (k.startsWith("loops/")) {
        loopKinds.add(v);
      }
    });
    assertThat(loopKinds).as("loops and dangling links fail with a reason, never abort").isNotEmpty();
    Map<String, byte[]> expected = new TreeMap<>(files);
    FaultMatrix.Row row = FaultMatrix.check("hostile input", "names, long key, loops, dangling link", r, cos,
        bucket, tmp.resolve("ledger"), FaultMatrix.job(LocalCommand.sourceIdentity(src), cos, bucket), failures,
        expected, Set.of("INVALID_INPUT", "NOT_FOUND", "UNSUPPORTED"));
    assertThat(row.migrated()).isEqualTo(files.size());
    try (var backend = FaultMatrix.backend(cos)) {
      List<String> keys = backend.listObjectsV2Paginator(q -> q.bucket(bucket)).contents().stream()
          .map(software.amazon.awssdk.services.s3.model.S3Object::key).toList();
      assertThat(keys).as("NFC and NFD names are two objects, each under its own bytes").contains(NFC, NFD);
    }
  }

  @Test
  void aFileListWithOddLinesNamesEachBadLineAndMigratesTheRest() throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src")).toRealPath();
    Files.createDirectories(src.resolve("d"));
    Files.writeString(src.resolve("d/a.txt"), "a");
    Files.writeString(src.resolve("b.txt"), "b");
    Path outside = Files.writeString(tmp.resolve("outside.txt"), "outside");
    Path list = tmp.resolve("list.txt");
    Files.writeString(list, "./d/a.txt\n\nb.txt\nb.txt\nmissing.txt\n" + outside + "\n../outside.txt\n");
    String bucket = cos.newBucket("filelist");
    Path failures = tmp.resolve("failures.jsonl");
    MainTest.Result r = run(src, bucket, failures, "--file-list", list.toString());
    System.out.println("FILE-LIST " + r.status() + " " + r.err() + "\n"
        + (Files.exists(failures) ? Files.readString(failures) : ""));
    Map<String, byte[]> expected = new TreeMap<>();
    expected.put("d/a.txt", "a".getBytes(StandardCharsets.UTF_8));
    expected.put("b.txt", "b".getBytes(StandardCharsets.UTF_8));
    FaultMatrix.Row row = FaultMatrix.check("hostile input", "file list: ./, blank, duplicate, missing, outside",
        r, cos, bucket, tmp.resolve("ledger"), FaultMatrix.job(LocalCommand.sourceIdentity(src), cos, bucket),
        failures, expected, Set.of("INVALID_INPUT", "NOT_FOUND"));
    assertThat(row.migrated()).isEqualTo(2);
    assertThat(row.failed()).as("missing and outside lines are failed, not dropped").isGreaterThanOrEqualTo(2);
  }
}
