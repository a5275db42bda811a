package io.github.cosmigrate.sink.cos;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.Verification;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink's own put exchange over HTTPS, as real COS is reached: a JDK HTTPS server with a certificate made for
 * this test (keytool, subject alternative name 127.0.0.1), trusted through the standard
 * {@code javax.net.ssl.trustStore} property, so that the client's default TLS set-up, certificate check and host
 * name check all run. Both transports (direct and through cos_api) reach the server and read its answer.
 */
class DirectPutTlsTest {
  private static final String PASS = "changeit";

  @TempDir Path dir;
  HttpsServer server;
  final List<String> seen = Collections.synchronizedList(new ArrayList<>());
  String oldTrustStore;
  String oldTrustPass;

  @BeforeEach
  void start() throws Exception {
    Path ks = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "srv", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
        "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(),
        "-storepass", PASS, "-keypass", PASS).redirectErrorStream(true).start();
    String out = new String(keytool.getInputStream().readAllBytes(), UTF_8);
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(out).isZero();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(ks)) {
      store.load(in, PASS.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, PASS.toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      seen.add(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + " " + body.length);
      ex.getResponseHeaders().add("ETag", "\"etag-" + body.length + "\"");
      ex.getResponseHeaders().add("x-cos-hash-crc64ecma", Crc64.toUnsignedString(Crc64.of(body)));
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    server.start();
    // the server's certificate as the client's trust store: read when a client builds its default TLS context
    oldTrustStore = System.getProperty("javax.net.ssl.trustStore");
    oldTrustPass = System.getProperty("javax.net.ssl.trustStorePassword");
    System.setProperty("javax.net.ssl.trustStore", ks.toString());
    System.setProperty("javax.net.ssl.trustStorePassword", PASS);
  }

  @AfterEach
  void stop() {
    restore("javax.net.ssl.trustStore", oldTrustStore);
    restore("javax.net.ssl.trustStorePassword", oldTrustPass);
    server.stop(0);
  }

  private static void restore(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }

  @Test
  void putsAndPartsGoOverHttpsWithTheCertificateAndHostChecked() throws Exception {
    byte[] body = "bytes over TLS".repeat(10_000).getBytes(UTF_8);
    for (boolean direct : new boolean[] {true, false}) {
      CosSinkConfig config = CosSinkConfig.builder().region("ap-guangzhou").bucket("tls-1250000000")
          .credentials("AKIDtls", "tls-secret").endpoint(URI.create("https://127.0.0.1:" + server.getAddress()
              .getPort())).pathStyle(true).sdkMaxRetries(0).directPuts(direct).build();
      assertThat(config.plainHttp()).isFalse();
      try (CosSink sink = CosSink.create(config)) {
        PutResult put = sink.put("a/b.txt", new ByteArrayInputStream(body), body.length, ObjectMetadata.empty());
        PartResult part = sink.uploadPart("a/c.bin", "up-1", 1, new ByteArrayInputStream(body), body.length);
        assertThat(put.etag()).isEqualTo("etag-" + body.length);
        assertThat(part.etag()).isEqualTo("etag-" + body.length);
        if (direct) {
          // cos_api reads response headers case-sensitively and the JDK server capitalises them (see
          // DirectPutWireTest), so only the direct put sees this server's CRC-64
          assertThat(put.verification()).isEqualTo(Verification.VERIFIED);
          assertThat(part.verification()).isEqualTo(Verification.VERIFIED);
        }
      }
    }
    assertThat(seen).containsExactly("PUT /tls-1250000000/a/b.txt " + body.length,
        "PUT /tls-1250000000/a/c.bin " + body.length, "PUT /tls-1250000000/a/b.txt " + body.length,
        "PUT /tls-1250000000/a/c.bin " + body.length);
  }

  @Test
  void aCertificateTheClientDoesNotTrustFailsThePutAndSendsNoBody() {
    restore("javax.net.ssl.trustStore", oldTrustStore); // the JDK's own trust store: this certificate is not in it
    restore("javax.net.ssl.trustStorePassword", oldTrustPass);
    byte[] body = "secret bytes".getBytes(UTF_8);
    try (CosSink sink = CosSink.create(CosSinkConfig.builder().region("ap-guangzhou").bucket("tls-1250000000")
        .credentials("AKIDtls", "tls-secret").endpoint(URI.create("https://127.0.0.1:" + server.getAddress()
            .getPort())).pathStyle(true).sdkMaxRetries(0).build())) {
      assertThatThrownBy(() -> sink.put("k", new ByteArrayInputStream(body), body.length, ObjectMetadata.empty()))
          .isInstanceOf(MigrateException.class).hasMessageContaining("put 'k'").hasMessageContaining("TLS handshake")
          .hasMessageContaining("trustStore").hasCauseInstanceOf(com.qcloud.cos.exception.CosClientException.class)
          .hasRootCauseMessage("unable to find valid certification path to requested target");
    }
    assertThat(seen).isEmpty();
  }
}
