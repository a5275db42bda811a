package io.github.cosmigrate.sink.cos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.error.ConfigurationException;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.Fault;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.spi.capability.Probe;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The COS sink's probe against the COS dialect proxy: what proves a configuration wrong, and what does not. */
class CosSinkProbeTest {
  private static DialectProxy proxy;
  private static String bucket;

  @BeforeAll
  static void start() throws IOException {
    proxy = CosTestServers.proxy();
    bucket = CosTestServers.newBucket();
  }

  @AfterEach
  void clear() {
    proxy.faults().clear();
  }

  private static Predicate<RecordedRequest> bucketRequest() {
    return r -> r.bucket().equals(bucket) && r.key().isEmpty();
  }

  private static ConfigurationException probeFails(CosSinkConfig config) {
    try (CosSink sink = CosSink.create(config)) {
      assertThat(sink.capability(Probe.class)).containsSame(sink);
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(sink::probe);
      assertThat(t).isInstanceOf(ConfigurationException.class);
      ConfigurationException e = (ConfigurationException) t;
      assertThat(e.kind()).isEqualTo(ErrorKind.FATAL_CONFIGURATION);
      assertThat(e.getMessage()).startsWith("sink 'cos' setting").doesNotContain(CosTestServers.SECRET_KEY)
          .doesNotContain("q-signature").doesNotContain("\n");
      return e;
    }
  }

  @Test
  void anExistingBucketPasses() throws Exception {
    try (CosSink sink = CosSink.create(CosTestServers.config(bucket).build())) {
      sink.probe();
    }
  }

  @Test
  void aMissingBucketNamesBucketAndRegion() throws Exception {
    ConfigurationException e = probeFails(CosTestServers.config("missing-1250000000").build());
    assertThat(e.settings()).containsExactly("bucket", "region");
    assertThat(e.problem()).contains("missing-1250000000", "does not exist", "ap-guangzhou", "HTTP 404");
  }

  @Test
  void aDeadPortNamesTheEndpoint() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ConfigurationException e = probeFails(CosTestServers.config(bucket)
        .endpoint(URI.create("http://127.0.0.1:" + port)).build());
    assertThat(e.settings()).containsExactly("endpoint");
    assertThat(e.problem()).contains("cannot reach the sink", "127.0.0.1:" + port);
  }

  @Test
  void httpsAgainstAPlainHttpServerIsATlsFailureOfTheEndpoint() throws Exception {
    ConfigurationException e = probeFails(CosTestServers.config(bucket)
        .endpoint(URI.create("https://127.0.0.1:" + proxy.port())).build());
    assertThat(e.settings()).containsExactly("endpoint");
    assertThat(e.problem()).contains("TLS", "https://127.0.0.1:" + proxy.port(), "http://");
  }

  @Test
  void rejectedCredentialsNameTheSecret() throws Exception {
    // HEAD answers 403 without a body; the GET that follows carries the error code
    proxy.faults().failNext(2, bucketRequest(), Fault.status(403, "InvalidAccessKeyId"));
    ConfigurationException e = probeFails(CosTestServers.config(bucket).build());
    assertThat(e.settings()).containsExactly("secret-id", "secret-key");
    assertThat(e.problem()).contains("rejected the credentials", "InvalidAccessKeyId");
  }

  @Test
  void anExpiredTokenNamesTheTokenFirst() throws Exception {
    // COS answers an expired token with 400 ExpiredToken; the HEAD's answer has no body, the GET's names it
    proxy.faults().failNext(2, bucketRequest(), Fault.status(400, "ExpiredToken"));
    ConfigurationException e = probeFails(CosTestServers.config(bucket).build());
    assertThat(e.settings()).containsExactly("token", "secret-id", "secret-key");
    assertThat(e.problem()).contains("temporary credentials have expired", "ExpiredToken");
    assertThat(proxy.faults().pending()).isZero();
  }

  @Test
  void credentialsThatMayNotAskAreNoReasonToStop() throws Exception {
    proxy.faults().failNext(2, bucketRequest(), Fault.status(403, "AccessDenied"));
    try (CosSink sink = CosSink.create(CosTestServers.config(bucket).build())) {
      sink.probe();
    }
    assertThat(proxy.faults().pending()).isZero();
  }

  @Test
  void aServerErrorProvesNothing() throws Exception {
    proxy.faults().failNext(1, bucketRequest(), Fault.slowDown());
    try (CosSink sink = CosSink.create(CosTestServers.config(bucket).build())) {
      assertThatThrownBy(sink::probe).isInstanceOf(MigrateException.class)
          .isNotInstanceOf(ConfigurationException.class)
          .satisfies(t -> assertThat(((MigrateException) t).kind()).isEqualTo(ErrorKind.THROTTLED));
    }
  }

  @Test
  void anEndpointOfAnotherRegionIsFoundWithoutARequest() {
    int before = proxy.requests().size();
    ConfigurationException e = probeFails(CosSinkConfig.builder().region("ap-guangzhou").bucket(bucket)
        .credentials(CosTestServers.SECRET_ID, CosTestServers.SECRET_KEY)
        .endpoint(URI.create("https://cos.ap-shanghai.myqcloud.com")).build());
    assertThat(e.settings()).containsExactly("region", "endpoint");
    assertThat(e.problem()).contains("ap-shanghai", "ap-guangzhou");
    assertThat(proxy.requests()).hasSize(before);
  }

  @Test
  void theMessageNamesEverySetting() {
    ConfigurationException e = new ConfigurationException("sink 'cos'", List.of("bucket", "region"), "no such bucket",
        null);
    assertThat(e.getMessage()).isEqualTo("sink 'cos' settings 'bucket', 'region': no such bucket");
  }
}
