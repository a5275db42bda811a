package io.github.cosmigrate.source.url;

import static io.github.cosmigrate.source.url.UrlTests.config;
import static io.github.cosmigrate.source.url.UrlTests.failed;
import static io.github.cosmigrate.source.url.UrlTests.found;
import static io.github.cosmigrate.source.url.UrlTests.listAll;
import static io.github.cosmigrate.source.url.UrlTests.writeList;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceEntry;
import io.github.cosmigrate.source.url.TestHttp.FileOptions;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Query strings (signatures) and user info never reach a key, a reason, an exception (message, cause or stack
 * trace), provenance, a display string or a log line, whatever fails.
 */
class UrlSecretsTest {
  static final String SECRET = "Zq7Kx9Wv";
  static final String Q = "?X-Amz-Signature=" + SECRET + "sig&token=" + SECRET + "tok";

  @TempDir Path tmp;

  @Test
  void noQueryStringOrUserInfoAppearsAnywhere() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    List<String> texts = new ArrayList<>();
    byte[] content = "signed content".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (TestHttp http = TestHttp.http(); TestHttp https = TestHttp.https()) {
      http.route("/ok.bin", TestHttp.file(content, FileOptions.NORMAL));
      http.route("/forbidden.bin", TestHttp.status(403, null));
      http.route("/busy.bin", TestHttp.status(503, null));
      http.route("/loop", TestHttp.status(302, "/loop" + Q));
      http.route("/far0", TestHttp.status(302, "/far1" + Q));
      http.route("/far1", TestHttp.status(302, "/far2" + Q));
      http.route("/bad-location", TestHttp.status(302, "ftp://x/" + Q));
      http.route("/unknown.bin", TestHttp.file(content, FileOptions.CHUNKED_NO_RANGES));
      http.route("/stall.bin", http.stallingBody(content, 3));
      https.route("/down", TestHttp.status(302, http.url("/ok.bin" + Q)));
      String refused = "http://127.0.0.1:" + TestHttp.closedPort() + "/refused.bin" + Q;
      Path list = writeList(tmp.resolve("urls.txt"),
          http.url("/ok.bin" + Q),
          http.url("/ok.bin" + Q) + "\tdup.bin",
          http.url("/ok.bin" + Q + "2") + "\tdup.bin",
          http.url("/missing.bin" + Q),
          http.url("/forbidden.bin" + Q),
          http.url("/busy.bin" + Q),
          http.url("/loop" + Q),
          http.url("/far0" + Q),
          http.url("/bad-location" + Q),
          http.url("/unknown.bin" + Q),
          http.url("/stall.bin" + Q),
          https.url("/down" + Q),
          https.url("/missing-secure.bin" + Q),
          refused,
          "htps://host/x" + Q,
          "https://user:" + SECRET + "pw@example.com/x" + Q,
          http.url("/" + Q),
          http.url("/a b/%zz" + Q) + "\t/abs");
      UrlSourceConfig cfg = config(list).readTimeout(Duration.ofMillis(500)).maxRedirects(1).headAttempts(2)
          .sslContext(TestHttp.tls()).build();
      try (UrlSource s = UrlSource.open(cfg)) {
        List<SourceEntry> all = listAll(s);
        assertThat(found(all).keySet()).containsExactly("ok.bin", "dup.bin", "unknown.bin", "stall.bin");
        assertThat(failed(all)).hasSize(14);
        for (SourceEntry e : all) {
          texts.add(e.toString());
          if (e instanceof SourceEntry.Found f) {
            texts.add(s.provenance(f.object()).orElseThrow());
            texts.add(s.display(f.key()));
            texts.add(s.stat(f.key()).toString());
          }
        }
        try {
          s.openRange(found(all).get("unknown.bin"), 0, 1).close(); // listed without a size: refused
        } catch (Exception e) {
          texts.add(everything(e));
        }
        ObjectInfo stall = found(all).get("stall.bin");
        try (InputStream in = s.open(stall).body()) {
          in.readAllBytes();
        } catch (Exception e) {
          texts.add(everything(e));
        }
        for (String key : List.of("missing.bin", "forbidden.bin", "busy.bin", "loop", "far0", "bad-location",
            "down", "refused.bin", "missing-secure.bin")) {
          for (ThrowingCall call : List.<ThrowingCall>of(
              () -> s.stat(key),
              () -> s.open(ObjectInfo.of(key, 14, java.time.Instant.EPOCH)).close(),
              () -> s.openRange(ObjectInfo.of(key, 14, java.time.Instant.EPOCH), 1, 2).close())) {
            try {
              call.run();
            } catch (Exception e) {
              texts.add(everything(e));
            }
          }
        }
        try (UrlSource untrusted = UrlSource.open(config(list).build())) {
          untrusted.stat("down");
        } catch (Exception e) {
          assertThat(e.getMessage()).contains("TLS failed");
          texts.add(everything(e));
        }
        texts.add(s.toString());
        texts.add(s.describe());
        s.list(Optional.of(new ListCursor("v1/1/999999/urls.txt")));
      }
    } finally {
      root.detachAppender(logs);
    }
    logs.list.forEach(e -> texts.add(e.getFormattedMessage()
        + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())));
    assertThat(texts).hasSizeGreaterThan(40);
    assertThat(String.join("\n", texts)).as("every key, reason, message, display and log line")
        .doesNotContainIgnoringCase(SECRET).doesNotContain("X-Amz-Signature").contains("?…");
  }

  @FunctionalInterface
  interface ThrowingCall {
    void run() throws Exception;
  }

  /** The message, every cause's message and the whole stack trace text. */
  private static String everything(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    StringBuilder sb = new StringBuilder(w.toString());
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append('\n').append(c);
    }
    return sb.toString();
  }
}
