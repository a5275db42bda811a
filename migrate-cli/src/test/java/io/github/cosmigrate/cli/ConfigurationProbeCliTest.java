package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.server.Fault;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong endpoint, TLS, bucket or credentials stop a run before its first transfer with exit 2 and one line naming
 * the flag or variable, small jobs included; plain HTTP is warned about once; the ledger folder is owner-only.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConfigurationProbeCliTest {
  private static final String SECRET = "probe-secret-key-value-0815";
  private static final Map<String, String> ENV = Map.of("COS_SECRET_ID", "AKIDprobe", "COS_SECRET_KEY", SECRET);

  @RegisterExtension
  static final CosFixture cos = CosFixture.perClass();

  @TempDir
  Path tmp;

  Path src;
  Path ledger;
  String bucket;

  @BeforeEach
  void job() throws IOException {
    src = Files.createDirectories(tmp.resolve("src"));
    for (int i = 0; i < 3; i++) {
      Files.writeString(src.resolve("f" + i + ".txt"), "file " + i);
    }
    ledger = tmp.resolve("state/ledger");
    bucket = cos.newBucket("probe");
  }

  @AfterEach
  void clearFaults() {
    cos.proxy.faults().clear();
  }

  private MainTest.Result run(String endpoint, String bucketName, String... extra) {
    List<String> a = new ArrayList<>(List.of("local", "--source", src.toString(), "--bucket", bucketName,
        "--region", CosFixture.REGION, "--endpoint", endpoint, "--sink-limits", "s3", "--ledger", ledger.toString(),
        "--progress-interval", "600"));
    a.addAll(List.of(extra));
    return MainTest.main(ENV, a.toArray(String[]::new));
  }

  /** Exit 2, one line on stderr naming {@code fragments}, no summary, nothing sent, no failures file. */
  private void assertStoppedBeforeTheFirstTransfer(MainTest.Result r, int requestsBefore, String... fragments)
      throws IOException {
    System.out.println("PROBE-LINE " + r.err());
    assertThat(r.status()).as(r.err()).isEqualTo(Main.CONFIG);
    assertThat(r.err().lines().toList()).as(r.err()).singleElement().asString().startsWith("cos-migrate: ")
        .contains(fragments).doesNotContain("Exception", "\tat ", SECRET, "warning");
    assertThat(r.out()).as("no summary of failed objects").isEmpty();
    List<RecordedRequest> all = cos.proxy.requests();
    assertThat(all.subList(requestsBefore, all.size())).extracting(RecordedRequest::operation)
        .doesNotContain(Operation.PUT_OBJECT, Operation.INITIATE_MULTIPART, Operation.UPLOAD_PART);
    try (Stream<Path> files = Files.exists(ledger) ? Files.list(ledger) : Stream.empty()) {
      assertThat(files.filter(f -> f.getFileName().toString().startsWith("failures-"))
          .filter(f -> f.toFile().length() > 0)).as("no per-file failures").isEmpty();
    }
  }

  @Test
  void aDeadPortStopsASmallJobWithOneLineNamingTheEndpoint() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    MainTest.Result r = run("http://127.0.0.1:" + port, bucket);
    assertStoppedBeforeTheFirstTransfer(r, cos.proxy.requests().size(), "--endpoint", "127.0.0.1:" + port,
        "cannot reach");
  }

  @Test
  void httpsAgainstAPlainHttpServerIsOneLineAboutTlsAndTheEndpoint() throws Exception {
    int before = cos.proxy.requests().size();
    MainTest.Result r = run("https://127.0.0.1:" + cos.proxy.port(), bucket);
    assertStoppedBeforeTheFirstTransfer(r, before, "--endpoint", "TLS", "https://127.0.0.1:" + cos.proxy.port());
  }

  @Test
  void aBareHostNameMeansHttps() throws Exception {
    int before = cos.proxy.requests().size();
    MainTest.Result r = run("127.0.0.1:" + cos.proxy.port(), bucket);
    assertStoppedBeforeTheFirstTransfer(r, before, "--endpoint", "TLS", "https://127.0.0.1:" + cos.proxy.port());
  }

  @Test
  void aWrongBucketIsOneLineNamingTheBucket() throws Exception {
    int before = cos.proxy.requests().size();
    MainTest.Result r = run(cos.endpoint(), "nosuch-1250000000");
    assertStoppedBeforeTheFirstTransfer(r, before, "--bucket", "--region", "nosuch-1250000000", "does not exist");
  }

  @Test
  void anExpiredTokenStopsTheRunWithOneLineNamingCosToken() throws Exception {
    cos.proxy.faults().failNext(2, q -> q.bucket().equals(bucket) && q.key().isEmpty(),
        Fault.status(400, "ExpiredToken"));
    int before = cos.proxy.requests().size();
    Map<String, String> env = new java.util.HashMap<>(ENV);
    env.put("COS_TOKEN", "an-expired-session-token");
    List<String> a = new ArrayList<>(List.of("local", "--source", src.toString(), "--bucket", bucket,
        "--region", CosFixture.REGION, "--endpoint", cos.endpoint(), "--sink-limits", "s3", "--ledger",
        ledger.toString(), "--progress-interval", "600"));
    MainTest.Result r = MainTest.main(env, a.toArray(String[]::new));
    assertStoppedBeforeTheFirstTransfer(r, before, "COS_TOKEN, COS_SECRET_ID, COS_SECRET_KEY", "expired");
    assertThat(r.err()).doesNotContain("an-expired-session-token");
  }

  @Test
  void theUploadsCommandProbesFirst() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    MainTest.Result dead = MainTest.main(ENV, "uploads", "--bucket", bucket, "--region", CosFixture.REGION,
        "--endpoint", "http://127.0.0.1:" + port);
    assertThat(dead.status()).as(dead.err()).isEqualTo(Main.CONFIG);
    assertThat(dead.err().lines().filter(l -> !l.contains("plain HTTP")).toList()).as(dead.err()).singleElement()
        .asString().startsWith("cos-migrate: --endpoint: ").contains("cannot reach", "127.0.0.1:" + port)
        .doesNotContain("Exception", SECRET);

    cos.proxy.faults().failNext(2, q -> q.bucket().equals(bucket) && q.key().isEmpty(),
        Fault.status(403, "SignatureDoesNotMatch"));
    MainTest.Result refused = MainTest.main(ENV, "uploads", "--bucket", bucket, "--region", CosFixture.REGION,
        "--endpoint", cos.endpoint());
    assertThat(refused.status()).as(refused.err()).isEqualTo(Main.CONFIG);
    assertThat(refused.err().lines().filter(l -> !l.contains("plain HTTP")).toList()).as(refused.err())
        .singleElement().asString().startsWith("cos-migrate: COS_SECRET_ID, COS_SECRET_KEY: ")
        .contains("rejected the credentials");
    assertThat(cos.proxy.requests()).filteredOn(q -> q.bucket().equals(bucket))
        .extracting(RecordedRequest::operation).doesNotContain(Operation.LIST_MULTIPART_UPLOADS);

    MainTest.Result missing = MainTest.main(ENV, "uploads", "--bucket", "nosuch-1250000000", "--region",
        CosFixture.REGION, "--endpoint", cos.endpoint());
    assertThat(missing.status()).as(missing.err()).isEqualTo(Main.CONFIG);
    assertThat(missing.err()).contains("--bucket, --region: ", "does not exist");

    MainTest.Result ok = MainTest.main(ENV, "uploads", "--bucket", bucket, "--region", CosFixture.REGION,
        "--endpoint", cos.endpoint());
    assertThat(ok.status()).as(ok.err()).isEqualTo(Main.OK);
  }

  @Test
  void rejectedCredentialsAreOneLineNamingTheVariables() throws Exception {
    cos.proxy.faults().failNext(2, q -> q.bucket().equals(bucket) && q.key().isEmpty(),
        Fault.status(403, "SignatureDoesNotMatch"));
    int before = cos.proxy.requests().size();
    MainTest.Result r = run(cos.endpoint(), bucket);
    assertStoppedBeforeTheFirstTransfer(r, before, "COS_SECRET_ID", "COS_SECRET_KEY", "rejected the credentials");
  }

  @Test
  void aPlainHttpEndpointIsWarnedAboutOnceAndTheLedgerFolderIsOwnerOnly() throws Exception {
    MainTest.Result r = run(cos.endpoint(), bucket);
    assertThat(r.status()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.err().lines().filter(l -> l.contains("plain HTTP")).toList()).as(r.err()).singleElement()
        .asString().startsWith("cos-migrate WARN transport: ").contains(cos.endpoint(), "--endpoint", "https://");
    System.out.println("PROBE-LINE " + r.err());
    assertThat(r.out()).contains("migrated 3");
    for (Path dir : List.of(ledger.getParent(), ledger)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).as(dir.toString())
          .isEqualTo("rwx------");
    }
    try (Stream<Path> stores = Files.list(ledger)) {
      assertThat(stores.filter(Files::isDirectory).toList()).isNotEmpty().allSatisfy(d -> assertThat(
          PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).isEqualTo("rwx------"));
    }
    // a rerun (everything skipped) warns once too
    MainTest.Result again = run(cos.endpoint(), bucket);
    assertThat(again.status()).as(again.err()).isEqualTo(Main.OK);
    assertThat(again.err().lines().filter(l -> l.contains("plain HTTP")).count()).as(again.err()).isEqualTo(1);
  }
}
