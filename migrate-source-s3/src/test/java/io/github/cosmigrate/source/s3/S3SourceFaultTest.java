package io.github.cosmigrate.source.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceEntry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Answers S3Proxy cannot give, from a JDK HttpServer speaking the S3 wire format: a listing with archived entries
 * (one restored), 503 SlowDown with Retry-After, 500, and a GET of an archived object (InvalidObjectState).
 */
class S3SourceFaultTest {
  private HttpServer http;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> wire = new CopyOnWriteArrayList<>();

  private static final String LISTING = """
      <?xml version="1.0" encoding="UTF-8"?>
      <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
        <Name>fake</Name><Prefix></Prefix><KeyCount>3</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>
        <Contents><Key>cold.bin</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified>
          <ETag>&quot;aaaa&quot;</ETag><Size>10</Size><StorageClass>GLACIER</StorageClass></Contents>
        <Contents><Key>deep-restoring.bin</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified>
          <ETag>&quot;bbbb&quot;</ETag><Size>10</Size><StorageClass>DEEP_ARCHIVE</StorageClass></Contents>
        <Contents><Key>restored.bin</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified>
          <ETag>&quot;cccc&quot;</ETag><Size>10</Size><StorageClass>GLACIER</StorageClass></Contents>
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
    http.stop(0);
  }

  private void handle(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    requests.add(x.getRequestMethod() + " " + path);
    wire.add(x.getRequestMethod() + " " + x.getRequestURI() + " If-Match=" + x.getRequestHeaders().getFirst("If-Match")
        + " Range=" + x.getRequestHeaders().getFirst("Range"));
    try (x) {
      switch (x.getRequestMethod() + " " + path) {
        case "GET /slow/k" -> {
          try {
            Thread.sleep(3_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          send(x, 200, "late", null);
        }
        case "GET /versioned/k" -> send(x, 412, error("PreconditionFailed",
            "At least one of the pre-conditions you specified did not hold"), null);
        case "GET /fake" -> send(x, 200, LISTING, null);
        case "HEAD /fake/cold.bin" -> head(x, null);
        case "HEAD /fake/deep-restoring.bin" -> head(x, "ongoing-request=\"true\"");
        case "HEAD /fake/restored.bin" -> head(x, "ongoing-request=\"false\", expiry-date=\"Fri, 23 Dec 2027 00:00:00 GMT\"");
        case "GET /throttled", "GET /throttled/k" -> send(x, 503, error("SlowDown", "Please reduce your request rate."), "7");
        case "GET /broken/k" -> send(x, 500, error("InternalError", "We encountered an internal error."), null);
        case "GET /fake/cold.bin" -> send(x, 403, error("InvalidObjectState",
            "The operation is not valid for the object's storage class"), null);
        default -> send(x, 404, error("NoSuchKey", "The specified key does not exist."), null);
      }
    }
  }

  private static String error(String code, String message) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
        + "</Message><RequestId>r1</RequestId></Error>";
  }

  private static void head(HttpExchange x, String restore) throws IOException {
    x.getResponseHeaders().add("x-amz-storage-class", "GLACIER");
    x.getResponseHeaders().add("ETag", "\"aaaa\"");
    x.getResponseHeaders().add("Last-Modified", "Fri, 02 Jan 2026 03:04:05 GMT");
    if (restore != null) {
      x.getResponseHeaders().add("x-amz-restore", restore);
    }
    x.getResponseHeaders().add("Content-Length", "10");
    x.sendResponseHeaders(200, -1);
  }

  private static void send(HttpExchange x, int status, String body, String retryAfter) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/xml");
    if (retryAfter != null) {
      x.getResponseHeaders().add("Retry-After", retryAfter);
    }
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
  }

  private S3Source source(String bucket, int sdkAttempts) {
    return S3Source.open(S3SourceConfig.builder(bucket).region("us-east-1").pathStyle(true)
        .endpoint(URI.create("http://127.0.0.1:" + http.getAddress().getPort())).credentials(S3Fixture.credentials())
        .sdkMaxAttempts(sdkAttempts).build());
  }

  @Test
  void archivedEntriesFailUnlessAHeadShowsACompletedRestore() throws Exception {
    try (S3Source s = source("fake", 1)) {
      List<SourceEntry> entries = s.list(Optional.empty()).entries();
      assertThat(entries).extracting(SourceEntry::key).containsExactly("cold.bin", "deep-restoring.bin",
          "restored.bin");
      assertThat(entries.subList(0, 2)).allSatisfy(e -> assertThat(e).isInstanceOfSatisfying(
          SourceEntry.Failed.class, f -> {
            assertThat(f.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
            assertThat(f.reason()).contains("s3://fake/" + f.key(), "restore it first");
          }));
      assertThat(entries.get(0).toString()).contains("GLACIER");
      assertThat(((SourceEntry.Failed) entries.get(1)).reason()).contains("DEEP_ARCHIVE");
      assertThat(entries.get(2)).isInstanceOfSatisfying(SourceEntry.Found.class, f -> {
        assertThat(f.object().size()).isEqualTo(10);
        assertThat(f.object().etag()).hasValue("cccc");
        assertThat(f.object().lastModified()).hasValue(Instant.parse("2026-01-02T03:04:05Z"));
      });
      assertThat(requests).contains("HEAD /fake/cold.bin", "HEAD /fake/restored.bin");

      // an archived object read anyway (an Intelligent-Tiering archive tier looks STANDARD in a listing)
      MigrateException e = catchThrowableOfType(MigrateException.class,
          () -> s.open(ObjectInfo.of("cold.bin", 10, Instant.EPOCH)));
      assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
      assertThat(e.getMessage()).contains("InvalidObjectState", "restore it first");
    }
  }

  @Test
  void slowDownIsThrottledWithTheRetryAfterTheStoreGave() throws Exception {
    try (S3Source s = source("throttled", 1)) {
      MigrateException get = catchThrowableOfType(MigrateException.class,
          () -> s.open(ObjectInfo.of("k", 1, Instant.EPOCH)));
      assertThat(get.kind()).isEqualTo(ErrorKind.THROTTLED);
      assertThat(get.retryAfter()).hasValue(Duration.ofSeconds(7));
      assertThat(get.getMessage()).contains("503", "SlowDown", "s3://throttled/k");
      MigrateException list = catchThrowableOfType(MigrateException.class, () -> s.list(Optional.empty()));
      assertThat(list.kind()).as("a throttled listing is retried, not fatal").isEqualTo(ErrorKind.THROTTLED);
    }
  }

  @Test
  void theSdkRetriesARequestAtMostAsConfigured() throws Exception {
    try (S3Source s = source("broken", 2)) {
      MigrateException e = catchThrowableOfType(MigrateException.class,
          () -> s.open(ObjectInfo.of("k", 1, Instant.EPOCH)));
      assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
      assertThat(e.getMessage()).contains("500", "InternalError");
      assertThat(requests).containsExactly("GET /broken/k", "GET /broken/k");
    }
  }

  @Test
  void readsArePinnedToTheListedETagAndVersionOnTheWire() throws Exception {
    ObjectInfo listed = new ObjectInfo("k", 100, Optional.of(Instant.EPOCH), Optional.of("\"e-tag-1\""),
        java.util.OptionalLong.empty(), io.github.cosmigrate.model.ObjectMetadata.empty(), Optional.of("v 1+/="));
    try (S3Source s = source("versioned", 1)) {
      MigrateException whole = catchThrowableOfType(MigrateException.class, () -> s.open(listed));
      assertThat(whole.kind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
      assertThat(whole.getMessage()).contains("412", "s3://versioned/k");
      MigrateException range = catchThrowableOfType(MigrateException.class, () -> s.openRange(listed, 10, 20));
      assertThat(range.kind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
    }
    assertThat(wire).containsExactly(
        "GET /versioned/k?versionId=v%201%2B%2F%3D If-Match=\"e-tag-1\" Range=null",
        "GET /versioned/k?versionId=v%201%2B%2F%3D If-Match=\"e-tag-1\" Range=bytes=10-29");
  }

  @Test
  void aSocketTimeoutIsTransient() throws Exception {
    try (S3Source s = S3Source.open(S3SourceConfig.builder("slow").region("us-east-1").pathStyle(true)
        .endpoint(URI.create("http://127.0.0.1:" + http.getAddress().getPort())).credentials(S3Fixture.credentials())
        .sdkMaxAttempts(1).socketTimeout(Duration.ofMillis(300)).build())) {
      MigrateException e = catchThrowableOfType(MigrateException.class,
          () -> s.open(ObjectInfo.of("k", 4, Instant.EPOCH)));
      assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
      assertThat(e.getMessage()).contains("s3://slow/k", "timed out");
    }
  }

  @Test
  void anInterruptedCallThrowsInterruptedIoExceptionAndKeepsTheFlag() throws Exception {
    try (S3Source s = source("fake", 1)) {
      Thread.currentThread().interrupt();
      Throwable e;
      try {
        e = org.assertj.core.api.Assertions.catchThrowable(() -> s.stat("restored.bin"));
      } finally {
        assertThat(Thread.interrupted()).as("interrupt flag kept").isTrue();
      }
      assertThat(e).isInstanceOf(java.io.InterruptedIOException.class).hasMessageContaining("s3://fake/restored.bin");
    }
  }

  @Test
  void aRefusedConnectionIsTransientAndNamesTheObject() throws Exception {
    int port = http.getAddress().getPort();
    http.stop(0);
    try (S3Source s = S3Source.open(S3SourceConfig.builder("gone").region("us-east-1").pathStyle(true)
        .endpoint(URI.create("http://127.0.0.1:" + port)).credentials(S3Fixture.credentials()).sdkMaxAttempts(1)
        .build())) {
      MigrateException e = catchThrowableOfType(MigrateException.class, () -> s.stat("k"));
      assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
      assertThat(e.getMessage()).contains("s3://gone/k");
    }
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
  }
}
