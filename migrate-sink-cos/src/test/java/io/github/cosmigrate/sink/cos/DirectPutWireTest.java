package io.github.cosmigrate.sink.cos;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.Verification;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sink's own put exchange ({@link CosSinkConfig#directPuts()}) puts on the wire what cos_api's
 * {@code putObject}/{@code uploadPart} put there: the same method, path, query and headers, a signature that an
 * independent COS signature check (written here from COS's public algorithm, not cos_api's code) accepts for the
 * headers and path actually sent, the same body; and it reads the answer the same way. Each case sends the same
 * requests both ways to one JDK HTTP server and compares them pairwise: odd keys, every kind of metadata, SSE-COS
 * and SSE-KMS, a traffic limit, temporary credentials, path style and virtual-host style through a proxy, an
 * empty body.
 */
class DirectPutWireTest {
  private static final String SECRET = "wire-secret-key-0123456789";
  private static final String BUCKET = "wire-1250000000";
  private static final List<String> KEYS = List.of("plain.txt", "dir/sub dir/a b+c%d*e~f(1)'!$&=;,@[].bin",
      "中文/ключ-é.txt", "/leading-slash", "q?x#y.txt");

  record Seen(String method, String path, String query, Map<String, String> headers, byte[] body) {}

  final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
  HttpServer server;
  /** Answer puts with the ETag of other bytes and no CRC-64 (a body changed on the way, at a non-COS endpoint). */
  volatile boolean wrongEtag;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      Map<String, String> headers = new TreeMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      URI u = ex.getRequestURI();
      seen.add(new Seen(ex.getRequestMethod(), u.getRawPath(), u.getRawQuery(), headers, body));
      ex.getResponseHeaders().add("ETag", CosTestServers.md5Etag(wrongEtag ? "other bytes".getBytes(UTF_8) : body));
      if (!wrongEtag) {
        ex.getResponseHeaders().add("x-cos-hash-crc64ecma", Crc64.toUnsignedString(Crc64.of(body)));
      }
      ex.getResponseHeaders().add("x-cos-version-id", "v-" + body.length);
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String local() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"path style, all metadata, SSE-COS", "virtual host through a proxy, SSE-KMS, token, limit"})
  void directPutsSendWhatCosApiSends(String variant) throws Exception {
    boolean proxied = variant.startsWith("virtual");
    CosSinkConfig.Builder b = CosSinkConfig.builder().region("ap-guangzhou").bucket(BUCKET).sdkMaxRetries(0);
    ObjectMetadata md;
    if (proxied) {
      b.endpoint(URI.create("http://cos.wire.test")).proxy("127.0.0.1", server.getAddress().getPort())
          .sseKms(new CosSinkConfig.SseKms(Optional.of("kms-key-1"), Optional.of("{\"k\":\"v\"}")))
          .trafficLimit(819_200)
          .credentials(() -> CosCredentials.temporary("AKIDwire", SECRET, "session-token-xyz"));
      md = ObjectMetadata.builder().contentType("image/png").putUserMetadata("origin", "camera 7").build();
    } else {
      b.endpoint(URI.create("http://" + local())).pathStyle(true).credentials("AKIDwire", SECRET).sseCos(true);
      md = ObjectMetadata.builder().contentType("text/plain; charset=utf-8").cacheControl("max-age=60")
          .contentDisposition("attachment; filename=\"a b.txt\"").contentEncoding("identity")
          .contentLanguage("en").expires("Thu, 01 Dec 2033 16:00:00 GMT").putUserMetadata("a", "1")
          .putUserMetadata("Mixed-Case", "  padded  ").storageClass("STANDARD_IA").build();
    }
    byte[] body = new byte[70_000]; // more than one 64 KiB chunk
    new Random(7).nextBytes(body);
    List<List<Object>> results = List.of(new ArrayList<>(), new ArrayList<>());
    for (boolean direct : new boolean[] {false, true}) {
      try (CosSink sink = CosSink.create(b.directPuts(direct).build())) {
        List<Object> mine = results.get(direct ? 1 : 0);
        for (String key : KEYS) {
          PutResult put = sink.put(key, new ByteArrayInputStream(body), body.length, md);
          PartResult part = sink.uploadPart(key, "upload id/1+", 3, new ByteArrayInputStream(body), body.length);
          mine.add(List.of(put.etag(), put.crc64(), part.etag(), part.crc64(), part.size()));
          if (direct) {
            assertThat(put.verification()).isEqualTo(Verification.VERIFIED);
            assertThat(put.versionId()).contains("v-" + body.length);
            assertThat(part.verification()).isEqualTo(Verification.VERIFIED);
          }
        }
        PutResult empty = sink.put("empty", new ByteArrayInputStream(new byte[0]), 0, ObjectMetadata.empty());
        mine.add(List.of(empty.etag(), empty.crc64()));
        if (direct) {
          assertThat(empty.verification()).isEqualTo(Verification.VERIFIED);
        }
      }
    }
    int n = KEYS.size() * 2 + 1;
    List<Seen> puts = seen.stream().filter(s -> s.method().equals("PUT")).toList();
    assertThat(puts).hasSize(2 * n);
    for (int i = 0; i < n; i++) {
      Seen sdk = puts.get(i);
      Seen own = puts.get(n + i);
      assertThat(own.path()).isEqualTo(sdk.path());
      assertThat(params(own.query())).isEqualTo(params(sdk.query()));
      assertThat(own.body()).isEqualTo(sdk.body());
      assertThat(without(own.headers(), "authorization")).isEqualTo(without(sdk.headers(), "authorization"));
      Map<String, String> a1 = authorization(sdk);
      Map<String, String> a2 = authorization(own);
      for (String field : List.of("q-sign-algorithm", "q-ak", "q-header-list", "q-url-param-list")) {
        assertThat(a2.get(field)).as(field).isEqualTo(a1.get(field));
      }
      assertThat(validSignature(sdk)).as("cos_api's signature of %s", sdk.path()).isTrue();
      assertThat(validSignature(own)).as("the direct put's signature of %s", own.path()).isTrue();
    }
    Seen first = puts.get(n);
    if (proxied) {
      assertThat(first.headers()).containsEntry("host", BUCKET + ".cos.wire.test")
          .containsEntry("x-cos-security-token", "session-token-xyz").containsEntry("x-cos-traffic-limit", "819200")
          .containsEntry("x-cos-server-side-encryption", "cos/kms");
    } else {
      assertThat(first.path()).isEqualTo("/" + BUCKET + "/plain.txt");
      assertThat(first.headers()).containsEntry("x-cos-meta-mixed-case", "padded")
          .containsEntry("x-cos-storage-class", "STANDARD_IA").containsEntry("x-cos-server-side-encryption", "AES256");
    }
    // the answers read the same (ETag; CRC-64 of what was sent). The JDK server capitalises header names
    // ("X-cos-hash-crc64ecma"), which cos_api's response handling matches case-sensitively, so only the direct put
    // sees this server's CRC-64 and version (asserted above); the contract tests check both against the COS dialect
    assertThat(results.get(1)).isEqualTo(results.get(0));
  }

  /**
   * cos_api's client-side MD5 check (on unless {@code com.Qcloud.services.cos.disablePutObjectMD5Validation} is
   * true, as in this test JVM) is kept by the direct put: an ETag that is not the MD5 of the bytes sent fails the put
   * as an integrity mismatch and the stored object is deleted, as through cos_api.
   */
  @ParameterizedTest(name = "directPuts={0}")
  @ValueSource(booleans = {false, true})
  void anEtagThatIsNotTheMd5OfTheBodyFailsThePutEitherWay(boolean direct) throws Exception {
    assertThat(System.getProperty("com.Qcloud.services.cos.disablePutObjectMD5Validation")).isNull();
    wrongEtag = true;
    byte[] body = "the bytes sent".getBytes(UTF_8);
    try (CosSink sink = CosSink.create(CosSinkConfig.builder().region("ap-guangzhou").bucket(BUCKET)
        .credentials("AKIDwire", SECRET).endpoint(URI.create("http://" + local())).pathStyle(true)
        .sdkMaxRetries(0).directPuts(direct).build())) {
      assertThatThrownBy(() -> sink.put("k.txt", new ByteArrayInputStream(body), body.length,
          ObjectMetadata.empty()))
          .isInstanceOfSatisfying(MigrateException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTEGRITY_MISMATCH))
          .hasMessageContaining("'k.txt'").hasMessageContaining("MD5");
    }
    assertThat(seen).extracting(Seen::method).containsExactly("PUT", "DELETE");
  }

  private static Map<String, String> without(Map<String, String> m, String name) {
    Map<String, String> c = new TreeMap<>(m);
    c.remove(name);
    return c;
  }

  private static Map<String, String> params(String rawQuery) {
    Map<String, String> p = new TreeMap<>();
    if (rawQuery != null) {
      for (String kv : rawQuery.split("&")) {
        int eq = kv.indexOf('=');
        p.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? null : kv.substring(eq + 1));
      }
    }
    return p;
  }

  private static Map<String, String> authorization(Seen s) {
    Map<String, String> a = new LinkedHashMap<>();
    for (String kv : s.headers().get("authorization").split("&")) {
      int eq = kv.indexOf('=');
      a.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return a;
  }

  /** COS's request signature (XML API "request signature" algorithm), checked against what arrived. */
  private static boolean validSignature(Seen s) throws Exception {
    Map<String, String> a = authorization(s);
    String keyTime = a.get("q-key-time");
    long now = System.currentTimeMillis() / 1000;
    String[] window = a.get("q-sign-time").split(";");
    if (Long.parseLong(window[0]) > now + 5 || Long.parseLong(window[1]) < now) {
      return false;
    }
    Map<String, String> params = new TreeMap<>();
    params(s.query()).forEach((k, v) -> params.put(enc(dec(k)).toLowerCase(Locale.ROOT), v == null ? "" : enc(dec(v))));
    Map<String, String> headers = new TreeMap<>();
    List<String> signed = List.of(a.get("q-header-list").split(";"));
    for (String h : signed) {
      headers.put(enc(h).toLowerCase(Locale.ROOT), enc(s.headers().get(h)));
    }
    if (!String.join(";", headers.keySet()).equals(a.get("q-header-list"))
        || !String.join(";", params.keySet()).equals(a.get("q-url-param-list"))) {
      return false;
    }
    String httpString = s.method().toLowerCase(Locale.ROOT) + "\n" + dec(s.path()) + "\n" + join(params) + "\n"
        + join(headers) + "\n";
    String stringToSign = "sha1\n" + keyTime + "\n"
        + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(httpString.getBytes(UTF_8))) + "\n";
    String signKey = hmac(SECRET, keyTime);
    return hmac(signKey, stringToSign).equals(a.get("q-signature"));
  }

  private static String join(Map<String, String> m) {
    return m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
  }

  private static String hmac(String key, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(key.getBytes(UTF_8), "HmacSHA1"));
    return HexFormat.of().formatHex(mac.doFinal(data.getBytes(UTF_8)));
  }

  private static String dec(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), UTF_8);
  }

  /** RFC 3986 percent-encoding: everything but ALPHA / DIGIT / "-" / "." / "_" / "~", upper-case hex. */
  private static String enc(String s) {
    StringBuilder out = new StringBuilder();
    for (byte c : s.getBytes(UTF_8)) {
      int v = c & 0xff;
      if ((v >= 'a' && v <= 'z') || (v >= 'A' && v <= 'Z') || (v >= '0' && v <= '9') || "-._~".indexOf(v) >= 0) {
        out.append((char) v);
      } else {
        out.append('%').append(String.format("%02X", v));
      }
    }
    return out.toString();
  }
}
