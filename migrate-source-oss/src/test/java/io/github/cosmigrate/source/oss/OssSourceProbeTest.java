package io.github.cosmigrate.source.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.cosmigrate.error.ConfigurationException;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.server.Fault;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.spi.capability.Probe;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The OSS source's probe against S3Proxy behind the OSS dialect proxy (signatures checked): what proves a
 * configuration wrong, naming the settings, and what does not.
 */
class OssSourceProbeTest {

  @AfterEach
  void clear() {
    OssFixture.proxy().faults().clear();
  }

  private static Predicate<RecordedRequest> listingOf(String bucket) {
    return r -> r.bucket().equals(bucket) && r.operation() == Operation.LIST_OBJECTS;
  }

  private static ConfigurationException probeFails(OssSourceConfig config) {
    try (OssSource source = OssSource.open(config)) {
      assertThat(source.capability(Probe.class)).containsSame(source);
      Throwable t = catchThrowable(source::probe);
      assertThat(t).isInstanceOf(ConfigurationException.class);
      ConfigurationException e = (ConfigurationException) t;
      assertThat(e.kind()).isEqualTo(ErrorKind.FATAL_CONFIGURATION);
      assertThat(e.plugin()).isEqualTo("source 'oss'");
      assertThat(e.getMessage()).startsWith("source 'oss' setting").doesNotContain(OssFixture.SECRET)
          .doesNotContain("StringToSign").doesNotContain("\n");
      return e;
    }
  }

  @Test
  void anExistingBucketAndPrefixPassWithOneSmallListing() throws Exception {
    String bucket = OssFixture.newBucket();
    OssFixture.put(bucket, "in/a", new byte[] {1});
    OssFixture.put(bucket, "in/b", new byte[] {2});
    int before = OssFixture.proxy().requests().size();
    try (OssSource s = OssSource.open(OssFixture.config(bucket).prefix("in").build())) {
      s.probe();
      List<RecordedRequest> sent = OssFixture.proxy().requests();
      assertThat(sent.subList(before, sent.size())).singleElement()
          .satisfies(r -> assertThat(r.operation()).isEqualTo(Operation.LIST_OBJECTS));
      assertThat(s.list(Optional.empty()).entries()).hasSize(2);
    }
  }

  @Test
  void aDeadPortNamesTheEndpoint() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ConfigurationException e = probeFails(OssFixture.config("anybucket")
        .endpoint(URI.create("http://127.0.0.1:" + port)).build());
    assertThat(e.settings()).containsExactly("endpoint");
    assertThat(e.problem()).contains("cannot reach the source", "127.0.0.1:" + port);
  }

  @Test
  void httpsAgainstAPlainHttpServerIsATlsFailureOfTheEndpoint() throws Exception {
    int port = OssFixture.proxy().port();
    ConfigurationException e = probeFails(OssFixture.config("anybucket")
        .endpoint(URI.create("https://127.0.0.1:" + port)).build());
    assertThat(e.settings()).containsExactly("endpoint");
    assertThat(e.problem()).contains("TLS", "https://127.0.0.1:" + port, "http://");
  }

  @Test
  void aMissingBucketNamesTheBucketAndEndpoint() throws Exception {
    ConfigurationException e = probeFails(OssFixture.config("no-such-bucket-probe").build());
    assertThat(e.settings()).containsExactly("bucket", "endpoint");
    assertThat(e.problem()).contains("no-such-bucket-probe", "does not exist", "NoSuchBucket");
  }

  @Test
  void aWrongSecretNamesTheCredentials() throws Exception {
    String bucket = OssFixture.newBucket();
    String wrong = "wrong-oss-secret-value";
    ConfigurationException e = probeFails(OssFixture.config(bucket).credentials(OssFixture.ACCESS_KEY_ID, wrong)
        .build());
    assertThat(e.settings()).containsExactly("access-key-id", "access-key-secret");
    assertThat(e.problem()).contains("rejected the credentials", "SignatureDoesNotMatch").doesNotContain(wrong);
  }

  @Test
  void anExpiredTokenNamesTheTokenFirst() throws Exception {
    String bucket = OssFixture.newBucket();
    OssFixture.proxy().faults().failNext(1, listingOf(bucket), Fault.status(403, "SecurityTokenExpired"));
    ConfigurationException e = probeFails(OssFixture.config(bucket).build());
    assertThat(e.settings()).containsExactly("security-token", "access-key-id", "access-key-secret");
  }

  @Test
  void accessDeniedToTheProbeIsNoReasonToStop() throws Exception {
    String bucket = OssFixture.newBucket();
    OssFixture.proxy().faults().failNext(1, listingOf(bucket), Fault.status(403, "AccessDenied"));
    try (OssSource s = OssSource.open(OssFixture.config(bucket).build())) {
      s.probe();
    }
    assertThat(OssFixture.proxy().faults().pending()).isZero();
  }

  @Test
  void aServerErrorProvesNothing() throws Exception {
    String bucket = OssFixture.newBucket();
    OssFixture.proxy().faults().failNext(1, listingOf(bucket), Fault.slowDown());
    try (OssSource s = OssSource.open(OssFixture.config(bucket).build())) {
      Throwable t = catchThrowable(s::probe);
      assertThat(t).isInstanceOf(MigrateException.class).isNotInstanceOf(ConfigurationException.class);
      assertThat(((MigrateException) t).kind()).isEqualTo(ErrorKind.THROTTLED);
    }
  }
}
