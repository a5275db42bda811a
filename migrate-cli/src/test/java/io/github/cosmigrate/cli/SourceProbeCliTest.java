package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dead or TLS-failing {@code --src-endpoint} of the {@code s3}, {@code oss} and {@code cos} commands stops the run
 * at the source's probe, before the first listing: exit 2 and one line naming {@code --src-endpoint}, nothing
 * written to the destination, no per-object failures (not 5 listing attempts and exit 1).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SourceProbeCliTest {
  private static final String COS_KEY = "cos-secret-key-never-printed";
  private static final String SRC_SECRET = "src-secret-never-printed";

  @RegisterExtension
  static final CosFixture cos = CosFixture.perClass();

  @TempDir
  Path tmp;

  String dst;
  int deadPort;

  @BeforeEach
  void job() throws IOException {
    dst = cos.newBucket("srcprobe");
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = s.getLocalPort();
    }
  }

  private MainTest.Result run(Map<String, String> env, String... command) {
    List<String> a = new ArrayList<>(List.of(command));
    a.addAll(List.of("--bucket", dst, "--region", CosFixture.REGION, "--endpoint", cos.endpoint(), "--path-style",
        "--sink-limits", "s3", "--ledger", tmp.resolve("ledger").toString(), "--progress-interval", "600"));
    return MainTest.main(env, a.toArray(String[]::new));
  }

  /** Exit 2, one line on stderr naming {@code fragments}, no summary, nothing written, no failures file. */
  private void assertStoppedAtTheSourceProbe(MainTest.Result r, int requestsBefore, String... fragments)
      throws IOException {
    System.out.println("SOURCE-PROBE-LINE " + r.err());
    assertThat(r.status()).as(r.err()).isEqualTo(Main.CONFIG);
    assertThat(r.err().lines().toList()).as(r.err()).singleElement().asString().startsWith("cos-migrate: ")
        .contains(fragments).doesNotContain("Exception", "\tat ", SRC_SECRET, COS_KEY, "listing stopped");
    assertThat(r.out()).as("no summary").isEmpty();
    List<RecordedRequest> all = cos.proxy.requests();
    assertThat(all.subList(requestsBefore, all.size())).extracting(RecordedRequest::operation)
        .as("nothing written to the destination").doesNotContain(Operation.PUT_OBJECT, Operation.INITIATE_MULTIPART, Operation.UPLOAD_PART,
            Operation.COMPLETE_MULTIPART);
    Path ledger = tmp.resolve("ledger");
    try (Stream<Path> files = Files.exists(ledger) ? Files.list(ledger) : Stream.empty()) {
      assertThat(files.filter(f -> f.getFileName().toString().startsWith("failures-"))
          .filter(f -> f.toFile().length() > 0)).as("no per-object failures").isEmpty();
    }
  }

  @Test
  void s3WithADeadSourceEndpointIsOneLineNamingIt() throws Exception {
    int before = cos.proxy.requests().size();
    MainTest.Result r = run(Map.of("COS_SECRET_ID", "cos-id", "COS_SECRET_KEY", COS_KEY, "AWS_ACCESS_KEY_ID",
        "src-id", "AWS_SECRET_ACCESS_KEY", SRC_SECRET), "s3", "--src-bucket", "some-bucket", "--src-region",
        "us-east-1", "--src-endpoint", "http://127.0.0.1:" + deadPort, "--src-path-style");
    assertStoppedAtTheSourceProbe(r, before, "--src-endpoint", "127.0.0.1:" + deadPort, "cannot reach the source");
  }

  @Test
  void s3WithHttpsAgainstAPlainHttpServerIsOneLineAboutTls() throws Exception {
    int before = cos.proxy.requests().size();
    String https = "https://127.0.0.1:" + cos.proxy.port();
    MainTest.Result r = run(Map.of("COS_SECRET_ID", "cos-id", "COS_SECRET_KEY", COS_KEY, "AWS_ACCESS_KEY_ID",
        "src-id", "AWS_SECRET_ACCESS_KEY", SRC_SECRET), "s3", "--src-bucket", "some-bucket", "--src-region",
        "us-east-1", "--src-endpoint", https, "--src-path-style");
    assertStoppedAtTheSourceProbe(r, before, "--src-endpoint", "TLS", https);
  }

  @Test
  void ossWithADeadSourceEndpointIsOneLineNamingIt() throws Exception {
    int before = cos.proxy.requests().size();
    MainTest.Result r = run(Map.of("COS_SECRET_ID", "cos-id", "COS_SECRET_KEY", COS_KEY, "OSS_ACCESS_KEY_ID",
        "LTAIsrc", "OSS_ACCESS_KEY_SECRET", SRC_SECRET), "oss", "--src-bucket", "some-bucket", "--src-endpoint",
        "http://127.0.0.1:" + deadPort, "--src-path-style");
    assertStoppedAtTheSourceProbe(r, before, "--src-endpoint", "127.0.0.1:" + deadPort, "cannot reach the source");
  }

  @Test
  void cosWithADeadSourceEndpointIsOneLineNamingIt() throws Exception {
    int before = cos.proxy.requests().size();
    MainTest.Result r = run(Map.of("COS_SECRET_ID", "cos-id", "COS_SECRET_KEY", COS_KEY, "COS_SRC_SECRET_ID",
        "src-id", "COS_SRC_SECRET_KEY", SRC_SECRET), "cos", "--src-bucket", "some-1250000000", "--src-region",
        CosFixture.REGION, "--src-endpoint", "http://127.0.0.1:" + deadPort);
    assertStoppedAtTheSourceProbe(r, before, "--src-endpoint", "127.0.0.1:" + deadPort, "cannot reach the source");
  }
}
