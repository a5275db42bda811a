package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.cosmigrate.cli.internal.LogConfigurator;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.Fault;
import io.github.cosmigrate.server.ObjectStoreServer;
import io.github.cosmigrate.server.OssSignatureVerifier;
import io.github.cosmigrate.server.RangeFileServer;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.spi.Sink;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/**
 * Secret hygiene of real runs: every command ({@code local}, {@code s3}, {@code oss}, {@code cos}, {@code url})
 * runs in a child JVM with the command line's own logging (no test classes on its class path) raised to DEBUG
 * ({@value LogConfigurator#LEVEL_ENV}{@code =debug}), with recognisable secret keys, session tokens and signed
 * URL query strings; one run per source succeeds but for one failing object, one fails authentication. Then
 * stdout, stderr, the {@code --report} JSON, the failures file and every file under the run's folder (the
 * ledger's RocksDB files read as ISO-8859-1, and every key and value of the ledger read back through RocksDB,
 * since its table files are compressed) are searched for the secrets, the tokens, {@code Authorization}, the
 * signature fragments of AWS V4 ({@code Signature=}), OSS ({@code OSS <access key id>:}) and COS
 * ({@code q-signature}) and the query strings: none may appear.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SecretHygieneTest {
  static final String COS_ID = "AKIDcos4711id";
  static final String COS_KEY = "SECRETKEY-cos-4711";
  static final String COS_TOKEN = "TOKEN-cos-4711";
  static final String SRC_COS_ID = "AKIDsrc4711id";
  static final String SRC_COS_KEY = "SECRETKEY-srccos-4711";
  static final String SRC_COS_TOKEN = "TOKEN-srccos-4711";
  static final String S3_ID = "AKIAS34711ID";
  static final String S3_KEY = "SECRETKEY-s3-4711";
  static final String S3_TOKEN = "TOKEN-s3-4711";
  static final String OSS_ID = "LTAIoss4711id";
  static final String OSS_KEY = "SECRETKEY-oss-4711";
  static final String OSS_TOKEN = "TOKEN-oss-4711";
  static final String WRONG_KEY = "SECRETKEY-wrong-4711";
  static final String QUERY = "X-Expires=1999999999&X-Signature=QUERYSECRET-url-4711";
  static final String USER_INFO = "USERINFOSECRET-4711";
  static final long PART = 5L << 20;

  /** Never in any output, compared ignoring case (and once more with backslash escapes removed). */
  static final List<String> FORBIDDEN = List.of(COS_KEY, COS_TOKEN, SRC_COS_KEY, SRC_COS_TOKEN, S3_KEY, S3_TOKEN,
      OSS_KEY, OSS_TOKEN, WRONG_KEY, USER_INFO, "QUERYSECRET", "X-Signature", "X-Expires", "Authorization", "Signature=",
      "OSS " + OSS_ID + ":", "q-signature", "q-sign-algorithm", "security-token");

  @TempDir
  static Path serverDir;

  static CosFixture cos;
  static ObjectStoreServer s3;
  static ObjectStoreServer ossStore;
  static DialectProxy oss;
  static RangeFileServer files;
  static Redirects redirects;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() throws IOException {
    cos = CosFixture.startOnDisk(serverDir.resolve("cos"));
    s3 = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.awsV4(S3_ID, S3_KEY));
    ossStore = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none());
    oss = DialectProxy.start(Dialect.OSS, ossStore.endpoint());
    oss.requireSignatures(OssSignatureVerifier.of(OSS_ID, OSS_KEY).withSecurityToken(OSS_TOKEN));
    Files.createDirectories(serverDir.resolve("www"));
    files = RangeFileServer.serve(serverDir.resolve("www"));
    redirects = new Redirects(files);
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {redirects, files, oss, ossStore, s3, cos}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing a test server; the next one still closes
      }
    }
  }

  @AfterEach
  void disarm() {
    cos.proxy.faults().clear();
  }

  // ---- the runs ------------------------------------------------------------------------------------------------

  @Test
  void localRunsLeakNothing() throws IOException {
    Path source = tmp.resolve("source");
    writeTree(source);
    String dst = cos.newBucket("sec-local");
    failObject(dst, "fail.bin");
    Run ok = child(tmp.resolve("ok"), cosEnv(COS_KEY), List.of("local", "--source", source.toString()), dst);
    assertThat(ok.status()).as(ok.describe()).isEqualTo(Main.INCOMPLETE);
    assertThat(ok.report()).contains("fail.bin");
    ok.assertClean();

    String denied = cos.newBucket("sec-local-denied");
    cos.proxy.faults().failNext(10_000, r -> r.bucket().equals(denied), Fault.status(403,
        "SignatureDoesNotMatch"));
    Run bad = child(tmp.resolve("denied"), cosEnv(WRONG_KEY), List.of("local", "--source", source.toString()),
        denied);
    assertThat(bad.status()).as(bad.describe()).isEqualTo(Main.CONFIG);
    bad.assertClean();
    assertDebugWasOn(ok, bad);
  }

  @Test
  void s3RunsLeakNothing() throws IOException {
    String src = "sec-s3-" + Long.toHexString(System.nanoTime());
    s3.createBucket(src);
    fillBucket((k, b) -> s3.putObject(src, k, b));
    String dst = cos.newBucket("sec-s3");
    failObject(dst, "fail.bin");
    List<String> source = List.of("s3", "--src-bucket", src, "--src-region", "us-east-1", "--src-endpoint",
        s3.endpoint().toString(), "--src-path-style");
    Run ok = child(tmp.resolve("ok"), s3Env(S3_KEY), source, dst);
    assertThat(ok.status()).as(ok.describe()).isEqualTo(Main.INCOMPLETE);
    assertThat(ok.report()).contains("fail.bin");
    ok.assertClean();

    Run bad = child(tmp.resolve("denied"), s3Env(WRONG_KEY), source, cos.newBucket("sec-s3-denied"));
    assertThat(bad.status()).as(bad.describe()).isEqualTo(Main.CONFIG);
    bad.assertClean();
    assertDebugWasOn(ok, bad);
  }

  @Test
  void ossRunsLeakNothing() throws IOException {
    String src = "sec-oss-" + Long.toHexString(System.nanoTime());
    ossStore.createBucket(src);
    fillBucket((k, b) -> ossStore.putObject(src, k, b));
    String dst = cos.newBucket("sec-oss");
    failObject(dst, "fail.bin");
    List<String> source = List.of("oss", "--src-bucket", src, "--src-endpoint", oss.endpoint().toString(),
        "--src-path-style");
    Run ok = child(tmp.resolve("ok"), ossEnv(OSS_KEY), source, dst);
    assertThat(ok.status()).as(ok.describe()).isEqualTo(Main.INCOMPLETE);
    assertThat(ok.report()).contains("fail.bin");
    ok.assertClean();

    Run bad = child(tmp.resolve("denied"), ossEnv(WRONG_KEY), source, cos.newBucket("sec-oss-denied"));
    assertThat(bad.status()).as(bad.describe()).isEqualTo(Main.CONFIG);
    bad.assertClean();
    assertDebugWasOn(ok, bad);
  }

  @Test
  void cosRunsLeakNothing() throws IOException {
    String src = cos.newBucket("sec-cos-src");
    try (Sink sink = cos.sink(src)) {
      fillBucket((k, b) -> sink.put(k, new ByteArrayInputStream(b), b.length, ObjectMetadata.builder().build()));
    }
    String dst = cos.newBucket("sec-cos");
    failObject(dst, "fail.bin");
    List<String> source = List.of("cos", "--src-bucket", src, "--src-region", CosFixture.REGION,
        "--src-endpoint", cos.endpoint());
    Map<String, String> env = new HashMap<>(cosEnv(COS_KEY));
    env.putAll(Map.of("COS_SRC_SECRET_ID", SRC_COS_ID, "COS_SRC_SECRET_KEY", SRC_COS_KEY, "COS_SRC_TOKEN",
        SRC_COS_TOKEN));
    Run ok = child(tmp.resolve("ok"), env, source, dst);
    assertThat(ok.status()).as(ok.describe()).isEqualTo(Main.INCOMPLETE);
    assertThat(ok.report()).contains("fail.bin");
    ok.assertClean();

    cos.proxy.faults().failNext(10_000, r -> r.bucket().equals(src), Fault.status(403, "SignatureDoesNotMatch"));
    env.put("COS_SRC_SECRET_KEY", WRONG_KEY);
    Run bad = child(tmp.resolve("denied"), env, source, cos.newBucket("sec-cos-denied"));
    assertThat(bad.status()).as(bad.describe()).isEqualTo(Main.CONFIG);
    bad.assertClean();
    assertDebugWasOn(ok, bad);
  }

  @Test
  void urlRunsLeakNothing() throws IOException {
    Path www = serverDir.resolve("www");
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      Files.write(www.resolve("f" + i + ".bin"), S3ToCosCliTest.bytes(200 + i, i));
      list.append(files.uriOf("f" + i + ".bin")).append('?').append(QUERY).append('\n');
    }
    Files.write(www.resolve("big.bin"), S3ToCosCliTest.bytes((int) PART + 1000, 9));
    list.append(files.uriOf("big.bin")).append('?').append(QUERY).append('\n');
    list.append(files.uriOf("missing.bin")).append('?').append(QUERY).append('\n'); // 404: fails
    int dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = s.getLocalPort();
    }
    list.append("http://127.0.0.1:").append(dead).append("/gone.bin?").append(QUERY).append('\n'); // refused
    // signed redirects: to a file (migrates) and to nothing (fails naming where it went)
    list.append(redirects.baseUri()).append("r/f0.bin?").append(QUERY).append('\n');
    list.append(redirects.baseUri()).append("r/nothing.bin?").append(QUERY).append('\n');
    list.append("http://user:").append(USER_INFO).append("@127.0.0.1:").append(dead).append("/ui.bin\n");
    Path listFile = tmp.resolve("lists").resolve("urls.txt"); // outside the scanned run folders: it holds them
    Files.createDirectories(listFile.getParent());
    Files.writeString(listFile, list.toString(), StandardCharsets.UTF_8);
    List<String> source = List.of("url", "--list", listFile.toString());
    Run ok = child(tmp.resolve("ok"), cosEnv(COS_KEY), source, cos.newBucket("sec-url"));
    assertThat(ok.status()).as(ok.describe()).isEqualTo(Main.INCOMPLETE);
    assertThat(ok.report()).contains("missing.bin", "gone.bin", "nothing.bin", "ui.bin");
    assertThat(count(ok.report(), "migrated")).as(ok.report()).isEqualTo(6);
    ok.assertClean();

    files.failNext(10_000, 403); // every URL's signature refused
    try {
      Run bad = child(tmp.resolve("denied"), cosEnv(COS_KEY), source, cos.newBucket("sec-url-denied"));
      assertThat(bad.status()).as(bad.describe()).isIn(Main.INCOMPLETE, Main.CONFIG);
      bad.assertClean();
      assertDebugWasOn(ok, bad);
    } finally {
      files.failNext(0, 403);
    }
  }

  /**
   * The scan is not vacuous: the same kind of run with every logger at DEBUG (a user's own logback file, which
   * replaces the command line's configuration) does write the token and the Authorization header to stderr. It is
   * the caps of the command line's configuration that keep them out.
   */
  @Test
  void withoutTheCapsTheWireLogWouldShowTheSignedHeaders() throws IOException {
    Path source = Files.createDirectories(tmp.resolve("source"));
    Files.write(source.resolve("one.txt"), S3ToCosCliTest.bytes(100, 1)); // one small file: the wire log is long
    Path config = tmp.resolve("all-debug.xml");
    Files.writeString(config, """
        <configuration>
          <appender name="E" class="ch.qos.logback.core.ConsoleAppender">
            <target>System.err</target><encoder><pattern>%level %logger: %msg%n</pattern></encoder>
          </appender>
          <root level="DEBUG"><appender-ref ref="E"/></root>
        </configuration>
        """);
    Run r = child(tmp.resolve("uncapped"), cosEnv(COS_KEY), List.of("local", "--source", source.toString()),
        cos.newBucket("sec-uncapped"), List.of("-Dlogback.configurationFile=" + config));
    assertThat(r.status()).as(r.describe()).isEqualTo(Main.OK);
    assertThat(r.err()).contains("org.apache.http.headers", "Authorization", "q-signature", COS_TOKEN);
    assertThat(r.err()).doesNotContain(COS_KEY); // the SecretKey itself is never sent
  }

  // ---- set-up helpers ------------------------------------------------------------------------------------------

  /** Answers {@code /r/NAME?...} with a 302 to NAME on the file server, carrying a signed query string too. */
  static final class Redirects implements AutoCloseable {
    final HttpServer server;

    Redirects(RangeFileServer files) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      server.createContext("/r/", exchange -> {
        String name = exchange.getRequestURI().getRawPath().substring("/r/".length());
        exchange.getResponseHeaders().add("Location", files.uriOf(name) + "?" + QUERY);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
      });
      server.start();
    }

    URI baseUri() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  static long count(String json, String field) {
    return S3ToCosCliTest.count(json, field);
  }

  interface Put {
    void put(String key, byte[] bytes) throws IOException;
  }

  /** Three small objects, one multipart object (parts of {@link #PART}) and {@code fail.bin}. */
  static void fillBucket(Put put) throws IOException {
    for (int i = 0; i < 3; i++) {
      put.put("d/s" + i + ".txt", S3ToCosCliTest.bytes(100 + i, i));
    }
    put.put("d/large.bin", S3ToCosCliTest.bytes((int) PART + 4096, 7));
    put.put("d/fail.bin", S3ToCosCliTest.bytes(300, 8));
  }

  static void writeTree(Path root) throws IOException {
    Files.createDirectories(root.resolve("d"));
    fillBucket((k, b) -> Files.write(root.resolve(k), b));
  }

  /** Every request on {@code key} in {@code bucket} answers 500, so that object fails after its attempts. */
  static void failObject(String bucket, String key) {
    Predicate<RecordedRequest> match = r -> r.bucket().equals(bucket) && r.key().endsWith(key);
    cos.proxy.faults().failNext(10_000, match, Fault.internalError());
  }

  static Map<String, String> cosEnv(String secret) {
    return Map.of("COS_SECRET_ID", COS_ID, "COS_SECRET_KEY", secret, "COS_TOKEN", COS_TOKEN);
  }

  static Map<String, String> s3Env(String secret) {
    Map<String, String> env = new HashMap<>(cosEnv(COS_KEY));
    env.putAll(Map.of("AWS_ACCESS_KEY_ID", S3_ID, "AWS_SECRET_ACCESS_KEY", secret, "AWS_SESSION_TOKEN", S3_TOKEN));
    return env;
  }

  static Map<String, String> ossEnv(String secret) {
    Map<String, String> env = new HashMap<>(cosEnv(COS_KEY));
    env.putAll(Map.of("OSS_ACCESS_KEY_ID", OSS_ID, "OSS_ACCESS_KEY_SECRET", secret, "OSS_SESSION_TOKEN",
        OSS_TOKEN));
    return env;
  }

  /** DEBUG was on in the child: at least one of its runs wrote a DEBUG line. */
  static void assertDebugWasOn(Run... runs) {
    assertThat(Stream.of(runs).map(Run::err).collect(Collectors.joining()))
        .as("the child JVMs logged at DEBUG").contains("cos-migrate DEBUG ");
  }

  // ---- the child JVM and the scan ------------------------------------------------------------------------------

  /** What one child run left: its status, output, and the folder holding its ledger, report and failures. */
  record Run(int status, String out, String err, Path dir) {
    String report() throws IOException {
      return Files.readString(dir.resolve("report.json"));
    }

    String describe() {
      return "exit " + status + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }

    /** Every output of the run, by name: stdout, stderr, each file under its folder, each ledger record. */
    Map<String, String> outputs() throws IOException {
      Map<String, String> all = new LinkedHashMap<>();
      all.put("stdout", out);
      all.put("stderr", err);
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
          all.put(dir.relativize(p).toString(), new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
        }
      }
      all.put("ledger records", ledgerRecords(dir.resolve("ledger")));
      return all;
    }

    void assertClean() throws IOException {
      Map<String, String> all = outputs();
      if (status != Main.CONFIG) {
        assertThat(all).containsKeys("report.json");
      }
      assertThat(all.keySet()).as("the ledger's files were scanned").anyMatch(n -> n.startsWith("ledger"
          + File.separator));
      for (Map.Entry<String, String> e : all.entrySet()) {
        String text = e.getValue().toLowerCase(Locale.ROOT);
        String unescaped = text.replace("\\", "");
        for (String f : FORBIDDEN) {
          String needle = f.toLowerCase(Locale.ROOT);
          assertThat(text.contains(needle) || unescaped.contains(needle))
              .as("'%s' in %s of the run:\n%s", f, e.getKey(), excerpt(e.getValue(), f)).isFalse();
        }
      }
    }
  }

  /** Where {@code needle} is in {@code text}, with some context, for the failure message. */
  static String excerpt(String text, String needle) {
    String t = text.replace("\\", "");
    int i = t.toLowerCase(Locale.ROOT).indexOf(needle.toLowerCase(Locale.ROOT));
    return i < 0 ? "" : t.substring(Math.max(0, i - 300), Math.min(t.length(), i + 300));
  }

  /** Every key and value of every RocksDB store under {@code ledger}, as ISO-8859-1 (the tables are compressed). */
  static String ledgerRecords(Path ledger) throws IOException {
    StringBuilder sb = new StringBuilder();
    if (!Files.isDirectory(ledger)) {
      return "";
    }
    RocksDB.loadLibrary();
    List<Path> stores;
    try (Stream<Path> walk = Files.walk(ledger)) {
      stores = walk.filter(p -> p.getFileName().toString().equals("CURRENT")).map(Path::getParent).toList();
    }
    for (Path store : stores) {
      try (Options o = new Options(); RocksDB db = RocksDB.openReadOnly(o, store.toString());
          RocksIterator it = db.newIterator()) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          sb.append(new String(it.key(), StandardCharsets.ISO_8859_1)).append('=')
              .append(new String(it.value(), StandardCharsets.ISO_8859_1)).append('\n');
        }
      } catch (org.rocksdb.RocksDBException e) {
        throw new IOException("cannot read the ledger " + store + ": " + e.getMessage(), e);
      }
    }
    assertThat(stores).as("a RocksDB store under %s", ledger).isNotEmpty();
    return sb.toString();
  }

  /**
   * Runs {@code cos-migrate} in a child JVM with the command line's own logging (no test classes, so no
   * {@code logback-test.xml}), at DEBUG, in {@code dir} (its ledger, report and failures go there too).
   */
  static Run child(Path dir, Map<String, String> env, List<String> source, String bucket) throws IOException {
    return child(dir, env, source, bucket, List.of());
  }

  static Run child(Path dir, Map<String, String> env, List<String> source, String bucket, List<String> jvmOptions)
      throws IOException {
    Files.createDirectories(dir);
    String sep = File.pathSeparator;
    String classPath = Stream.of(System.getProperty("java.class.path").split(sep))
        .filter(e -> !e.endsWith("test-classes")).collect(Collectors.joining(sep));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classPath, Main.class.getName()));
    command.addAll(source);
    command.addAll(List.of("--bucket", bucket, "--region", CosFixture.REGION, "--endpoint", cos.endpoint(),
        "--path-style", "--sink-limits", "s3", "--part-size", String.valueOf(PART), "--small-file-threshold",
        String.valueOf(PART), "--concurrency", "4", "--max-attempts", "2", "--progress-interval", "1",
        "--ledger", dir.resolve("ledger").toString(), "--report", dir.resolve("report.json").toString(),
        "--failures", dir.resolve("failures.jsonl").toString(), "--finished",
        dir.resolve("finished.txt").toString()));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    ChildEnv.isolate(pb, env);
    pb.environment().put(LogConfigurator.LEVEL_ENV, "debug");
    Process p = pb.start();
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
      try {
        return p.getInputStream().readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the child ended; stderr %s", err).isTrue();
      return new Run(p.exitValue(), new String(out.get(), StandardCharsets.UTF_8), err, dir);
    } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
      p.destroyForcibly();
      throw new IllegalStateException("child run of " + source.get(0) + " failed", e);
    }
  }
}
