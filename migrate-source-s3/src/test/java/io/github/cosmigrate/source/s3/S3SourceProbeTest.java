package io.github.cosmigrate.source.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import io.github.cosmigrate.error.ConfigurationException;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.spi.capability.Probe;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The S3 source's probe against S3Proxy (SigV4 checked) and a JDK HttpServer for answers S3Proxy cannot give: what
 * proves a configuration wrong, naming the settings, and what does not.
 */
class S3SourceProbeTest {
  private HttpServer http;
  private final AtomicReference<String> answer = new AtomicReference<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", x -> {
      requests.add(x.getRequestMethod() + " " + x.getRequestURI());
      try (x) {
        String[] a = answer.get().split(" ", 2);
        byte[] b = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + a[1] + "</Code><Message>m</Message>"
            + "<RequestId>r1</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/xml");
        if (x.getRequestMethod().equals("HEAD")) {
          x.sendResponseHeaders(Integer.parseInt(a[0]), -1);
        } else {
          x.sendResponseHeaders(Integer.parseInt(a[0]), b.length);
          x.getResponseBody().write(b);
        }
      }
    });
    http.start();
  }

  @AfterEach
  void stop() {
    http.stop(0);
  }

  private static ConfigurationException probeFails(S3Source source) {
    try (source) {
      assertThat(source.capability(Probe.class)).containsSame(source);
      Throwable t = catchThrowable(source::probe);
      assertThat(t).isInstanceOf(ConfigurationException.class);
      ConfigurationException e = (ConfigurationException) t;
      assertThat(e.kind()).isEqualTo(ErrorKind.FATAL_CONFIGURATION);
      assertThat(e.plugin()).isEqualTo("source 's3'");
      assertThat(e.getMessage()).startsWith("source 's3' setting").doesNotContain(S3Fixture.SECRET_KEY)
          .doesNotContain("Signature=").doesNotContain("\n");
      return e;
    }
  }

  private S3Source fake(String bucket) {
    return S3Source.open(S3SourceConfig.builder(bucket).region("us-east-1").pathStyle(true)
        .endpoint(URI.create("http://127.0.0.1:" + http.getAddress().getPort())).credentials(S3Fixture.credentials())
        .sdkMaxAttempts(1).build());
  }

  @Test
  void aBucketThatAnswersTheHeadIsNotListed() throws Exception {
    answer.set("200 none");
    try (S3Source s = fake("b")) {
      s.probe();
    }
    assertThat(requests).containsExactly("HEAD /b");
  }

  @Test
  void anExistingBucketAndPrefixPassWithAHeadOnly() throws Exception {
    String bucket = S3Fixture.newBucket();
    S3Fixture.put(bucket, "in/a", new byte[] {1});
    try (S3Source s = S3Source.open(S3Fixture.config(bucket).prefix("in/").build())) {
      s.probe();
      assertThat(s.list(java.util.Optional.empty()).entries()).hasSize(1);
    }
    try (S3Source empty = S3Source.open(S3Fixture.config(bucket).prefix("nothing-here/").build())) {
      empty.probe();
    }
  }

  @Test
  void aDeadPortNamesTheEndpoint() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ConfigurationException e = probeFails(S3Source.open(S3Fixture.config("any")
        .endpoint(URI.create("http://127.0.0.1:" + port)).build()));
    assertThat(e.settings()).containsExactly("endpoint");
    assertThat(e.problem()).contains("cannot reach the source", "127.0.0.1:" + port);
  }

  @Test
  void aHostThatDoesNotResolveNamesTheEndpoint() throws Exception {
    DnsResolver none = new DnsResolver() {
      @Override
      public InetAddress[] resolve(String host) throws UnknownHostException {
        throw new UnknownHostException(host + ": Name or service not known");
      }

      @Override
      public String resolveCanonicalHostname(String host) throws UnknownHostException {
        throw new UnknownHostException(host);
      }
    };
    ConfigurationException e = probeFails(S3Source.open(S3Fixture.config("any")
        .endpoint(URI.create("http://s3.nosuch.test:9000")).build(), none));
    assertThat(e.settings()).containsExactly("endpoint");
    assertThat(e.problem()).contains("does not resolve", "http://s3.nosuch.test:9000");
  }

  @Test
  void httpsAgainstAPlainHttpServerIsATlsFailureOfTheEndpoint() throws Exception {
    int port = S3Fixture.server().endpoint().getPort();
    ConfigurationException e = probeFails(S3Source.open(S3Fixture.config("any")
        .endpoint(URI.create("https://127.0.0.1:" + port)).build()));
    assertThat(e.settings()).containsExactly("endpoint");
    assertThat(e.problem()).contains("TLS", "https://127.0.0.1:" + port, "http://");
  }

  @Test
  void aMissingBucketNamesTheBucket() throws Exception {
    ConfigurationException e = probeFails(S3Source.open(S3Fixture.config("nosuch-bucket-probe").build()));
    assertThat(e.settings()).containsExactly("bucket");
    assertThat(e.problem()).contains("nosuch-bucket-probe", "does not exist", "HEAD Bucket: HTTP 404");
  }

  @Test
  void aWrongSecretNamesTheCredentials() throws Exception {
    String bucket = S3Fixture.newBucket();
    ConfigurationException e = probeFails(S3Source.open(S3Fixture.config(bucket).credentials(
        StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Fixture.ACCESS_KEY, "wrong-secret-value")))
        .build()));
    assertThat(e.settings()).containsExactly("access-key-id", "secret-access-key");
    assertThat(e.problem()).contains("rejected the credentials", "HTTP 403").doesNotContain("wrong-secret-value");
  }

  @Test
  void anUnknownAccessKeyNamesTheCredentials() throws Exception {
    answer.set("403 InvalidAccessKeyId");
    ConfigurationException e = probeFails(fake("b"));
    assertThat(e.settings()).containsExactly("access-key-id", "secret-access-key");
    assertThat(e.problem()).contains("InvalidAccessKeyId", "request id r1");
  }

  @Test
  void anotherRegionNamesTheRegion() throws Exception {
    answer.set("400 AuthorizationHeaderMalformed");
    ConfigurationException e = probeFails(fake("b"));
    assertThat(e.settings()).containsExactly("region");
    assertThat(e.problem()).contains("us-east-1", "AuthorizationHeaderMalformed");
  }

  @Test
  void accessDeniedToTheProbeIsNoReasonToStop() throws Exception {
    answer.set("403 AccessDenied");
    try (S3Source s = fake("b")) {
      s.probe();
    }
    // HEAD's 403 has no error code: a listing of one key asks why
    assertThat(requests).hasSize(2).first().isEqualTo("HEAD /b");
    assertThat(requests.get(1)).startsWith("GET /b?").contains("max-keys=1");
  }

  @Test
  void aServerErrorProvesNothing() throws Exception {
    answer.set("503 SlowDown");
    try (S3Source s = fake("b")) {
      Throwable t = catchThrowable(s::probe);
      assertThat(t).isInstanceOf(MigrateException.class).isNotInstanceOf(ConfigurationException.class);
      assertThat(((MigrateException) t).kind()).isEqualTo(ErrorKind.THROTTLED);
    }
  }
}
