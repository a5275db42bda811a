package io.github.cosmigrate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RangeFileServerTest {
  @TempDir static Path root;
  private static RangeFileServer server;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String CONTENT = "0123456789abcdef"; // 16 bytes

  @BeforeAll
  static void start() throws IOException {
    Files.createDirectories(root.resolve("dir"));
    Files.writeString(root.resolve("dir/file.txt"), CONTENT);
    Files.writeString(root.resolve("dir/with space.txt"), "spaced");
    Files.write(root.resolve("empty"), new byte[0]);
    server = RangeFileServer.serve(root);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> get(URI uri, String range) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri);
    if (range != null) {
      b.header("Range", range);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
  }

  private static URI file() {
    return server.baseUri().resolve("dir/file.txt");
  }

  @Test
  void fullAndRangeForms() throws Exception {
    HttpResponse<String> full = get(file(), null);
    assertThat(full.statusCode()).isEqualTo(200);
    assertThat(full.body()).isEqualTo(CONTENT);
    assertThat(full.headers().firstValue("ETag")).isPresent();
    assertThat(full.headers().firstValue("Accept-Ranges")).hasValue("bytes");

    HttpResponse<String> mid = get(file(), "bytes=2-5");
    assertThat(mid.statusCode()).isEqualTo(206);
    assertThat(mid.body()).isEqualTo("2345");
    assertThat(mid.headers().firstValue("Content-Range")).hasValue("bytes 2-5/16");

    HttpResponse<String> open = get(file(), "bytes=10-");
    assertThat(open.statusCode()).isEqualTo(206);
    assertThat(open.body()).isEqualTo("abcdef");

    HttpResponse<String> suffix = get(file(), "bytes=-3");
    assertThat(suffix.statusCode()).isEqualTo(206);
    assertThat(suffix.body()).isEqualTo("def");
    assertThat(suffix.headers().firstValue("Content-Range")).hasValue("bytes 13-15/16");

    HttpResponse<String> past = get(file(), "bytes=10-99");
    assertThat(past.body()).isEqualTo("abcdef");
    assertThat(past.headers().firstValue("Content-Range")).hasValue("bytes 10-15/16");
  }

  @Test
  void unsatisfiableRangeIs416() throws Exception {
    HttpResponse<String> r = get(file(), "bytes=16-20");
    assertThat(r.statusCode()).isEqualTo(416);
    assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes */16");
  }

  @Test
  void headGivesLengthAndLastModified() throws Exception {
    HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(file()).method("HEAD",
        HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(16);
    assertThat(r.headers().firstValue("Last-Modified")).get().asString().endsWith("GMT");
  }

  @Test
  void missingFilesEncodedNamesAndEscapes() throws Exception {
    assertThat(get(server.baseUri().resolve("nope"), null).statusCode()).isEqualTo(404);
    assertThat(get(server.baseUri().resolve("dir"), null).statusCode()).isEqualTo(404);
    assertThat(get(server.uriOf("dir/with space.txt"), null).body()).isEqualTo("spaced");
    assertThat(get(URI.create(server.baseUri() + "dir/%2e%2e/%2e%2e/etc/passwd"), null).statusCode())
        .isEqualTo(404);
    HttpResponse<String> empty = get(server.baseUri().resolve("empty"), null);
    assertThat(empty.statusCode()).isEqualTo(200);
    assertThat(empty.body()).isEmpty();
  }

  @Test
  void failNextThenRecover() throws Exception {
    server.failNext(2, 503);
    HttpResponse<String> first = get(file(), null);
    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(first.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(get(file(), null).statusCode()).isEqualTo(503);
    assertThat(get(file(), null).statusCode()).isEqualTo(200);
    server.failNext(1, 500);
    assertThat(get(file(), null).statusCode()).isEqualTo(500);
    assertThat(get(file(), null).body()).isEqualTo(CONTENT);
  }

  @Test
  void truncateNextDeclaresFullLengthButSendsHalf() throws Exception {
    server.truncateNext(1);
    assertThatThrownBy(() -> get(file(), null)).isInstanceOf(IOException.class);
    assertThat(get(file(), null).body()).isEqualTo(CONTENT);
  }
}
