package io.github.cosmigrate.source.url;

import static io.github.cosmigrate.source.url.UrlTests.config;
import static io.github.cosmigrate.source.url.UrlTests.failed;
import static io.github.cosmigrate.source.url.UrlTests.found;
import static io.github.cosmigrate.source.url.UrlTests.listAll;
import static io.github.cosmigrate.source.url.UrlTests.writeList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceEntry;
import io.github.cosmigrate.source.url.TestHttp.FileOptions;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP faults, each failing one line or one read, against a JDK HttpServer on 127.0.0.1. */
class UrlSourceFaultTest {
  static final byte[] CONTENT = pattern(10_000);

  @TempDir Path tmp;
  private final TestHttp http;

  UrlSourceFaultTest() throws Exception {
    http = TestHttp.http();
    http.route("/ok.bin", TestHttp.file(CONTENT, FileOptions.NORMAL));
  }

  @AfterEach
  void stop() {
    http.close();
  }

  static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 7 + (i >>> 8));
    }
    return b;
  }

  private UrlSource source(String... lines) throws Exception {
    return UrlSource.open(config(writeList(tmp.resolve("urls.txt"), lines)).build());
  }

  private static void assertKind(ErrorKind kind, ThrowingCall call) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(MigrateException.class,
        e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind));
  }

  @FunctionalInterface
  interface ThrowingCall {
    void run() throws Exception;
  }

  @Test
  void aNotFoundUrlAndARefusedPortFailTheirLinesOnly() throws Exception {
    String refused = "http://127.0.0.1:" + TestHttp.closedPort() + "/gone.bin";
    try (UrlSource s = source(http.url("/missing.bin"), refused, http.url("/ok.bin"))) {
      List<SourceEntry> all = listAll(s);
      assertThat(found(all).keySet()).containsExactly("ok.bin");
      SourceEntry.Failed missing = failed(all).get("missing.bin");
      assertThat(missing.kind()).isEqualTo(ErrorKind.NOT_FOUND);
      assertThat(missing.reason()).isEqualTo(http.url("/missing.bin") + " (urls.txt line 1): HTTP 404 (not found)");
      SourceEntry.Failed gone = failed(all).get("gone.bin");
      assertThat(gone.kind()).isEqualTo(ErrorKind.TRANSIENT);
      assertThat(gone.reason()).startsWith(refused + " (urls.txt line 2): cannot connect")
          .endsWith("(after 3 attempts)");
      assertKind(ErrorKind.NOT_FOUND, () -> s.stat("missing.bin"));
      assertKind(ErrorKind.TRANSIENT, () -> s.stat("gone.bin"));
    }
  }

  @Test
  void a503ThenA200IsRetriedInTheListingAndFailsTheReadAsThrottled() throws Exception {
    http.route("/busy.bin", TestHttp.failFirst(1, 503, TestHttp.file(CONTENT, FileOptions.NORMAL)));
    try (UrlSource s = source(http.url("/busy.bin"))) {
      ObjectInfo busy = found(listAll(s)).get("busy.bin");
      assertThat(busy.size()).isEqualTo(CONTENT.length);
      assertThat(http.count("HEAD", "/busy.bin")).isEqualTo(2);
      http.route("/busy.bin", TestHttp.failFirst(1, 503, TestHttp.file(CONTENT, FileOptions.NORMAL)));
      assertThatThrownBy(() -> s.open(busy)).isInstanceOfSatisfying(MigrateException.class, e -> {
        assertThat(e.kind()).isEqualTo(ErrorKind.THROTTLED);
        assertThat(e.retryAfter()).contains(Duration.ZERO);
      });
      assertThat(s.open(busy).body().readAllBytes()).as("the engine's retry").isEqualTo(CONTENT);
    }
  }

  @Test
  void rangesAreReadWhenTheServerHonoursThem() throws Exception {
    try (UrlSource s = source(http.url("/ok.bin"))) {
      ObjectInfo ok = found(listAll(s)).get("ok.bin");
      try (InputStream in = s.openRange(ok, 1000, 2500)) {
        assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(CONTENT, 1000, 3500));
      }
      assertThat(http.requests).anySatisfy(r -> assertThat(r.range()).isEqualTo("bytes=1000-3499"));
    }
  }

  @Test
  void aServerWithoutRangeHasRangesRefusedAsUnsupportedButServesTheWholeObject() throws Exception {
    http.route("/norange.bin", TestHttp.file(CONTENT, FileOptions.NO_RANGES));
    try (UrlSource s = source(http.url("/norange.bin"))) {
      ObjectInfo o = found(listAll(s)).get("norange.bin");
      assertThatThrownBy(() -> s.openRange(o, 100, 200)).isInstanceOfSatisfying(MigrateException.class, e -> {
        assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
        assertThat(e.getMessage()).contains("ignored the Range header").contains("urls.txt line 1");
      });
      try (InputStream in = s.openRange(o, 0, CONTENT.length)) {
        assertThat(in.readAllBytes()).as("a range of the whole object accepts a 200").isEqualTo(CONTENT);
      }
      assertThat(s.open(o).body().readAllBytes()).isEqualTo(CONTENT);
    }
  }

  @Test
  void aBodyWithoutContentLengthIsReadWhenTheSizeIsKnownFromContentRange() throws Exception {
    http.route("/chunked.bin", TestHttp.file(CONTENT, FileOptions.CHUNKED));
    try (UrlSource s = source(http.url("/chunked.bin"))) {
      ObjectInfo o = found(listAll(s)).get("chunked.bin");
      assertThat(o.size()).isEqualTo(CONTENT.length);
      assertThat(http.requests).anySatisfy(r -> assertThat(r.range()).isEqualTo("bytes=0-0"));
      assertThat(s.open(o).body().readAllBytes()).isEqualTo(CONTENT);
      try (InputStream in = s.openRange(o, 5, 10)) {
        assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(CONTENT, 5, 15));
      }
    }
  }

  @Test
  void aChunkedBodyWithoutRangeSupportIsListedWithAnUnknownSizeAndReadAsOneStream() throws Exception {
    http.route("/unknown.bin", TestHttp.file(CONTENT, FileOptions.CHUNKED_NO_RANGES));
    try (UrlSource s = source(http.url("/unknown.bin"), http.url("/ok.bin"))) {
      List<SourceEntry> all = listAll(s);
      assertThat(failed(all)).isEmpty();
      ObjectInfo o = found(all).get("unknown.bin");
      assertThat(o.sizeKnown()).isFalse();
      assertThat(o.size()).isEqualTo(ObjectInfo.UNKNOWN_SIZE);
      assertThat(o.etag()).as("the fingerprint's validators").isPresent();
      assertThat(o.lastModified()).isPresent();
      assertThat(http.requests).as("HEAD had no Content-Length, so the first byte was asked for")
          .anySatisfy(r -> assertThat(r.range()).isEqualTo("bytes=0-0"));
      assertThat(s.stat("unknown.bin").fingerprint()).isEqualTo(o.fingerprint());
      try (InputStream in = s.open(o).body()) {
        assertThat(in.readAllBytes()).isEqualTo(CONTENT);
      }
      assertKind(ErrorKind.UNSUPPORTED, () -> s.openRange(o, 0, 10));
      ObjectInfo otherVersion = new ObjectInfo(o.key(), o.size(), o.lastModified(), java.util.Optional.of("v0"),
          o.crc64(), o.metadata());
      assertKind(ErrorKind.SOURCE_CHANGED, () -> s.open(otherVersion));
      assertThat(found(all).get("ok.bin").size()).isEqualTo(CONTENT.length);
    }
  }

  @Test
  void aChangedObjectIsSourceChangedForOpenAndRange() throws Exception {
    try (UrlSource s = source(http.url("/ok.bin"))) {
      ObjectInfo ok = found(listAll(s)).get("ok.bin");
      ObjectInfo otherVersion = new ObjectInfo(ok.key(), ok.size(), ok.lastModified(), java.util.Optional.of("v0"),
          ok.crc64(), ok.metadata());
      assertKind(ErrorKind.SOURCE_CHANGED, () -> s.open(otherVersion));
      assertKind(ErrorKind.SOURCE_CHANGED, () -> s.openRange(otherVersion, 0, 10));
      ObjectInfo longer = new ObjectInfo(ok.key(), ok.size() + 1, ok.lastModified(), ok.etag(), ok.crc64(),
          ok.metadata());
      assertKind(ErrorKind.SOURCE_CHANGED, () -> s.open(longer));
    }
  }

  @Test
  void aStalledBodyFailsTheReadAfterTheReadTimeout() throws Exception {
    http.route("/stall.bin", http.stallingBody(CONTENT, 100));
    Path list = writeList(tmp.resolve("urls.txt"), http.url("/stall.bin"));
    try (UrlSource s = UrlSource.open(config(list).readTimeout(Duration.ofMillis(300)).build())) {
      ObjectInfo o = found(listAll(s)).get("stall.bin");
      InputStream in = s.open(o).body();
      assertThat(in.readNBytes(100)).isEqualTo(Arrays.copyOf(CONTENT, 100));
      assertThatThrownBy(in::read).isInstanceOfSatisfying(MigrateException.class, e -> {
        assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
        assertThat(e.getMessage()).contains("after 100 bytes (read-timeout)").contains("urls.txt line 1");
      });
      in.close();
    }
  }

  @Test
  void aTricklingBodyFailsTheReadAfterTheReadTimeout() throws Exception {
    http.route("/trickle.bin", http.tricklingBody(CONTENT, 2_000));
    Path list = writeList(tmp.resolve("urls.txt"), http.url("/trickle.bin"));
    try (UrlSource s = UrlSource.open(config(list).readTimeout(Duration.ofMillis(300)).build())) {
      ObjectInfo o = found(listAll(s)).get("trickle.bin");
      try (InputStream in = s.open(o).body()) {
        assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(MigrateException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT));
      }
    }
  }

  @Test
  void redirectsAreFollowedUpToTheLimitAndALoopFailsItsLine() throws Exception {
    http.route("/r1", TestHttp.status(301, http.url("/r2?token=t")));
    http.route("/r2", TestHttp.status(302, "/r3"));
    http.route("/r3", TestHttp.status(307, "ok.bin"));
    http.route("/loop-a", TestHttp.status(302, "/loop-b"));
    http.route("/loop-b", TestHttp.status(302, "/loop-a"));
    for (int i = 0; i < 6; i++) {
      http.route("/far" + i, TestHttp.status(308, "/far" + (i + 1)));
    }
    http.route("/far6", TestHttp.file(CONTENT, FileOptions.NORMAL));
    http.route("/nowhere", TestHttp.status(302, null));
    try (UrlSource s = source(http.url("/r1") + "\tchain.bin", http.url("/loop-a") + "\tloop.bin",
        http.url("/far0") + "\tfar.bin", http.url("/nowhere") + "\tnowhere.bin")) {
      List<SourceEntry> all = listAll(s);
      ObjectInfo chain = found(all).get("chain.bin");
      assertThat(chain.size()).isEqualTo(CONTENT.length);
      assertThat(s.open(chain).body().readAllBytes()).isEqualTo(CONTENT);
      try (InputStream in = s.openRange(chain, 10, 20)) {
        assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(CONTENT, 10, 30));
      }
      assertThat(failed(all).get("loop.bin").reason()).contains("urls.txt line 2").contains("redirect loop")
          .contains(http.url("/loop-a") + " was already visited");
      assertThat(failed(all).get("far.bin").reason()).contains("more than 5 redirects");
      assertThat(failed(all).get("nowhere.bin").reason()).contains("HTTP 302 without a Location header");
      assertThat(failed(all).values()).allSatisfy(f -> assertThat(f.kind()).isEqualTo(ErrorKind.INVALID_INPUT));
    }
  }

  @Test
  void aRedirectFromHttpsToHttpIsRefused() throws Exception {
    try (TestHttp https = TestHttp.https()) {
      https.route("/down", TestHttp.status(302, http.url("/ok.bin")));
      https.route("/up", TestHttp.status(302, https.url("/file.bin")));
      https.route("/file.bin", TestHttp.file(CONTENT, FileOptions.NORMAL));
      http.route("/to-https", TestHttp.status(301, https.url("/file.bin")));
      Path list = writeList(tmp.resolve("urls.txt"), https.url("/down"), https.url("/up"), http.url("/to-https"));
      try (UrlSource s = UrlSource.open(config(list).sslContext(TestHttp.tls()).build())) {
        List<SourceEntry> all = listAll(s);
        assertThat(found(all).keySet()).containsExactly("up", "to-https");
        SourceEntry.Failed down = failed(all).get("down");
        assertThat(down.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(down.reason()).contains("urls.txt line 1").contains("from https to plain http");
        assertThat(http.count("HEAD", "/ok.bin")).as("no request went out over plain http").isZero();
      }
    }
  }
}
