package io.github.cosmigrate.source.cos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.cosmigrate.error.ConfigurationException;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.server.Fault;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.spi.capability.Probe;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The COS source's probe (the sink's, on the source's connection) against the COS dialect proxy: what proves a
 * configuration wrong, naming the source's settings, and what does not.
 */
class CosSourceProbeTest {

  @AfterEach
  void clear() {
    CosFixture.proxy().faults().clear();
  }

  private static Predicate<RecordedRequest> bucketRequest(String bucket) {
    return r -> r.bucket().equals(bucket) && r.key().isEmpty();
  }

  private static ConfigurationException probeFails(CosSourceConfig config) {
    try (CosSource source = CosSource.open(config)) {
      assertThat(source.capability(Probe.class)).containsSame(source);
      Throwable t = catchThrowable(source::probe);
      assertThat(t).isInstanceOf(ConfigurationException.class);
      ConfigurationException e = (ConfigurationException) t;
      assertThat(e.kind()).isEqualTo(ErrorKind.FATAL_CONFIGURATION);
      assertThat(e.plugin()).isEqualTo("source 'cos'");
      assertThat(e.getMessage()).startsWith("source 'cos' setting").doesNotContain(CosFixture.SECRET_KEY)
          .doesNotContain("q-signature").doesNotContain("\n");
      return e;
    }
  }

  @Test
  void anExistingBucketPasses() throws Exception {
    String bucket = CosFixture.newBucket();
    CosFixture.put(bucket, "in/a", new byte[] {1});
    try (CosSource s = CosSource.open(CosFixture.source(bucket).prefix("in/").build())) {
      s.probe();
      assertThat(s.list(Optional.empty()).entries()).hasSize(1);
    }
  }

  @Test
  void aDeadPortNamesTheEndpoint() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ConfigurationException e = probeFails(CosFixture.source("any-1250000000")
        .endpoint(URI.create("http://127.0.0.1:" + port)).build());
    assertThat(e.settings()).containsExactly("endpoint");
    assertThat(e.problem()).contains("cannot reach the source", "127.0.0.1:" + port);
  }

  @Test
  void httpsAgainstAPlainHttpServerIsATlsFailureOfTheEndpoint() throws Exception {
    int port = CosFixture.proxy().port();
    ConfigurationException e = probeFails(CosFixture.source("any-1250000000")
        .endpoint(URI.create("https://127.0.0.1:" + port)).build());
    assertThat(e.settings()).containsExactly("endpoint");
    assertThat(e.problem()).contains("TLS", "https://127.0.0.1:" + port, "http://");
  }

  @Test
  void aMissingBucketNamesBucketAndRegion() throws Exception {
    ConfigurationException e = probeFails(CosFixture.source("missing-1250000000").build());
    assertThat(e.settings()).containsExactly("bucket", "region");
    assertThat(e.problem()).contains("missing-1250000000", "does not exist", CosFixture.REGION, "HTTP 404");
  }

  @Test
  void rejectedCredentialsNameTheSecret() throws Exception {
    String bucket = CosFixture.newBucket();
    // HEAD answers 403 without a body; the GET that follows carries the error code
    CosFixture.proxy().faults().failNext(2, bucketRequest(bucket), Fault.status(403, "SignatureDoesNotMatch"));
    ConfigurationException e = probeFails(CosFixture.source(bucket).build());
    assertThat(e.settings()).containsExactly("secret-id", "secret-key");
    assertThat(e.problem()).contains("rejected the credentials", "SignatureDoesNotMatch");
  }

  @Test
  void accessDeniedToTheProbeIsNoReasonToStop() throws Exception {
    String bucket = CosFixture.newBucket();
    CosFixture.proxy().faults().failNext(2, bucketRequest(bucket), Fault.status(403, "AccessDenied"));
    try (CosSource s = CosSource.open(CosFixture.source(bucket).build())) {
      s.probe();
    }
    assertThat(CosFixture.proxy().faults().pending()).isZero();
  }

  @Test
  void aServerErrorProvesNothing() throws Exception {
    String bucket = CosFixture.newBucket();
    CosFixture.proxy().faults().failNext(1, bucketRequest(bucket), Fault.slowDown());
    try (CosSource s = CosSource.open(CosFixture.source(bucket).build())) {
      Throwable t = catchThrowable(s::probe);
      assertThat(t).isInstanceOf(MigrateException.class).isNotInstanceOf(ConfigurationException.class);
      assertThat(((MigrateException) t).kind()).isEqualTo(ErrorKind.THROTTLED);
    }
  }
}
