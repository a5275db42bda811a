package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.ObjectStoreServer;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.spi.Sink;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code cos-migrate s3 --manifest}: the listing comes from a gzip S3 Inventory CSV; the source is watched through
 * a recording proxy, which must see no LIST request; the destination is the in-process COS.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ManifestCliTest {
  @TempDir
  Path tmp;

  @Test
  void anInventoryRunSendsNoListAndMigratesEveryRowAndABadLineFailsWithItsNumber() throws Exception {
    try (ObjectStoreServer src = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none());
        DialectProxy watched = DialectProxy.start(Dialect.COS, src.endpoint());
        CosFixture cos = CosFixture.startOnDisk(tmp.resolve("cos"));
        S3Client reader = S3Client.builder().endpointOverride(src.endpoint()).region(Region.US_EAST_1)
            .forcePathStyle(true).credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
      String bucket = "inventoried";
      src.createBucket(bucket);
      Map<String, Long> crcs = new TreeMap<>();
      for (int i = 0; i < 250; i++) {
        String key = "data/part " + (i % 5) + "/f+" + i + ".bin";
        byte[] b = S3ToCosCliTest.bytes(10 + i * 11, i);
        src.putObject(bucket, key, b);
        crcs.put(key, Crc64.of(b));
      }
      src.putObject(bucket, "outside/not-in-prefix.bin", new byte[] {1, 2, 3});
      // the inventory, as S3 writes it: every field quoted, keys form-encoded
      Path manifest = tmp.resolve("inventory.csv.gz");
      int lines = 0;
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(manifest))) {
        for (S3Object o : reader.listObjectsV2Paginator(q -> q.bucket(bucket)).contents()) {
          String row = String.join(",", List.of(q(bucket), q(URLEncoder.encode(o.key(), StandardCharsets.UTF_8)),
              q(String.valueOf(o.size())), q(o.lastModified().toString()), q(o.eTag().replace("\"", "")))) + "\n";
          out.write(row.getBytes(StandardCharsets.UTF_8));
          lines++;
        }
        out.write("\"inventoried\",\"data/broken\",\"not-a-number\"\n".getBytes(StandardCharsets.UTF_8));
      }
      int badLine = lines + 1;
      String dst = cos.newBucket("manifest");
      Path report = tmp.resolve("report.json");
      watched.clearRequests();

      MainTest.Result r = MainTest.main(Map.of("COS_SECRET_ID", "id", "COS_SECRET_KEY", "key",
          "AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "b"), "s3", "--src-bucket", bucket, "--src-prefix",
          "data/", "--src-region", "us-east-1", "--src-endpoint", watched.endpoint().toString(), "--src-path-style",
          "--manifest", manifest.toString(), "--manifest-schema", "Bucket, Key, Size, LastModifiedDate, ETag",
          "--prefix", "copied/", "--bucket", dst, "--region", CosFixture.REGION, "--endpoint", cos.endpoint(),
          "--path-style", "--sink-limits", "s3", "--concurrency", "8", "--ledger", tmp.resolve("ledger").toString(),
          "--quiet", "--report", report.toString());

      assertThat(r.status()).as("one bad line: exit 1; stderr %s", r.err()).isEqualTo(1);
      String json = Files.readString(report);
      assertThat(S3ToCosCliTest.count(json, "migrated")).as(json).isEqualTo(crcs.size());
      assertThat(S3ToCosCliTest.count(json, "failed")).as(json).isEqualTo(1);
      assertThat(json).contains("inventory.csv.gz line " + badLine);
      assertThat(watched.requests()).as("no LIST reached the source")
          .noneMatch(q -> q.operation() == Operation.LIST_OBJECTS);
      long gets = watched.requests().stream().filter(q -> q.operation() == Operation.GET_OBJECT).count();
      assertThat(gets).as("one GET per object").isEqualTo(crcs.size());
      try (Sink sink = cos.sink(dst)) {
        for (Map.Entry<String, Long> e : crcs.entrySet()) {
          String key = "copied/" + e.getKey().substring("data/".length());
          assertThat(sink.stat(key)).as(key).hasValueSatisfying(o -> assertThat(o.crc64())
              .hasValue(e.getValue()));
        }
        assertThat(sink.stat("copied/not-in-prefix.bin")).isEmpty();
        assertThat(sink.stat("outside/not-in-prefix.bin")).isEmpty();
      }
    }
  }

  @Test
  void manifestFlagsAreChecked() {
    Map<String, String> env = Map.of("COS_SECRET_ID", "id", "COS_SECRET_KEY", "key", "AWS_ACCESS_KEY_ID", "a",
        "AWS_SECRET_ACCESS_KEY", "b");
    MainTest.Result noFile = MainTest.main(env, "s3", "--src-bucket", "b1", "--src-endpoint", "http://127.0.0.1:1",
        "--manifest-schema", "Bucket, Key", "--bucket", "photos-1250000000", "--region", "ap-guangzhou",
        "--ledger", tmp.resolve("l1").toString());
    assertThat(noFile.status()).isEqualTo(Main.CONFIG);
    assertThat(noFile.err()).contains("--manifest-schema needs --manifest");
    MainTest.Result missing = MainTest.main(env, "s3", "--src-bucket", "b1", "--src-endpoint",
        "http://127.0.0.1:1", "--manifest", tmp.resolve("none.csv").toString(), "--bucket", "photos-1250000000",
        "--region", "ap-guangzhou", "--ledger", tmp.resolve("l2").toString());
    assertThat(missing.status()).as(missing.err()).isEqualTo(Main.CONFIG);
    assertThat(missing.err()).contains("--manifest", "none.csv").doesNotContain("\tat ");
    assertThat(missing.err().lines().count()).as(missing.err()).isEqualTo(1);
  }

  private static String q(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }
}
