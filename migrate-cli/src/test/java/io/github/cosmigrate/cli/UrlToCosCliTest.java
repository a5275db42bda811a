package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RangeFileServer;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.spi.Sink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cos-migrate url} end to end, in-process through {@link Main#run}: files served by the Range file server
 * (honours Range), listed with query strings that look like signatures, a 404 and a bad line among them; the
 * destination is S3Proxy behind the COS dialect proxy.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class UrlToCosCliTest {
  static final String SIGNATURE = "Signature=sEcReT-url-signature-4711";
  static final long PART = 5L << 20;

  @TempDir
  static Path serverDir;

  static RangeFileServer files;
  static CosFixture cos;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() throws IOException {
    Files.createDirectories(serverDir.resolve("www"));
    files = RangeFileServer.serve(serverDir.resolve("www"));
    cos = CosFixture.startOnDisk(serverDir.resolve("cos"));
  }

  @AfterAll
  static void stop() {
    if (cos != null) {
      cos.close();
    }
    if (files != null) {
      files.close();
    }
  }

  static List<String> args(Path list, String dst, Path work, String... extra) {
    List<String> a = new ArrayList<>(List.of("url", "--list", list.toString(), "--bucket", dst, "--region",
        CosFixture.REGION, "--endpoint", cos.endpoint(), "--path-style", "--sink-limits", "s3", "--part-size",
        String.valueOf(PART), "--small-file-threshold", String.valueOf(PART), "--concurrency", "8", "--ledger",
        work.resolve("ledger").toString(), "--quiet"));
    a.addAll(List.of(extra));
    return a;
  }

  static MainTest.Result run(List<String> args) {
    return MainTest.main(Map.of("COS_SECRET_ID", "cos-id", "COS_SECRET_KEY", "cos-key"), args.toArray(String[]::new));
  }

  @Test
  void migratesEveryGoodLineFailsTheBadOnesAndNeverShowsAQueryString() throws Exception {
    Path www = serverDir.resolve("www");
    Map<String, Long> crcs = new TreeMap<>();
    StringBuilder list = new StringBuilder("# a URL list\n\n");
    for (int i = 0; i < 40; i++) {
      byte[] b = S3ToCosCliTest.bytes(100 + i * 37, i);
      Files.createDirectories(www.resolve("site/d" + (i % 3)));
      Files.write(www.resolve("site/d" + (i % 3) + "/f" + i + ".bin"), b);
      crcs.put("site/d" + (i % 3) + "/f" + i + ".bin", Crc64.of(b));
      list.append(files.uriOf("site/d" + (i % 3) + "/f" + i + ".bin")).append("?").append(SIGNATURE).append('\n');
    }
    byte[] large = S3ToCosCliTest.bytes((int) (3 * PART - 99), 99);
    Files.write(www.resolve("big.bin"), large);
    list.append(files.uriOf("big.bin")).append("?X-Expires=1&").append(SIGNATURE).append("\tarchive/big.bin\n");
    crcs.put("archive/big.bin", Crc64.of(large));
    list.append(files.uriOf("missing/none.bin")).append("?").append(SIGNATURE).append('\n'); // line 44: 404
    list.append("not a url at all\n"); // line 45
    Path listFile = tmp.resolve("urls.txt");
    Files.writeString(listFile, list.toString(), StandardCharsets.UTF_8);
    String dst = cos.newBucket("urlcli");
    Path report = tmp.resolve("report.json");
    Path failures = tmp.resolve("failures.txt");

    MainTest.Result r = run(args(listFile, dst, tmp, "--report", report.toString(), "--failures",
        failures.toString()));

    assertThat(r.status()).as("stderr %s", r.err()).isEqualTo(1);
    String json = Files.readString(report);
    assertThat(S3ToCosCliTest.count(json, "migrated")).as(json).isEqualTo(crcs.size());
    assertThat(S3ToCosCliTest.count(json, "failed")).as(json).isEqualTo(2);
    assertThat(json).contains("urls.txt", "44", "45");
    try (Sink sink = cos.sink(dst)) {
      for (Map.Entry<String, Long> e : crcs.entrySet()) {
        assertThat(sink.stat(e.getKey())).as(e.getKey()).hasValueSatisfying(o -> assertThat(o.crc64())
            .hasValue(e.getValue()));
      }
    }
    // no query string in anything the run wrote or printed, the ledger's files included
    List<String> outputs = new ArrayList<>(List.of(r.out(), r.err(), json));
    if (Files.exists(failures)) {
      outputs.add(Files.readString(failures));
    }
    for (String s : outputs) {
      assertThat(s).doesNotContain("sEcReT", "X-Expires");
    }
    try (Stream<Path> ledger = Files.walk(tmp.resolve("ledger"))) {
      for (Path p : ledger.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        assertThat(content).as("ledger file %s", p).doesNotContain("sEcReT", "X-Expires");
      }
    }

    // a rerun sends nothing; then one changed file is sent alone
    int before = cos.proxy.requests().size();
    MainTest.Result again = run(args(listFile, dst, tmp));
    assertThat(again.status()).as(again.err()).isEqualTo(1); // the two bad lines still fail
    assertThat(puts(before)).isEmpty();
    byte[] changed = S3ToCosCliTest.bytes(777, 4242);
    Files.write(www.resolve("site/d1/f1.bin"), changed);
    Files.setLastModifiedTime(www.resolve("site/d1/f1.bin"),
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
    int beforeChange = cos.proxy.requests().size();
    MainTest.Result third = run(args(listFile, dst, tmp));
    assertThat(third.status()).as(third.err()).isEqualTo(1);
    assertThat(puts(beforeChange)).containsExactly("site/d1/f1.bin");
    try (Sink sink = cos.sink(dst)) {
      assertThat(sink.stat("site/d1/f1.bin").get().crc64()).hasValue(Crc64.of(changed));
    }
  }

  private static List<String> puts(int from) {
    List<RecordedRequest> all = cos.proxy.requests();
    return all.subList(from, all.size()).stream()
        .filter(q -> q.operation() == Operation.PUT_OBJECT || q.operation() == Operation.UPLOAD_PART)
        .map(RecordedRequest::key).distinct().toList();
  }

  @Test
  void aMissingListIsOneConfigurationLine() {
    MainTest.Result r = run(args(tmp.resolve("no-such-list.txt"), cos.newBucket("urlmissing"), tmp));
    assertThat(r.status()).as(r.err()).isEqualTo(Main.CONFIG);
    assertThat(r.err()).contains("no-such-list.txt").doesNotContain("\tat ");
    assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
  }
}
