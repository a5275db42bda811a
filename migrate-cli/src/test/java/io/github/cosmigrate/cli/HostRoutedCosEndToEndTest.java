package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.ObjectStoreServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code cos-migrate local ... --endpoint http://127.0.0.1:PORT --path-style} against a server that routes by the
 * Host header (S3Proxy with {@code s3proxy.virtual-host}, behind the COS dialect proxy forwarding the client's
 * Host), then the whole store read back by an independent client (AWS SDK v2, path style, straight at S3Proxy):
 * every file at its key in the bucket, nothing anywhere else. Also {@code --skip-mode destination} (HEAD) and
 * {@code uploads --abort} (list uploads, abort) on the same server.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostRoutedCosEndToEndTest {
  private static final long PART = 5L << 20;
  private static final String BUCKET = "hostrouted-1250000000";
  private static final Map<String, String> CREDS = Map.of("COS_SECRET_ID", "AKIDtest", "COS_SECRET_KEY",
      "super-secret-key-value");

  @TempDir
  static Path tmp;

  static ObjectStoreServer store;
  static DialectProxy proxy;

  @BeforeAll
  static void start() throws IOException {
    store = ObjectStoreServer.startOnDiskRoutingByHost(tmp.resolve("store"), ObjectStoreServer.Auth.none(),
        "127.0.0.1");
    proxy = DialectProxy.startForwardingHost(Dialect.COS, store.endpoint());
    store.createBucket(BUCKET);
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (store != null) {
      store.close();
    }
  }

  private static List<String> cosArgs(String command) {
    return new ArrayList<>(List.of(command, "--bucket", BUCKET, "--region", CosFixture.REGION,
        "--endpoint", "http://127.0.0.1:" + proxy.port(), "--path-style"));
  }

  private static MainTest.Result local(Path source, Path ledger, Path report, String... extra) {
    List<String> a = cosArgs("local");
    a.addAll(List.of("--source", source.toString(), "--prefix", "in/", "--sink-limits", "s3", "--ledger",
        ledger.toString(), "--report", report.toString(), "--part-size", String.valueOf(PART),
        "--small-file-threshold", String.valueOf(PART), "--quiet"));
    a.addAll(List.of(extra));
    return MainTest.main(CREDS, a.toArray(String[]::new));
  }

  @Test
  void localPathStyleRunPutsEveryFileAtItsKeyAndSkipModeDestinationAndUploadsSeeThem() throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Map<String, byte[]> expected = new TreeMap<>();
    for (int i = 0; i < 12; i++) {
      Path f = src.resolve("docs/d" + (i % 3) + "/file-" + i + ".txt");
      TestTrees.write(f, 200 + i * 91, i);
      expected.put("in/docs/d" + (i % 3) + "/file-" + i + ".txt", Files.readAllBytes(f));
    }
    Path big = src.resolve("media/big.bin");
    TestTrees.write(big, (int) (2 * PART + 4321), 99); // multipart: three parts
    expected.put("in/media/big.bin", Files.readAllBytes(big));

    MainTest.Result run = local(src, tmp.resolve("ledger-1"), tmp.resolve("report-1.json"));
    assertThat(run.status()).as(run.err()).isEqualTo(Main.OK);
    assertThat(count(tmp.resolve("report-1.json"), "migrated")).isEqualTo(expected.size());

    try (S3Client s3 = s3()) {
      assertThat(wholeStore(s3)).containsOnlyKeys(BUCKET);
      Map<String, byte[]> stored = wholeStore(s3).get(BUCKET);
      assertThat(stored).containsOnlyKeys(expected.keySet().toArray(String[]::new));
      expected.forEach((k, v) -> assertThat(stored.get(k)).as(k).isEqualTo(v));

      // a fresh ledger with --skip-mode destination: every file is found by HEAD at its key, nothing is sent
      MainTest.Result again = local(src, tmp.resolve("ledger-2"), tmp.resolve("report-2.json"), "--skip-mode",
          "destination");
      assertThat(again.status()).as(again.err()).isEqualTo(Main.OK);
      assertThat(count(tmp.resolve("report-2.json"), "skipped")).isEqualTo(expected.size());
      assertThat(count(tmp.resolve("report-2.json"), "migrated")).isZero();

      // an orphaned multipart upload, made by the independent client, is listed and aborted by 'uploads --abort'
      String orphan = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("in/orphan.bin")).uploadId();
      List<String> uploads = cosArgs("uploads");
      uploads.addAll(List.of("--prefix", "in/", "--abort"));
      MainTest.Result aborted = MainTest.main(CREDS, uploads.toArray(String[]::new));
      assertThat(aborted.status()).as(aborted.err()).isEqualTo(Main.OK);
      assertThat(aborted.out()).contains("in/orphan.bin\t" + orphan, "aborted");
      assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();

      assertThat(wholeStore(s3)).containsOnlyKeys(BUCKET);
      assertThat(wholeStore(s3).get(BUCKET)).containsOnlyKeys(expected.keySet().toArray(String[]::new));
    }
  }

  private static long count(Path report, String field) throws IOException {
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(Files.readString(report));
    assertThat(m.find()).as(field + " in " + report).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static S3Client s3() {
    return S3Client.builder().endpointOverride(store.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
        .credentialsProvider(AnonymousCredentialsProvider.create()).build();
  }

  /** Every bucket, every key and its bytes. */
  private static Map<String, Map<String, byte[]>> wholeStore(S3Client s3) {
    Map<String, Map<String, byte[]>> all = new TreeMap<>();
    for (Bucket b : s3.listBuckets().buckets()) {
      Map<String, byte[]> objects = new TreeMap<>();
      for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(b.name())).contents()) {
        objects.put(o.key(), s3.getObjectAsBytes(r -> r.bucket(b.name()).key(o.key())).asByteArray());
      }
      all.put(b.name(), objects);
    }
    return all;
  }
}
