package io.github.cosmigrate.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.Crc64;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The proxy at the HTTP level: framing, header casing, keep-alive, concurrency, classification. */
class DialectProxyHttpTest {
  private static ObjectStoreServer store;
  private static DialectProxy proxy;
  private static final String BUCKET = "http-1250000000";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws IOException {
    store = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none());
    proxy = DialectProxy.start(Dialect.COS, store.endpoint());
    store.createBucket(BUCKET);
  }

  @AfterAll
  static void stop() {
    proxy.close();
    store.close();
  }

  private static URI uri(String key) {
    return proxy.endpoint().resolve("/" + BUCKET + "/" + key);
  }

  @Test
  void chunkedRequestBodyIsStoredAndItsCrcReturned() throws Exception {
    byte[] data = new byte[300_000];
    new Random(5).nextBytes(data);
    HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(uri("chunked/obj"))
            .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(data))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).isEqualTo(200);
    String crc = Crc64.toUnsignedString(Crc64.of(data));
    assertThat(put.headers().firstValue("x-cos-hash-crc64ecma")).hasValue(crc);
    HttpResponse<byte[]> get = HTTP.send(HttpRequest.newBuilder(uri("chunked/obj")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(get.body()).isEqualTo(data);
    assertThat(get.headers().firstValue("x-cos-hash-crc64ecma")).hasValue(crc);
    assertThat(get.headers().map().keySet()).noneMatch(h -> h.startsWith("x-amz-"));
  }

  @Test
  void rawSocketSeesCanonicalHeaderNamesAndKeepAlive() throws Exception {
    byte[] data = "raw".getBytes(StandardCharsets.US_ASCII);
    store.putObject(BUCKET, "raw/key with space", data);
    try (Socket s = new Socket("127.0.0.1", proxy.port())) {
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      String head = "HEAD /" + BUCKET + "/raw/key%20with%20space HTTP/1.1\r\nHost: x\r\n\r\n";
      out.write((head + head).getBytes(StandardCharsets.US_ASCII)); // pipelined on one connection
      out.flush();
      String first = readHead(in);
      String second = readHead(in);
      for (String h : List.of(first, second)) {
        assertThat(h).startsWith("HTTP/1.1 200").contains("\r\nContent-Length: 3\r\n").contains("\r\nETag: ")
            .contains("\r\nLast-Modified: ")
            .contains("\r\nx-cos-hash-crc64ecma: " + Crc64.toUnsignedString(Crc64.of(data)) + "\r\n");
      }
    }
    assertThat(proxy.requests()).anyMatch(r -> r.operation() == Operation.HEAD_OBJECT
        && r.key().equals("raw/key with space") && r.status() == 200);
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (!sb.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("closed after: " + sb);
      }
      sb.append((char) c);
    }
    return sb.toString();
  }

  @Test
  void sixtyFourConcurrentClients() throws Exception {
    int clients = 64;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        String key = "conc/" + i;
        byte[] body = ("object " + i).getBytes(StandardCharsets.UTF_8);
        results.add(pool.submit(() -> {
          HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
          int put = own.send(HttpRequest.newBuilder(uri(key)).PUT(HttpRequest.BodyPublishers.ofByteArray(body))
              .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
          HttpResponse<byte[]> get = own.send(HttpRequest.newBuilder(uri(key)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
          return put == 200 && get.statusCode() == 200 && java.util.Arrays.equals(get.body(), body) ? 1 : 0;
        }));
      }
      int ok = 0;
      for (Future<Integer> f : results) {
        ok += f.get();
      }
      assertThat(ok).isEqualTo(clients);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void classifiesOperationsFromMethodAndQuery() throws Exception {
    proxy.clearRequests();
    send("GET", "/" + BUCKET + "?prefix=a&max-keys=2");
    send("GET", "/" + BUCKET + "?uploads");
    send("POST", "/" + BUCKET + "/cls?uploads");
    send("DELETE", "/" + BUCKET + "/cls?uploadId=nope");
    send("GET", "/" + BUCKET + "/cls?uploadId=nope");
    send("GET", "/" + BUCKET + "?acl");
    send("PUT", "/" + BUCKET + "/cls?partNumber=7&uploadId=nope");
    // the proxy records a request once its exchange has ended, which may be just after the client has the answer
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (proxy.requests().size() < 7 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    List<RecordedRequest> log = proxy.requests();
    assertThat(log).extracting(RecordedRequest::operation).containsExactly(Operation.LIST_OBJECTS,
        Operation.LIST_MULTIPART_UPLOADS, Operation.INITIATE_MULTIPART, Operation.ABORT_MULTIPART,
        Operation.LIST_PARTS, Operation.OTHER, Operation.UPLOAD_PART);
    assertThat(log.get(6).partNumber()).isEqualTo(7);
    assertThat(log.get(6).uploadId()).isEqualTo("nope");
    assertThat(log).allSatisfy(r -> assertThat(r.status()).isPositive());
    assertThat(log.get(0).key()).isEmpty();
    assertThat(log.get(0).bucket()).isEqualTo(BUCKET);
  }

  private static int send(String method, String pathAndQuery) throws Exception {
    HttpRequest.BodyPublisher body = method.equals("PUT") ? HttpRequest.BodyPublishers.ofByteArray(new byte[1])
        : HttpRequest.BodyPublishers.noBody();
    return HTTP.send(HttpRequest.newBuilder(proxy.endpoint().resolve(pathAndQuery)).method(method, body).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void copySourceForms() {
    assertThat(S3Names.s3CopySource("src-125.cos.ap-guangzhou.myqcloud.com/a/b%20c.txt"))
        .isEqualTo("/src-125/a/b%20c.txt");
    assertThat(S3Names.s3CopySource("src-125.cos.local/k")).isEqualTo("/src-125/k");
    assertThat(S3Names.s3CopySource("/src-125/k")).isEqualTo("/src-125/k");
    assertThat(S3Names.s3CopySource("http://src-125.cos.local/k")).isEqualTo("/src-125/k");
    assertThat(UriParts.percentDecode("a%2Fb+c%E4%B8%AD")).isEqualTo("a/b+c\u4e2d");
  }
}
