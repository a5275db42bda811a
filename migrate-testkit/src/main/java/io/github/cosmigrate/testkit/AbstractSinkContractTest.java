package io.github.cosmigrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.MultipartUpload;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.UploadedPart;
import io.github.cosmigrate.model.Verification;
import io.github.cosmigrate.spi.Sink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every {@link Sink} passes. Subclass it, implement {@link #createSink()} and {@link #readBack},
 * and override the {@code stores...}/{@code reports...} hooks for what the backend behind the sink cannot do.
 * Each hook is checked both ways: declared means the round trip works; undeclared means the value really does
 * not come back (update the hook when the backend gains the ability).
 *
 * <p>Every test uses keys under a fresh random prefix, so one backend may serve all tests; uploads a test starts
 * are aborted in {@link #tearDownSink()}. Objects are small except in
 * {@link #multipartPartsOutOfOrderAndConcurrent()}, whose parts are {@code limits().minPartSize()} bytes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class AbstractSinkContractTest {

  /** The sink under test, created fresh for each test. */
  protected Sink sink;

  /** The random key prefix of the current test (ends with {@code /}). */
  protected String prefix;

  private final List<String[]> startedUploads = Collections.synchronizedList(new ArrayList<>());

  /** A new sink for one test; closed after it. */
  protected abstract Sink createSink() throws Exception;

  /** The bytes stored under {@code key}, read without going through the Sink SPI (e.g. the raw SDK). */
  protected abstract byte[] readBack(String key) throws Exception;

  /** Whether the backend stores and reports user metadata. */
  protected boolean storesUserMetadata() {
    return true;
  }

  /** Whether the backend stores and reports Content-Type, Cache-Control, Content-Disposition, etc. */
  protected boolean storesStandardHeaders() {
    return true;
  }

  /** Whether the backend stores and reports the storage class {@link #storageClassForTest()}. */
  protected boolean storesStorageClass() {
    return true;
  }

  /** A non-default storage class of this sink, for the round trip. */
  protected String storageClassForTest() {
    return "STANDARD_IA";
  }

  /** Whether the backend applies and reports server-side encryption {@link #serverSideEncryptionForTest()}. */
  protected boolean storesServerSideEncryption() {
    return true;
  }

  /** An SSE algorithm this sink accepts. */
  protected String serverSideEncryptionForTest() {
    return "AES256";
  }

  /** Whether the service returns a CRC-64 (puts and completions VERIFIED, stat with crc64). */
  protected boolean reportsCrc64() {
    return true;
  }

  /** Runs after each test, before the sink is closed: e.g. a fake's leak check. */
  protected void afterEachTest(Sink sink) throws Exception {}

  @BeforeEach
  final void setUpSink() throws Exception {
    prefix = "kit-" + UUID.randomUUID().toString().substring(0, 8) + "/";
    sink = createSink();
  }

  @AfterEach
  final void tearDownSink() throws Exception {
    try {
      synchronized (startedUploads) {
        for (String[] u : startedUploads) {
          sink.abortMultipart(u[0], u[1]);
        }
      }
      afterEachTest(sink);
    } finally {
      sink.close();
    }
  }

  // ------------------------------------------------------------------ helpers for subclasses

  /** {@code n} pseudo-random bytes (deterministic per seed). */
  protected static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Puts {@code data} under {@code key} with {@code metadata}. */
  protected PutResult put(String key, byte[] data, ObjectMetadata metadata) throws IOException {
    return sink.put(key, new ByteArrayInputStream(data), data.length, metadata);
  }

  /** Starts an upload that is aborted after the test unless completed. */
  protected String initiate(String key, ObjectMetadata metadata) throws IOException {
    String id = sink.initiateMultipart(key, metadata);
    startedUploads.add(new String[] {key, id});
    return id;
  }

  /** Uploads one part from an array. */
  protected PartResult part(String key, String uploadId, int n, byte[] data) throws IOException {
    return sink.uploadPart(key, uploadId, n, new ByteArrayInputStream(data), data.length);
  }

  private void assertVerification(Verification v) {
    assertThat(v).as("verification (reportsCrc64=%s)", reportsCrc64())
        .isEqualTo(reportsCrc64() ? Verification.VERIFIED : Verification.UNVERIFIABLE);
  }

  private static ObjectMetadata fullMetadata() {
    return ObjectMetadata.builder()
        .contentType("text/plain; charset=utf-8")
        .cacheControl("max-age=60")
        .contentDisposition("attachment; filename=\"report.txt\"")
        .contentEncoding("identity")
        .contentLanguage("en-GB")
        .expires("Wed, 21 Oct 2026 07:28:00 GMT")
        .putUserMetadata("origin", "contract-kit")
        .putUserMetadata("Mixed-Case", "v1")
        .build();
  }

  // ------------------------------------------------------------------ tests

  @Test
  void putThenStatRoundTripsSizeEtagCrcAndMetadata() throws Exception {
    String key = prefix + "round-trip.txt";
    byte[] data = bytes(3000, 1);
    ObjectMetadata md = fullMetadata();
    PutResult r = put(key, data, md);

    assertThat(r.etag()).isNotBlank().doesNotStartWith("\"");
    assertThat(r.crc64()).isEqualTo(Crc64.of(data));
    assertVerification(r.verification());

    ObjectInfo info = sink.stat(key).orElseThrow();
    assertThat(info.key()).isEqualTo(key);
    assertThat(info.size()).isEqualTo(data.length);
    assertThat(info.etag()).contains(r.etag());
    assertThat(info.lastModified()).isPresent();
    if (reportsCrc64()) {
      assertThat(info.crc64()).hasValue(Crc64.of(data));
    } else {
      assertThat(info.crc64()).isEmpty();
    }
    ObjectMetadata got = info.metadata();
    if (storesStandardHeaders()) {
      // servers may drop the blank after ';' in media-type parameters
      assertThat(got.contentType().map(AbstractSinkContractTest::normalizeMediaType))
          .isEqualTo(md.contentType().map(AbstractSinkContractTest::normalizeMediaType));
      assertThat(got.cacheControl()).isEqualTo(md.cacheControl());
      assertThat(got.contentDisposition()).isEqualTo(md.contentDisposition());
      assertThat(got.contentEncoding()).isEqualTo(md.contentEncoding());
      assertThat(got.contentLanguage()).isEqualTo(md.contentLanguage());
      assertThat(got.expires()).isEqualTo(md.expires());
    } else {
      assertThat(got.cacheControl()).as("storesStandardHeaders() is false but Cache-Control came back")
          .isNotEqualTo(md.cacheControl());
    }
    if (storesUserMetadata()) {
      assertThat(got.userMetadata()).isEqualTo(Map.of("origin", "contract-kit", "mixed-case", "v1"));
    } else {
      assertThat(got.userMetadata()).as("storesUserMetadata() is false but user metadata came back")
          .doesNotContainKey("origin");
    }
    assertThat(readBack(key)).isEqualTo(data);
  }

  @Test
  void storageClassRoundTripsWhenDeclared() throws Exception {
    String key = prefix + "storage-class";
    String sc = storageClassForTest();
    put(key, bytes(100, 2), ObjectMetadata.builder().storageClass(sc.toLowerCase(Locale.ROOT)).build());
    Optional<String> got = sink.stat(key).orElseThrow().metadata().storageClass();
    if (storesStorageClass()) {
      assertThat(got.map(s -> s.toUpperCase(Locale.ROOT))).contains(sc.toUpperCase(Locale.ROOT));
    } else {
      assertThat(got.map(s -> s.toUpperCase(Locale.ROOT)))
          .as("storesStorageClass() is false but the storage class came back")
          .isNotEqualTo(Optional.of(sc.toUpperCase(Locale.ROOT)));
    }
  }

  @Test
  void serverSideEncryptionRoundTripsWhenDeclared() throws Exception {
    String key = prefix + "sse";
    String sse = serverSideEncryptionForTest();
    PutResult r = put(key, bytes(100, 3), ObjectMetadata.builder().serverSideEncryption(sse).build());
    assertVerification(r.verification());
    Optional<String> got = sink.stat(key).orElseThrow().metadata().serverSideEncryption();
    if (storesServerSideEncryption()) {
      assertThat(got).contains(sse);
    } else {
      assertThat(got).as("storesServerSideEncryption() is false but SSE came back").isNotEqualTo(Optional.of(sse));
    }
  }

  @Test
  void emptyObject() throws Exception {
    String key = prefix + "empty";
    PutResult r = put(key, new byte[0], ObjectMetadata.empty());
    assertThat(r.crc64()).isEqualTo(Crc64.of(new byte[0]));
    assertVerification(r.verification());
    ObjectInfo info = sink.stat(key).orElseThrow();
    assertThat(info.size()).isZero();
    assertThat(readBack(key)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"with space.txt", "plus+sign", "percent%20and%2F", "ünïcødé/文件 名.txt", ".hidden",
      "..double-dot", "a//b", "semi;colon&amp=1#frag", "tilde~(round)[square]{curly}", "emoji-\uD83D\uDE00",
})
  void oddKeysRoundTrip(String name) throws Exception {
    String key = prefix + name;
    byte[] data = name.getBytes(StandardCharsets.UTF_8);
    PutResult r = put(key, data, ObjectMetadata.empty());
    assertThat(r.crc64()).isEqualTo(Crc64.of(data));
    ObjectInfo info = sink.stat(key).orElseThrow(() -> new AssertionError("stat lost key " + key));
    assertThat(info.key()).isEqualTo(key);
    assertThat(info.size()).isEqualTo(data.length);
    assertThat(readBack(key)).isEqualTo(data);
    sink.delete(key);
    assertThat(sink.stat(key)).isEmpty();
  }

  @Test
  void directoryMarkerKeyWithTrailingSlash() throws Exception {
    String key = prefix + "dir/";
    put(key, new byte[0], ObjectMetadata.empty());
    assertThat(sink.stat(key).orElseThrow().size()).isZero();
    sink.delete(key);
    assertThat(sink.stat(key)).isEmpty();
  }

  @Test
  void statOfMissingKeyIsEmpty() throws Exception {
    assertThat(sink.stat(prefix + "no-such-key")).isEmpty();
  }

  @Test
  void overwriteReplacesContent() throws Exception {
    String key = prefix + "overwrite";
    put(key, bytes(50, 4), ObjectMetadata.empty());
    byte[] second = bytes(70, 5);
    PutResult r = put(key, second, ObjectMetadata.empty());
    assertThat(sink.stat(key).orElseThrow().size()).isEqualTo(70);
    assertThat(r.crc64()).isEqualTo(Crc64.of(second));
    assertThat(readBack(key)).isEqualTo(second);
  }

  @Test
  void putReadsExactlyLengthBytesAndLeavesTheStreamOpen() throws Exception {
    String key = prefix + "exact-length";
    byte[] data = bytes(500, 6);
    TrackingStream in = new TrackingStream(data);
    PutResult r = sink.put(key, in, 300, ObjectMetadata.empty());
    assertThat(in.closed).as("the sink closed the caller's stream").isFalse();
    assertThat(in.remaining()).as("bytes left unread in the caller's stream").isEqualTo(200);
    byte[] expected = java.util.Arrays.copyOf(data, 300);
    assertThat(r.crc64()).isEqualTo(Crc64.of(expected));
    assertThat(sink.stat(key).orElseThrow().size()).isEqualTo(300);
    assertThat(readBack(key)).isEqualTo(expected);
  }

  @Test
  void keyOfMaxLengthWorksAndLongerFailsWithInvalidInputNamingTheKey() throws Exception {
    int max = sink.limits().maxKeyLength();
    String longest = prefix + "k".repeat(max - prefix.length());
    put(longest, bytes(10, 7), ObjectMetadata.empty());
    assertThat(sink.stat(longest)).isPresent();

    String tooLong = prefix + "x".repeat(max - prefix.length() + 1);
    assertThatThrownBy(() -> put(tooLong, bytes(10, 8), ObjectMetadata.empty()))
        .isInstanceOfSatisfying(MigrateException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
          assertThat(e.getMessage()).contains(tooLong).contains(String.valueOf(max));
        });
    // multibyte characters count as UTF-8 bytes
    String multibyte = prefix + "é".repeat((max - prefix.length()) / 2 + 1);
    assertThatThrownBy(() -> sink.initiateMultipart(multibyte, ObjectMetadata.empty()))
        .isInstanceOfSatisfying(MigrateException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT));
  }

  @Test
  void multipartPartsOutOfOrderAndConcurrent() throws Exception {
    String key = prefix + "multipart.bin";
    int partSize = (int) sink.limits().minPartSize();
    byte[] p1 = bytes(partSize, 11);
    byte[] p2 = bytes(partSize, 12);
    byte[] p3 = bytes(partSize / 3 + 7, 13);
    byte[] all = new byte[p1.length + p2.length + p3.length];
    System.arraycopy(p1, 0, all, 0, p1.length);
    System.arraycopy(p2, 0, all, p1.length, p2.length);
    System.arraycopy(p3, 0, all, p1.length + p2.length, p3.length);
    ObjectMetadata md = ObjectMetadata.builder().contentType("application/x-kit").build();
    String id = initiate(key, md);
    assertThat(sink.stat(key)).as("no object is visible before completion").isEmpty();

    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<PartResult> results = new ArrayList<>();
    try {
      Future<PartResult> f3 = pool.submit(() -> part(key, id, 3, p3));
      Future<PartResult> f1 = pool.submit(() -> part(key, id, 1, p1));
      Future<PartResult> f2 = pool.submit(() -> part(key, id, 2, p2));
      results.add(f3.get());
      results.add(f1.get());
      results.add(f2.get());
    } finally {
      pool.shutdownNow();
    }
    for (PartResult p : results) {
      byte[] src = p.partNumber() == 1 ? p1 : p.partNumber() == 2 ? p2 : p3;
      assertThat(p.size()).isEqualTo(src.length);
      assertThat(p.crc64()).isEqualTo(Crc64.of(src));
      assertVerification(p.verification());
    }

    List<UploadedPart> listed = sink.listParts(key, id);
    assertThat(listed).extracting(UploadedPart::partNumber).containsExactly(1, 2, 3);
    assertThat(listed).extracting(UploadedPart::size).containsExactly((long) p1.length, (long) p2.length,
        (long) p3.length);
    for (UploadedPart u : listed) {
      PartResult pr = results.stream().filter(p -> p.partNumber() == u.partNumber()).findFirst().orElseThrow();
      assertThat(u.etag()).isEqualTo(pr.etag());
    }
    assertThat(sink.listMultipartUploads(prefix)).extracting(MultipartUpload::uploadId).contains(id);

    PutResult done = sink.completeMultipart(key, id, results); // given in the order 3, 1, 2
    assertThat(done.crc64()).isEqualTo(Crc64.of(all));
    assertVerification(done.verification());
    ObjectInfo info = sink.stat(key).orElseThrow();
    assertThat(info.size()).isEqualTo(all.length);
    if (reportsCrc64()) {
      assertThat(info.crc64()).hasValue(Crc64.of(all));
    }
    if (storesStandardHeaders()) {
      assertThat(info.metadata().contentType()).contains("application/x-kit");
    }
    assertThat(readBack(key)).isEqualTo(all);
    assertThat(sink.listMultipartUploads(prefix)).extracting(MultipartUpload::uploadId).doesNotContain(id);
  }

  @Test
  void uploadPartIsIdempotentPerPartNumber() throws Exception {
    String key = prefix + "idempotent";
    String id = initiate(key, ObjectMetadata.empty());
    part(key, id, 1, bytes(40, 21));
    byte[] second = bytes(60, 22);
    PartResult again = part(key, id, 1, second);
    List<UploadedPart> listed = sink.listParts(key, id);
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).size()).isEqualTo(60);
    assertThat(listed.get(0).etag()).isEqualTo(again.etag());
    PutResult done = sink.completeMultipart(key, id, List.of(again));
    assertThat(done.crc64()).isEqualTo(Crc64.of(second));
    assertThat(readBack(key)).isEqualTo(second);
  }

  @Test
  void completeWithTooSmallNonLastPartFailsWithInvalidInput() throws Exception {
    String key = prefix + "too-small";
    String id = initiate(key, ObjectMetadata.empty());
    PartResult a = part(key, id, 1, bytes(10, 31));
    PartResult b = part(key, id, 2, bytes(10, 32));
    assertThatThrownBy(() -> sink.completeMultipart(key, id, List.of(a, b)))
        .isInstanceOfSatisfying(MigrateException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT));
    assertThat(sink.stat(key)).isEmpty();
  }

  @Test
  void abortRemovesTheUploadAndAbortingAgainIsFine() throws Exception {
    String key = prefix + "aborted";
    String id = initiate(key, ObjectMetadata.empty());
    part(key, id, 1, bytes(30, 41));
    assertThat(sink.listMultipartUploads(prefix)).extracting(MultipartUpload::uploadId).contains(id);
    sink.abortMultipart(key, id);
    assertThat(sink.listMultipartUploads(prefix)).extracting(MultipartUpload::uploadId).doesNotContain(id);
    sink.abortMultipart(key, id);
    // COS answers NoSuchUpload (NOT_FOUND); some S3-compatible servers (S3Proxy) list no parts instead
    try {
      assertThat(sink.listParts(key, id)).as("parts of an aborted upload").isEmpty();
    } catch (MigrateException e) {
      assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
    }
    assertThat(sink.stat(key)).isEmpty();
  }

  @Test
  void listMultipartUploadsFiltersByPrefix() throws Exception {
    String a1 = initiate(prefix + "a/one", ObjectMetadata.empty());
    String a2 = initiate(prefix + "a/two", ObjectMetadata.empty());
    String b1 = initiate(prefix + "b/one", ObjectMetadata.empty());
    List<MultipartUpload> underA = sink.listMultipartUploads(prefix + "a/");
    assertThat(underA).extracting(MultipartUpload::uploadId).containsExactlyInAnyOrder(a1, a2);
    assertThat(underA).extracting(MultipartUpload::key).containsExactlyInAnyOrder(prefix + "a/one", prefix + "a/two");
    assertThat(sink.listMultipartUploads(prefix)).extracting(MultipartUpload::uploadId).contains(a1, a2, b1);
  }

  @Test
  void deleteRemovesAndDeletingAMissingKeyIsFine() throws Exception {
    String key = prefix + "deleted";
    put(key, bytes(20, 51), ObjectMetadata.empty());
    sink.delete(key);
    assertThat(sink.stat(key)).isEmpty();
    sink.delete(key);
    sink.delete(prefix + "never-existed");
  }

  @Test
  void describeAndLimitsAreStable() {
    assertThat(sink.describe()).isNotBlank().isEqualTo(sink.describe());
    assertThat(sink.limits()).isEqualTo(sink.limits());
  }

  private static String normalizeMediaType(String s) {
    return s.replaceAll("\\s*;\\s*", ";").toLowerCase(Locale.ROOT);
  }

  /** A stream that records close() and how much is left. */
  private static final class TrackingStream extends InputStream {
    private final ByteArrayInputStream in;
    volatile boolean closed;

    TrackingStream(byte[] data) {
      in = new ByteArrayInputStream(data);
    }

    @Override
    public int read() {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      return in.read(b, off, len);
    }

    int remaining() {
      return in.available();
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
