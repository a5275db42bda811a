package io.github.cosmigrate.source.oss.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.SourceEntry;
import io.github.cosmigrate.source.oss.OssSourceConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OssListing against a JDK HttpServer answering ListObjects as OSS does with {@code encoding-type=url}: names
 * percent-encoded, a space as {@code +} (the S3 style), {@code +} as {@code %2B}. The cursor of the next page is
 * the decoded key, sent back (encoded once, by the SDK) as the marker.
 */
class OssListingTest {
  private HttpServer http;
  private OSS oss;
  private final List<Map<String, String>> queries = new CopyOnWriteArrayList<>();

  private static final String PAGE_1 = """
      <?xml version="1.0" encoding="UTF-8"?>
      <ListBucketResult>
        <Name>fake</Name><Prefix>d%20ir%2F</Prefix><Marker></Marker><MaxKeys>3</MaxKeys><Delimiter></Delimiter>
        <EncodingType>url</EncodingType><IsTruncated>true</IsTruncated><NextMarker>d+ir/c%26d%2Be</NextMarker>
        <Contents><Key>d+ir/a+b%2Bc%25.txt</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified>
          <ETag>"E1"</ETag><Type>Normal</Type><Size>3</Size><StorageClass>Standard</StorageClass>
          <Owner><ID>1</ID><DisplayName>1</DisplayName></Owner></Contents>
        <Contents><Key>d+ir/%E4%B8%AD%E6%96%87-%F0%9F%98%80</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified>
          <ETag>"E2"</ETag><Type>Normal</Type><Size>4</Size><StorageClass>Standard</StorageClass>
          <Owner><ID>1</ID><DisplayName>1</DisplayName></Owner></Contents>
        <Contents><Key>d+ir/c%26d%2Be</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified>
          <ETag>"E3"</ETag><Type>Normal</Type><Size>5</Size><StorageClass>Standard</StorageClass>
          <Owner><ID>1</ID><DisplayName>1</DisplayName></Owner></Contents>
      </ListBucketResult>
      """;

  private static final String PAGE_2 = """
      <?xml version="1.0" encoding="UTF-8"?>
      <ListBucketResult>
        <Name>fake</Name><Prefix>d%20ir%2F</Prefix><Marker>d%20ir%2Fc%26d%2Be</Marker><MaxKeys>3</MaxKeys>
        <EncodingType>url</EncodingType><IsTruncated>false</IsTruncated>
        <Contents><Key>d+ir/bad%zz</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified>
          <ETag>"E4"</ETag><Type>Normal</Type><Size>1</Size><StorageClass>Standard</StorageClass>
          <Owner><ID>1</ID><DisplayName>1</DisplayName></Owner></Contents>
        <Contents><Key>d%20ir/sub%2F</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified>
          <ETag>"E5"</ETag><Type>Normal</Type><Size>0</Size><StorageClass>Standard</StorageClass>
          <Owner><ID>1</ID><DisplayName>1</DisplayName></Owner></Contents>
      </ListBucketResult>
      """;

  /** What a server that ignores encoding-type answers: raw names, no EncodingType element. */
  private static final String RAW = """
      <?xml version="1.0" encoding="UTF-8"?>
      <ListBucketResult>
        <Name>raw</Name><Prefix></Prefix><Marker></Marker><MaxKeys>3</MaxKeys><IsTruncated>false</IsTruncated>
        <Contents><Key>a+b %41.txt</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified>
          <ETag>"E6"</ETag><Type>Normal</Type><Size>1</Size><StorageClass>Standard</StorageClass>
          <Owner><ID>1</ID><DisplayName>1</DisplayName></Owner></Contents>
      </ListBucketResult>
      """;

  @BeforeEach
  void start() throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", this::handle);
    http.start();
  }

  @AfterEach
  void stop() {
    if (oss != null) {
      oss.shutdown();
    }
    http.stop(0);
  }

  private void handle(HttpExchange x) throws IOException {
    Map<String, String> q = new HashMap<>();
    String raw = x.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String p : raw.split("&")) {
        int eq = p.indexOf('=');
        q.put(p.substring(0, eq < 0 ? p.length() : eq),
            eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    q.put("path", x.getRequestURI().getPath());
    queries.add(q);
    String body = x.getRequestURI().getPath().startsWith("/raw") ? RAW
        : q.containsKey("marker") ? PAGE_2 : PAGE_1;
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    try (x) {
      x.getResponseHeaders().add("Content-Type", "application/xml");
      x.getResponseHeaders().add("x-oss-request-id", "r1");
      x.sendResponseHeaders(200, b.length);
      x.getResponseBody().write(b);
    }
  }

  private OssListing listing(String bucket, String prefix) {
    OssSourceConfig config = OssSourceConfig.builder().bucket(bucket)
        .endpoint("http://127.0.0.1:" + http.getAddress().getPort()).prefix(prefix).credentials("ak-id", "sk-secret")
        .pageSize(3).sdkMaxRetries(0).build();
    oss = OssClients.create(config);
    return new OssListing(oss, bucket, config.prefix(), 3, k -> null);
  }

  @Test
  void urlEncodedKeysAreDecodedAndTheCursorIsTheDecodedKey() throws Exception {
    OssListing l = listing("fake", "d ir/");
    ListBatch first = l.page(Optional.empty());
    assertThat(first.entries()).extracting(SourceEntry::key)
        .containsExactly("a b+c%.txt", "中文-😀", "c&d+e");
    assertThat(first.entries()).allSatisfy(e -> assertThat(e).isInstanceOf(SourceEntry.Found.class));
    assertThat(first.next()).hasValue(new ListCursor("d ir/c&d+e"));
    assertThat(queries.get(0)).containsEntry("encoding-type", "url").containsEntry("prefix", "d ir/")
        .containsEntry("max-keys", "3").doesNotContainKey("marker");

    ListBatch second = l.page(first.next());
    assertThat(queries.get(1)).as("the marker goes back as the plain key, encoded once")
        .containsEntry("marker", "d ir/c&d+e").containsEntry("prefix", "d ir/");
    assertThat(second.next()).isEmpty();
    assertThat(second.entries()).hasSize(2);
    assertThat(second.entries().get(0)).isInstanceOfSatisfying(SourceEntry.Failed.class, f -> {
      assertThat(f.key()).isEqualTo("d+ir/bad%zz");
      assertThat(f.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
      assertThat(f.reason()).contains("oss://fake", "does not decode");
    });
    assertThat(second.entries().get(1)).as("a directory marker, recognised after decoding")
        .isInstanceOfSatisfying(SourceEntry.Skipped.class, sk -> {
          assertThat(sk.key()).isEqualTo("sub/");
          assertThat(sk.reason()).contains("directory marker");
        });
  }

  @Test
  void namesOfAListingWithoutEncodingTypeAreTakenAsTheyAre() throws Exception {
    ListBatch page = listing("raw", "").page(Optional.empty());
    assertThat(page.entries()).extracting(SourceEntry::key).containsExactly("a+b %41.txt");
  }
}
