package io.github.cosmigrate.source.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.SourceEntry;
import io.github.cosmigrate.model.SourceRead;
import io.github.cosmigrate.server.Fault;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults and answers the dialect proxy cannot give, from a JDK HttpServer speaking the OSS wire format (archive
 * storage classes with and without a finished restore, InvalidObjectState, 412, a range OSS ignored or answered
 * with another range, a slow or truncated body), and faults the proxy injects in front of the real store with
 * signatures checked (a 503 answered once and retried, 500s, a reset).
 */
class OssSourceFaultTest {
  private HttpServer http;
  private ExecutorService httpThreads;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> wire = new CopyOnWriteArrayList<>();

  private static String contents(String key, String storageClass, String restoreInfo) {
    return "<Contents><Key>" + key + "</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified>"
        + "<ETag>\"E-" + key + "\"</ETag><Type>Normal</Type><Size>10</Size><StorageClass>" + storageClass
        + "</StorageClass>" + (restoreInfo == null ? "" : "<RestoreInfo>" + restoreInfo + "</RestoreInfo>")
        + "<Owner><ID>1</ID><DisplayName>1</DisplayName></Owner></Contents>";
  }

  private static final String ARCHIVE_LISTING = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult>"
      + "<Name>arch</Name><Prefix></Prefix><Marker></Marker><MaxKeys>1000</MaxKeys><EncodingType>url</EncodingType>"
      + "<IsTruncated>false</IsTruncated>"
      + contents("cold.bin", "Archive", null)
      + contents("ia.bin", "IA", null)
      + contents("restored-by-head.bin", "Archive", null)
      + contents("restored-in-listing.bin", "DeepColdArchive",
          "ongoing-request=\"false\", expiry-date=\"Sun, 16 Apr 2028 08:12:33 GMT\"")
      + contents("thawing.bin", "ColdArchive", "ongoing-request=\"true\"")
      + "</ListBucketResult>";

  @BeforeEach
  void start() throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    httpThreads = Executors.newCachedThreadPool();
    http.setExecutor(httpThreads);
    http.createContext("/", this::handle);
    http.start();
  }

  @AfterEach
  void stop() {
    http.stop(0);
    httpThreads.shutdownNow();
    OssFixture.proxy().faults().clear();
  }

  private void handle(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    requests.add(x.getRequestMethod() + " " + path);
    wire.add(x.getRequestMethod() + " " + path + " If-Match=" + x.getRequestHeaders().getFirst("If-Match")
        + " Range=" + x.getRequestHeaders().getFirst("Range") + " behavior="
        + x.getRequestHeaders().getFirst("x-oss-range-behavior"));
    try (x) {
      switch (x.getRequestMethod() + " " + path) {
        case "GET /arch/" -> send(x, 200, ARCHIVE_LISTING);
        case "HEAD /arch/cold.bin" -> head(x, "Archive", null);
        case "HEAD /arch/restored-by-head.bin" -> head(x, "Archive",
            "ongoing-request=\"false\", expiry-date=\"Sun, 16 Apr 2028 08:12:33 GMT\"");
        case "GET /arch/cold.bin" -> send(x, 403, error("InvalidObjectState",
            "The operation is not valid for the object's state"));
        case "GET /pinned/k" -> send(x, 412, error("PreconditionFailed",
            "At least one of the pre-conditions you specified did not hold."));
        case "GET /ignored-range/k" -> {
          x.getResponseHeaders().add("ETag", "\"E1\"");
          send(x, 200, "0123456789");
        }
        case "GET /other-range/k" -> {
          x.getResponseHeaders().add("ETag", "\"E1\"");
          x.getResponseHeaders().add("Content-Range", "bytes 0-3/10");
          send(x, 206, "0123");
        }
        case "GET /truncated/k" -> {
          x.getResponseHeaders().add("ETag", "\"E1\"");
          x.sendResponseHeaders(200, 100);
          x.getResponseBody().write("only ten b".getBytes(StandardCharsets.UTF_8));
          x.getResponseBody().flush();
          throw new IOException("cut the body short"); // the server drops the connection
        }
        case "GET /slow/k" -> {
          try {
            Thread.sleep(3_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          send(x, 200, "late");
        }
        default -> send(x, 404, error("NoSuchKey", "The specified key does not exist."));
      }
    }
  }

  private static String error(String code, String message) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
        + "</Message><RequestId>r1</RequestId><HostId>fake</HostId></Error>";
  }

  private static void head(HttpExchange x, String storageClass, String restore) throws IOException {
    x.getResponseHeaders().add("x-oss-storage-class", storageClass);
    x.getResponseHeaders().add("ETag", "\"E1\"");
    x.getResponseHeaders().add("Last-Modified", "Fri, 02 Jan 2026 03:04:05 GMT");
    if (restore != null) {
      x.getResponseHeaders().add("x-oss-restore", restore);
    }
    x.getResponseHeaders().add("Content-Length", "10");
    x.getResponseHeaders().add("x-oss-request-id", "r1");
    x.sendResponseHeaders(200, -1);
  }

  private static void send(HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    if (!x.getResponseHeaders().containsKey("Content-Type")) {
      x.getResponseHeaders().add("Content-Type", status >= 300 || body.startsWith("<?xml") ? "application/xml"
          : "application/octet-stream");
    }
    x.getResponseHeaders().add("x-oss-request-id", "r1");
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
  }

  private OssSource fake(String bucket) {
    return fake(bucket, Duration.ofSeconds(20));
  }

  private OssSource fake(String bucket, Duration socketTimeout) {
    return OssSource.open(OssSourceConfig.builder().bucket(bucket)
        .endpoint("http://127.0.0.1:" + http.getAddress().getPort()).credentials("ak-id", "sk-secret-value")
        .sdkMaxRetries(0).socketTimeout(socketTimeout).build());
  }

  private static ObjectInfo listed(String key, long size, String etag) {
    return new ObjectInfo(key, size, Optional.of(Instant.EPOCH), Optional.of(etag), OptionalLong.empty(),
        ObjectMetadata.empty());
  }

  // ---------------------------------------------------------------- OSS wire format, from the fake

  @Test
  void archivedObjectsFailWithTheirReasonUnlessARestoreHasFinished() throws Exception {
    try (OssSource s = fake("arch")) {
      List<SourceEntry> entries = s.list(Optional.empty()).entries();
      assertThat(entries).extracting(SourceEntry::key).containsExactly("cold.bin", "ia.bin",
          "restored-by-head.bin", "restored-in-listing.bin", "thawing.bin");
      assertThat(entries.get(0)).isInstanceOfSatisfying(SourceEntry.Failed.class, f -> {
        assertThat(f.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(f.kind().retryable()).isFalse();
        assertThat(f.reason()).contains("oss://arch/cold.bin", "storage class Archive", "not restored",
            "must be restored before it can be read", "Restore it first");
      });
      assertThat(entries.get(4)).isInstanceOfSatisfying(SourceEntry.Failed.class, f -> {
        assertThat(f.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(f.reason()).contains("oss://arch/thawing.bin", "ColdArchive", "restore in progress");
      });
      assertThat(entries.subList(1, 4)).allSatisfy(e -> assertThat(e).isInstanceOf(SourceEntry.Found.class));
      assertThat(((SourceEntry.Found) entries.get(2)).object().metadata().storageClass()).hasValue("Archive");
      // a HEAD only where the listing does not say: not for IA, nor for a RestoreInfo in the listing
      assertThat(requests).containsExactly("GET /arch/", "HEAD /arch/cold.bin", "HEAD /arch/restored-by-head.bin");

      // an archived object read anyway (e.g. listed before it was archived)
      MigrateException e = catchThrowableOfType(MigrateException.class,
          () -> s.open(listed("cold.bin", 10, "E-cold.bin")));
      assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
      assertThat(e.getMessage()).contains("oss://arch", "'cold.bin'", "403", "InvalidObjectState", "Restore it first");
    }
  }

  @Test
  void readsArePinnedToTheListedETagAndRangesAskForStandardBehaviourOnTheWire() throws Exception {
    try (OssSource s = fake("pinned")) {
      MigrateException whole = catchThrowableOfType(MigrateException.class, () -> s.open(listed("k", 100, "e-1")));
      assertThat(whole.kind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
      assertThat(whole.getMessage()).contains("412", "oss://pinned", "'k'");
      MigrateException range = catchThrowableOfType(MigrateException.class,
          () -> s.openRange(listed("k", 100, "e-1"), 10, 20));
      assertThat(range.kind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
    }
    assertThat(wire).containsExactly("GET /pinned/k If-Match=\"e-1\" Range=null behavior=null",
        "GET /pinned/k If-Match=\"e-1\" Range=bytes=10-29 behavior=standard");
  }

  @Test
  void aRangeTheStoreIgnoredOrAnsweredDifferentlyIsNotTakenForTheRangeAsked() throws Exception {
    try (OssSource s = fake("ignored-range")) {
      MigrateException e = catchThrowableOfType(MigrateException.class,
          () -> s.openRange(listed("k", 10, "E1"), 2, 3));
      assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
      assertThat(e.getMessage()).contains("ignored the Range header", "oss://ignored-range");
      try (InputStream in = s.openRange(listed("k", 10, "E1"), 0, 10)) {
        assertThat(in.readAllBytes()).as("the whole object asked as a range").isEqualTo(
            "0123456789".getBytes(StandardCharsets.UTF_8));
      }
    }
    try (OssSource s = fake("other-range")) {
      MigrateException e = catchThrowableOfType(MigrateException.class,
          () -> s.openRange(listed("k", 10, "E1"), 4, 4));
      assertThat(e.kind()).isEqualTo(ErrorKind.SOURCE_CHANGED);
      assertThat(e.getMessage()).contains("bytes 0-3/10");
    }
  }

  @Test
  void aTruncatedBodyIsTransient() throws Exception {
    try (OssSource s = fake("truncated"); SourceRead r = s.open(listed("k", 100, "E1"))) {
      MigrateException e = catchThrowableOfType(MigrateException.class, () -> r.body().readAllBytes());
      assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
      assertThat(e.getMessage()).contains("oss://truncated");
    }
  }

  @Test
  void aSocketTimeoutIsTransient() throws Exception {
    try (OssSource s = fake("slow", Duration.ofMillis(300))) {
      MigrateException e = catchThrowableOfType(MigrateException.class, () -> s.open(listed("k", 4, "E1")));
      assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
      assertThat(e.getMessage()).contains("oss://slow", "'k'", "timed out");
    }
  }

  @Test
  void anInterruptedCallThrowsInterruptedIoExceptionAndKeepsTheFlag() throws Exception {
    try (OssSource s = fake("arch")) {
      Thread.currentThread().interrupt();
      Throwable e;
      try {
        e = catchThrowable(() -> s.stat("cold.bin"));
      } finally {
        assertThat(Thread.interrupted()).as("interrupt flag kept").isTrue();
      }
      assertThat(e).isInstanceOf(InterruptedIOException.class).hasMessageContaining("oss://arch");
    }
  }

  @Test
  void aRefusedConnectionIsTransientAndNamesTheObject() throws Exception {
    int port = http.getAddress().getPort();
    http.stop(0);
    try (OssSource s = OssSource.open(OssSourceConfig.builder().bucket("gone").endpoint("http://127.0.0.1:" + port)
        .credentials("ak-id", "sk-secret-value").sdkMaxRetries(0).build())) {
      MigrateException e = catchThrowableOfType(MigrateException.class, () -> s.stat("k"));
      assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
      assertThat(e.getMessage()).contains("oss://gone", "'k'");
    }
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
  }

  // ---------------------------------------------------------------- faults of the dialect proxy

  /**
   * The statuses the proxy answered to {@code op} on {@code key}, once it has logged {@code expected} of them
   * (it logs an exchange just after answering it, so the client can be a little ahead of the log).
   */
  private static List<Integer> statuses(String bucket, String key, Operation op, int expected)
      throws InterruptedException {
    List<Integer> got = List.of();
    for (int i = 0; i < 500; i++) {
      got = OssFixture.proxy().requests().stream()
          .filter(r -> r.bucket().equals(bucket) && r.key().equals(key) && r.operation() == op)
          .map(RecordedRequest::status).toList();
      if (got.size() >= expected) {
        break;
      }
      Thread.sleep(10);
    }
    return got;
  }

  @Test
  void a503AnsweredOnceIsRetriedByTheSdkAndTheReadSucceeds() throws Exception {
    String bucket = OssFixture.newBucket();
    byte[] data = "retried once".getBytes(StandardCharsets.UTF_8);
    OssFixture.put(bucket, "k", data);
    OssFixture.proxy().faults().failNext(1, r -> r.bucket().equals(bucket) && r.operation() == Operation.GET_OBJECT,
        Fault.slowDown());
    try (OssSource s = OssSource.open(OssFixture.config(bucket).sdkMaxRetries(1).build())) {
      ObjectInfo o = s.stat("k");
      try (SourceRead r = s.open(o)) {
        assertThat(r.body().readAllBytes()).isEqualTo(data);
      }
    }
    assertThat(statuses(bucket, "k", Operation.GET_OBJECT, 2)).containsExactly(503, 200);
  }

  @Test
  void without503RetriesInTheSdkTheEngineSeesThrottledAndTheNextAttemptSucceeds() throws Exception {
    String bucket = OssFixture.newBucket();
    OssFixture.put(bucket, "k", new byte[] {1, 2, 3});
    OssFixture.proxy().faults().failNext(1, r -> r.bucket().equals(bucket) && r.operation() == Operation.LIST_OBJECTS,
        Fault.slowDown());
    OssFixture.proxy().faults().failNext(1, r -> r.bucket().equals(bucket) && r.operation() == Operation.GET_OBJECT,
        Fault.slowDown());
    try (OssSource s = OssSource.open(OssFixture.config(bucket).sdkMaxRetries(0).build())) {
      MigrateException list = catchThrowableOfType(MigrateException.class, () -> s.list(Optional.empty()));
      assertThat(list.kind()).as("a throttled listing is retried, not fatal").isEqualTo(ErrorKind.THROTTLED);
      ObjectInfo o = ((SourceEntry.Found) s.list(Optional.empty()).entries().get(0)).object();
      MigrateException get = catchThrowableOfType(MigrateException.class, () -> s.open(o));
      assertThat(get.kind()).isEqualTo(ErrorKind.THROTTLED);
      assertThat(get.getMessage()).contains("503", "SlowDown", "oss://" + bucket, "'k'");
      try (SourceRead r = s.open(o)) {
        assertThat(r.body().readAllBytes()).containsExactly(1, 2, 3);
      }
    }
    assertThat(statuses(bucket, "", Operation.LIST_OBJECTS, 2)).containsExactly(503, 200);
    assertThat(statuses(bucket, "k", Operation.GET_OBJECT, 2)).containsExactly(503, 200);
  }

  @Test
  void theSdkRetriesARequestAtMostAsConfigured() throws Exception {
    String bucket = OssFixture.newBucket();
    OssFixture.put(bucket, "k", new byte[] {1});
    OssFixture.proxy().faults().failNext(5, r -> r.bucket().equals(bucket) && r.operation() == Operation.GET_OBJECT,
        Fault.internalError());
    try (OssSource s = OssSource.open(OssFixture.config(bucket).sdkMaxRetries(1).build())) {
      MigrateException e = catchThrowableOfType(MigrateException.class, () -> s.open(s.stat("k")));
      assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
      assertThat(e.getMessage()).contains("500", "InternalError", "'k'");
    }
    assertThat(statuses(bucket, "k", Operation.GET_OBJECT, 2)).containsExactly(500, 500);
  }

  @Test
  void aResetRangedReadIsTransient() throws Exception {
    String bucket = OssFixture.newBucket();
    OssFixture.put(bucket, "k", "0123456789".getBytes(StandardCharsets.UTF_8));
    OssFixture.proxy().faults().failNext(1, r -> r.bucket().equals(bucket) && r.operation() == Operation.GET_OBJECT,
        Fault.connectionReset());
    try (OssSource s = OssSource.open(OssFixture.config(bucket).sdkMaxRetries(0).build())) {
      ObjectInfo o = s.stat("k");
      MigrateException e = catchThrowableOfType(MigrateException.class, () -> s.openRange(o, 2, 3));
      assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
      assertThat(e.getMessage()).contains("oss://" + bucket, "'k'");
      try (InputStream in = s.openRange(o, 2, 3)) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("234");
      }
    }
  }
}
