package io.github.cosmigrate.source.url;

import static io.github.cosmigrate.source.url.UrlTests.config;
import static io.github.cosmigrate.source.url.UrlTests.writeList;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpHandler;
import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.api.FailedObject;
import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.Migrator;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.ObjectStoreServer;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.sink.cos.CosSink;
import io.github.cosmigrate.sink.cos.CosSinkConfig;
import io.github.cosmigrate.source.url.TestHttp.FileOptions;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.testkit.fakes.InMemoryLedger;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * URLs whose server answers chunked, without {@code Content-Length}, and ignores Range (a JDK HttpServer), through the
 * engine and the COS sink into S3Proxy behind the COS dialect proxy: each object is listed with an unknown size,
 * read once, put whole or uploaded in parts as they fill, and its CRC-64 at COS is that of its bytes.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class UrlUnknownSizeToCosTest {
  static final int PART = 5 << 20; // the S3 limits' smallest part
  static final long SAFETY_SECONDS = 120; // a hang guard, not a timing assertion

  @TempDir Path tmp;
  ObjectStoreServer store;
  DialectProxy cos;
  Sink sink;
  TestHttp http;
  InMemoryLedger ledger = new InMemoryLedger();

  @BeforeEach
  void start() throws IOException {
    store = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none());
    store.createBucket("urls-1250000000");
    cos = DialectProxy.start(Dialect.COS, store.endpoint());
    sink = CosSink.create(CosSinkConfig.builder().region("ap-guangzhou").bucket("urls-1250000000")
        .credentials("dummy-id", "dummy-key").endpoint(cos.endpoint()).pathStyle(true).limits(SinkLimits.s3())
        .build());
    http = TestHttp.http();
  }

  @AfterEach
  void stop() throws IOException {
    http.close();
    sink.close();
    cos.close();
    store.close();
  }

  static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  MigrationReport migrate(UrlSourceConfig config) throws Exception {
    try (UrlSource source = UrlSource.open(config)) {
      MigrationOptions o = MigrationOptions.builder().concurrency(4).partConcurrency(4).partsPerObject(3)
          .partSize(PART).multipartThreshold(PART).maxAttempts(2).initialBackoff(Duration.ofMillis(1))
          .maxBackoff(Duration.ofMillis(5)).build();
      MigrationReport r = Migrator.builder().source(source).sink(sink).ledger(ledger).options(o).build().start()
          .completion().get(SAFETY_SECONDS, TimeUnit.SECONDS);
      ledger = ledger.reopen();
      return r;
    }
  }

  List<RecordedRequest> requests(Operation op, String key) {
    return cos.requests().stream().filter(q -> q.operation() == op && q.key().equals(key)).toList();
  }

  @Test
  void chunkedBodiesWithoutRangeAreStreamedIntoCosAndVerifiedByCrc64() throws Exception {
    Map<String, byte[]> contents = new LinkedHashMap<>();
    contents.put("empty.bin", new byte[0]);
    contents.put("small.bin", bytes(1000, 1));
    contents.put("one-part.bin", bytes(PART, 2));
    contents.put("several.bin", bytes(3 * PART + 12345, 3));
    String[] lines = new String[contents.size() + 1];
    int i = 0;
    for (Map.Entry<String, byte[]> e : contents.entrySet()) {
      http.route("/" + e.getKey(), TestHttp.file(e.getValue(), FileOptions.CHUNKED_NO_RANGES));
      lines[i++] = http.url("/" + e.getKey());
    }
    byte[] sized = bytes(2000, 4);
    http.route("/sized.bin", TestHttp.file(sized, FileOptions.NORMAL));
    lines[i] = http.url("/sized.bin");
    Path list = writeList(tmp.resolve("urls.txt"), lines);
    try (UrlSource s = UrlSource.open(config(list).build())) {
      Map<String, ObjectInfo> listed = UrlTests.found(UrlTests.listAll(s));
      assertThat(listed.values()).filteredOn(o -> !o.sizeKnown()).extracting(ObjectInfo::key)
          .containsExactlyInAnyOrderElementsOf(contents.keySet());
      assertThat(listed.get("sized.bin").size()).isEqualTo(sized.length);
    }

    MigrationReport r = migrate(config(list).build());

    assertThat(r.failures()).isEmpty();
    assertThat(r.migrated()).isEqualTo(5);
    assertThat(r.verifiedBy()).as("the CRC-64 of the bytes read equals COS's")
        .containsEntry(MigrationReport.VERIFIED_END_TO_END, 5L);
    contents.put("sized.bin", sized);
    for (Map.Entry<String, byte[]> e : contents.entrySet()) {
      ObjectInfo at = sink.stat(e.getKey()).orElseThrow();
      assertThat(at.size()).as(e.getKey()).isEqualTo(e.getValue().length);
      assertThat(at.crc64()).as("CRC-64 of %s at COS", e.getKey()).hasValue(Crc64.of(e.getValue()));
    }
    for (String whole : List.of("empty.bin", "small.bin", "one-part.bin", "sized.bin")) {
      assertThat(requests(Operation.PUT_OBJECT, whole)).as(whole).hasSize(1);
      assertThat(requests(Operation.INITIATE_MULTIPART, whole)).as(whole).isEmpty();
    }
    assertThat(requests(Operation.PUT_OBJECT, "several.bin")).isEmpty();
    assertThat(requests(Operation.INITIATE_MULTIPART, "several.bin")).hasSize(1);
    assertThat(requests(Operation.UPLOAD_PART, "several.bin")).hasSize(4);
    assertThat(requests(Operation.COMPLETE_MULTIPART, "several.bin")).hasSize(1);
    for (String key : List.of("empty.bin", "small.bin", "one-part.bin", "several.bin")) {
      assertThat(http.requests).as("%s is read with one plain GET", key)
          .filteredOn(q -> q.method().equals("GET") && q.range() == null && q.pathAndQuery().equals("/" + key))
          .hasSize(1);
    }

    int before = cos.requests().size();
    MigrationReport rerun = migrate(config(list).build());
    assertThat(rerun.migrated()).isZero();
    assertThat(rerun.skippedByReason()).as("unchanged by Last-Modified and ETag").containsEntry("unchanged", 5L);
    assertThat(cos.requests().subList(before, cos.requests().size())).extracting(RecordedRequest::operation)
        .doesNotContain(Operation.PUT_OBJECT, Operation.UPLOAD_PART);
  }

  @Test
  void aChunkedBodyThatStallsMidWayFailsAndItsUploadIsAborted() throws Exception {
    byte[] content = bytes(2 * PART + 100, 5);
    http.route("/stalls.bin", stallsAfter(content, PART + 1000));
    http.route("/fine.bin", TestHttp.file(bytes(3 * PART, 6), FileOptions.CHUNKED_NO_RANGES));
    Path list = writeList(tmp.resolve("urls.txt"), http.url("/stalls.bin"), http.url("/fine.bin"));

    MigrationReport r = migrate(config(list).readTimeout(Duration.ofSeconds(1)).build());

    assertThat(r.migrated()).isEqualTo(1);
    assertThat(r.failed()).isEqualTo(1);
    FailedObject f = r.failures().get(0);
    assertThat(f.key()).isEqualTo("stalls.bin");
    assertThat(f.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(f.reason()).contains("read-timeout");
    assertThat(requests(Operation.INITIATE_MULTIPART, "stalls.bin")).as("one upload per attempt").hasSize(2);
    assertThat(requests(Operation.ABORT_MULTIPART, "stalls.bin")).as("each aborted").hasSize(2);
    assertThat(sink.listMultipartUploads("")).isEmpty();
    assertThat(sink.stat("stalls.bin")).isEmpty();
    assertThat(ledger.checkpoints()).isEmpty();
  }

  /** Chunked, no Content-Length, Range ignored; a GET sends {@code sent} bytes, then stalls until the server closes. */
  HttpHandler stallsAfter(byte[] content, int sent) {
    HttpHandler head = TestHttp.file(content, FileOptions.CHUNKED_NO_RANGES);
    return ex -> {
      if (!ex.getRequestMethod().equals("GET")) {
        head.handle(ex);
        return;
      }
      ex.getResponseHeaders().set("ETag", TestHttp.ETAG);
      ex.getResponseHeaders().set("Last-Modified", TestHttp.LAST_MODIFIED);
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      out.write(content, 0, sent);
      out.flush();
      try {
        http.closing.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }
}
