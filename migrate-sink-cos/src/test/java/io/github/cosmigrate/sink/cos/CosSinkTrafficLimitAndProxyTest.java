package io.github.cosmigrate.sink.cos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.spi.provider.InvalidSettingsException;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The original tool's {@code threadTrafficLimit} ({@code x-cos-traffic-limit} on every upload request) and
 * {@code proxyHost}/{@code proxyPort} (an HTTP proxy for every request), on the wire of a JDK HTTP server.
 */
class CosSinkTrafficLimitAndProxyTest {
  record Seen(String method, URI uri, String host, String trafficLimit) {}

  final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
  HttpServer server;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI(), ex.getRequestHeaders().getFirst("Host"),
          ex.getRequestHeaders().getFirst("x-cos-traffic-limit")));
      ex.getResponseHeaders().add("ETag", CosTestServers.md5Etag(body));
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private CosSinkConfig.Builder config(String endpoint) {
    return CosSinkConfig.builder().region("ap-guangzhou").bucket("limits-1250000000").credentials("AKIDx", "key")
        .endpoint(URI.create(endpoint)).pathStyle(true).sdkMaxRetries(0);
  }

  @Test
  void everyUploadRequestCarriesTheTrafficLimit() throws Exception {
    byte[] b = "some bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (CosSink s = CosSink.create(config("http://127.0.0.1:" + server.getAddress().getPort())
        .trafficLimit(819_200).build())) {
      s.put("a.txt", new ByteArrayInputStream(b), b.length, ObjectMetadata.builder().build());
      s.uploadPart("big.bin", "upload-1", 1, new ByteArrayInputStream(b), b.length);
    }
    assertThat(seen).filteredOn(r -> r.method().equals("PUT")).hasSize(2)
        .allSatisfy(r -> assertThat(r.trafficLimit()).isEqualTo("819200"));
  }

  @Test
  void withoutALimitNoHeaderIsSent() throws Exception {
    byte[] b = "x".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (CosSink s = CosSink.create(config("http://127.0.0.1:" + server.getAddress().getPort()).build())) {
      s.put("a.txt", new ByteArrayInputStream(b), b.length, ObjectMetadata.builder().build());
    }
    assertThat(seen).filteredOn(r -> r.method().equals("PUT")).singleElement()
        .satisfies(r -> assertThat(r.trafficLimit()).isNull());
  }

  @Test
  void requestsGoThroughTheProxy() throws Exception {
    byte[] b = "via proxy".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    // the endpoint's host does not resolve: only the proxy can have forwarded the request
    try (CosSink s = CosSink.create(config("http://cos.proxied.invalid:8080")
        .proxy("127.0.0.1", server.getAddress().getPort()).build())) {
      s.put("a.txt", new ByteArrayInputStream(b), b.length, ObjectMetadata.builder().build());
    }
    assertThat(seen).filteredOn(r -> r.method().equals("PUT")).singleElement().satisfies(r -> {
      assertThat(r.uri().getHost()).as("an absolute URI, as sent to a proxy").isEqualTo("cos.proxied.invalid");
      assertThat(r.uri().getPath()).isEqualTo("/limits-1250000000/a.txt");
    });
  }

  @Test
  void theSettingsAreCheckedAndNamed() {
    CosSinkProvider p = new CosSinkProvider();
    Map<String, String> base = Map.of(CosSinkProvider.REGION, "ap-guangzhou", CosSinkProvider.BUCKET,
        "limits-1250000000", CosSinkProvider.SECRET_ID, "id", CosSinkProvider.SECRET_KEY, "key");
    java.util.function.Function<Map<String, String>, CosSinkConfig> config = extra -> {
      Map<String, String> m = new java.util.HashMap<>(base);
      m.putAll(extra);
      return p.config(p.bind(m));
    };
    CosSinkConfig ok = config.apply(Map.of(CosSinkProvider.PROXY, "proxy.local:3128", CosSinkProvider.TRAFFIC_LIMIT,
        "838860800"));
    assertThat(ok.proxy()).hasValueSatisfying(a -> assertThat(a.getHostString() + ":" + a.getPort())
        .isEqualTo("proxy.local:3128"));
    assertThat(ok.trafficLimit()).isEqualTo(838_860_800L);
    assertThatThrownBy(() -> config.apply(Map.of(CosSinkProvider.PROXY, "proxy.local")))
        .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("host:port");
    assertThatThrownBy(() -> config.apply(Map.of(CosSinkProvider.TRAFFIC_LIMIT, "100")))
        .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("819200 to 838860800");
    assertThatThrownBy(() -> config.apply(Map.of(CosSinkProvider.TRAFFIC_LIMIT, "fast")))
        .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("whole number");
  }
}
