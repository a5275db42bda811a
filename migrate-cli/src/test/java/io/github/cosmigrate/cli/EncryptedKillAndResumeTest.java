package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.qcloud.cos.COSEncryptionClient;
import com.qcloud.cos.ClientConfig;
import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.auth.COSStaticCredentialsProvider;
import com.qcloud.cos.endpoint.EndpointBuilder;
import com.qcloud.cos.http.CosHttpRequest;
import com.qcloud.cos.http.HttpMethodName;
import com.qcloud.cos.http.HttpProtocol;
import com.qcloud.cos.internal.CosServiceRequest;
import com.qcloud.cos.internal.crypto.CryptoConfiguration;
import com.qcloud.cos.internal.crypto.CryptoMode;
import com.qcloud.cos.internal.crypto.CryptoStorageMode;
import com.qcloud.cos.internal.crypto.EncryptionMaterials;
import com.qcloud.cos.internal.crypto.StaticEncryptionMaterialsProvider;
import com.qcloud.cos.model.GetObjectRequest;
import com.qcloud.cos.region.Region;
import io.github.cosmigrate.cli.internal.CosTarget;
import io.github.cosmigrate.cli.internal.LocalCommand;
import io.github.cosmigrate.cli.internal.Plugins;
import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.model.UploadCheckpoint;
import io.github.cosmigrate.server.Fault;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.Sink;
import java.io.File;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client-side encryption survives a crash: a child JVM running {@code cos-migrate local --client-encryption-key} is
 * killed with SIGKILL in the middle of a large file's multipart upload (parts 1 and 2 stored and recorded; parts 3
 * and 4 held back by the server with 503 SlowDown, so that the kill lands before the upload can complete); the
 * ledger then holds the upload's checkpoint, whose id carries the wrapped data key, never the key. A second run
 * resumes that very upload (no new initiation, no stored part sent again) and every object decrypts with cos_api's
 * {@code COSEncryptionClient} and the same key file.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EncryptedKillAndResumeTest {
  private static final long PART = 5L << 20; // S3's minimum part
  private static final int PART_CONCURRENCY = 2;
  private static final String LARGE = "large/four-parts.bin";
  private static final int PARTS = 4;

  @TempDir
  Path tmp;

  @Test
  void aKilledEncryptedUploadResumesAndDecryptsWithCosEncryptionClient() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("src"));
    byte[] large = new byte[(int) ((PARTS - 1) * PART + 1000)];
    new Random(1).nextBytes(large);
    Files.createDirectories(root.resolve("large"));
    Files.write(root.resolve(LARGE), large);
    for (int i = 0; i < 12; i++) {
      TestTrees.write(root.resolve("small/f-" + i + ".dat"), 100 + i * 331, i);
    }
    byte[] key = new byte[32];
    new Random(2).nextBytes(key);
    Path keyFile = tmp.resolve("cse.key");
    Files.write(keyFile, key);
    Path ledgerDir = tmp.resolve("ledger");

    try (CosFixture cos = CosFixture.startOnDisk(tmp.resolve("server"))) {
      String bucket = cos.newBucket("cse");
      List<String> command = command(root, bucket, cos.endpoint(), ledgerDir, keyFile);
      cos.proxy.faults().failNext(100_000, r -> r.key().equals(LARGE) && r.operation() == Operation.UPLOAD_PART
          && r.partNumber() >= 3, Fault.slowDown());
      Process child = start(command, tmp.resolve("child.log"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      // parts 3 and 4 are asked for only once parts 1 and 2 are stored and recorded (two parts in flight at most)
      while (child.isAlive() && System.nanoTime() < deadline && !(storedParts(cos) == 2 && asked(cos, 3)
          && asked(cos, 4))) {
        Thread.sleep(10);
      }
      assertThat(child.isAlive()).as("the child is still uploading: %s",
          Files.readString(tmp.resolve("child.log"))).isTrue();
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      cos.proxy.faults().clear();

      CosTarget target = new CosTarget(bucket, CosFixture.REGION, Optional.of(URI.create(cos.endpoint())), true,
          true, "x", "y", Optional.empty());
      JobIdentity job = LocalCommand.identity(root.toRealPath(), target, "");
      try (Ledger ledger = Plugins.ledger(ledgerDir, job)) {
        List<UploadCheckpoint> cps = ledger.checkpoints();
        assertThat(cps).as("the killed run left its upload's checkpoint").hasSize(1);
        UploadCheckpoint cp = cps.get(0);
        assertThat(cp.parts()).as("parts recorded before the kill").extracting(p -> p.partNumber())
            .containsExactly(1, 2);
        assertThat(cp.partSize()).isEqualTo(PART);
        assertThat(cp.uploadId()).contains("#cse1:" + PART + ":")
            .doesNotContain(Base64.getEncoder().encodeToString(key))
            .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(key));
      }

      Path finalLog = tmp.resolve("final.log");
      Process last = start(command, finalLog);
      assertThat(last.waitFor(120, TimeUnit.SECONDS)).as("final run finished").isTrue();
      String out = Files.readString(finalLog);
      assertThat(last.exitValue()).as("final run exit status: %s", out).isZero();
      assertThat(out).contains("crc64 of the ciphertext sent");

      // the same upload went on: one initiation, each part stored, none sent again beyond those in flight
      long initiations = cos.proxy.requests().stream().filter(r -> r.key().equals(LARGE)
          && r.operation() == Operation.INITIATE_MULTIPART && ok(r)).count();
      assertThat(initiations).as("the upload was resumed, not started again").isEqualTo(1);
      Map<Integer, Integer> sends = new HashMap<>();
      for (RecordedRequest r : cos.proxy.requests()) {
        if (r.key().equals(LARGE) && r.operation() == Operation.UPLOAD_PART && ok(r)) {
          sends.merge(r.partNumber(), 1, Integer::sum);
        }
      }
      assertThat(sends).hasSize(PARTS);
      assertThat(sends).as("each part stored once: %s", cos.proxy.requests().stream()
          .filter(r -> r.key().equals(LARGE)).map(r -> r.operation() + " " + r.partNumber() + " " + r.status())
          .toList()).containsOnlyKeys(1, 2, 3, 4).allSatisfy((n, times) -> assertThat(times).isEqualTo(1));
      assertThat(cos.proxy.requests().stream().filter(r -> r.key().equals(LARGE)
          && r.operation() == Operation.COMPLETE_MULTIPART && ok(r)).count()).isEqualTo(1);

      // every object decrypts with the SDK's encryption client and the same key
      COSEncryptionClient sdk = sdkClient(cos.proxy.endpoint().getPort(), key);
      try {
        for (Map.Entry<String, Path> e : TestTrees.regularFiles(root).entrySet()) {
          byte[] stored;
          try (InputStream in = sdk.getObject(new GetObjectRequest(bucket, e.getKey())).getObjectContent()) {
            stored = in.readAllBytes();
          }
          assertThat(stored).as(e.getKey()).isEqualTo(Files.readAllBytes(e.getValue()));
        }
      } finally {
        sdk.shutdown();
      }
      try (Sink sink = cos.sink(bucket)) {
        assertThat(sink.listMultipartUploads("")).as("no upload left open").isEmpty();
      }
      try (Ledger ledger = Plugins.ledger(ledgerDir, job)) {
        assertThat(ledger.checkpoints()).isEmpty();
      }
    }
  }

  private static boolean ok(RecordedRequest r) {
    return r.status() >= 200 && r.status() < 300;
  }

  private static boolean asked(CosFixture cos, int part) {
    return cos.proxy.requests().stream().anyMatch(r -> r.key().equals(LARGE) && r.operation() == Operation.UPLOAD_PART
        && r.partNumber() == part);
  }

  private static long storedParts(CosFixture cos) {
    return cos.proxy.requests().stream().filter(r -> r.key().equals(LARGE) && r.operation() == Operation.UPLOAD_PART
        && ok(r)).count();
  }

  private static List<String> command(Path root, String bucket, String endpoint, Path ledger, Path keyFile) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "local", "--source", root.toString(), "--bucket", bucket, "--region", CosFixture.REGION,
        "--endpoint", endpoint, "--path-style", "--sink-limits", "s3", "--ledger", ledger.toString(),
        "--part-size", String.valueOf(PART), "--small-file-threshold", String.valueOf(PART),
        "--concurrency", "4", "--part-concurrency", String.valueOf(PART_CONCURRENCY), "--parts-per-object",
        String.valueOf(PART_CONCURRENCY), "--max-attempts", "100", "--client-encryption-key", keyFile.toString());
  }

  private static Process start(List<String> command, Path log) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    ChildEnv.isolate(pb, Map.of("COS_SECRET_ID", "dummy-id", "COS_SECRET_KEY", "dummy-key"));
    return pb.start();
  }

  /** cos_api's encryption client on the proxy (path style), with the AES key. */
  private static COSEncryptionClient sdkClient(int port, byte[] key) {
    ClientConfig cc = new ClientConfig(new Region(CosFixture.REGION));
    cc.setHttpProtocol(HttpProtocol.http);
    cc.setEndpointBuilder(new EndpointBuilder() {
      @Override
      public String buildGeneralApiEndpoint(String bucketName) {
        return "127.0.0.1:" + port;
      }

      @Override
      public String buildGetServiceApiEndpoint() {
        return "127.0.0.1:" + port;
      }
    });
    return new COSEncryptionClient(new COSStaticCredentialsProvider(new BasicCOSCredentials("dummy-id",
        "dummy-key")), new StaticEncryptionMaterialsProvider(new EncryptionMaterials(new SecretKeySpec(key, "AES"))),
        cc, new CryptoConfiguration(CryptoMode.AesCtrEncryption).withStorageMode(CryptoStorageMode.ObjectMetadata)) {
      @Override
      protected <X extends CosServiceRequest> CosHttpRequest<X> createRequest(String bucketName, String k,
          X originalRequest, HttpMethodName httpMethod) {
        CosHttpRequest<X> request = super.createRequest(bucketName, k, originalRequest, httpMethod);
        request.setResourcePath("/" + bucketName + request.getResourcePath());
        return request;
      }
    };
  }
}
