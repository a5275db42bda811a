package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every migration flag that takes a value, given a wrong one: exit 2 with one line that names the flag, no stack
 * trace, and nothing sent to the endpoint (a local server counts every request it receives).
 */
class BadOptionValuesTest {
  private static final Map<String, String> CREDS = Map.of("COS_SECRET_ID", "AKIDtest", "COS_SECRET_KEY",
      "super-secret-key-value");
  private static final AtomicInteger REQUESTS = new AtomicInteger();
  @TempDir
  static Path tmp;
  private static HttpServer server;
  private static Path source;
  private static Path ledger;

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      REQUESTS.incrementAndGet();
      ex.sendResponseHeaders(500, -1);
      ex.close();
    });
    server.start();
    source = Files.createDirectory(tmp.resolve("src"));
    Files.writeString(source.resolve("a.txt"), "a");
    // never created: a bad value stops the run before the ledger is opened
    ledger = tmp.resolve("ledger");
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        // sizes
        Arguments.of("--part-size", "lots"),
        Arguments.of("--part-size", "-5M"),
        Arguments.of("--part-size", "99999999999999999999"),
        Arguments.of("--part-size", "6G"),
        Arguments.of("--small-file-threshold", "12 parsecs"),
        Arguments.of("--small-file-threshold", "0"),
        Arguments.of("--max-memory", "1.5.2M"),
        Arguments.of("--max-memory", "1K"),
        Arguments.of("--bandwidth", "fast"),
        Arguments.of("--bandwidth", "0"),
        Arguments.of("--traffic-limit", "1"),
        Arguments.of("--traffic-limit", "many"),
        // counts
        Arguments.of("--concurrency", "0"),
        Arguments.of("--concurrency", "ten"),
        Arguments.of("--concurrency", "99999999999"),
        Arguments.of("--part-concurrency", "-1"),
        Arguments.of("--parts-per-object", "0"),
        Arguments.of("--parts-per-object", "2.5"),
        Arguments.of("--max-attempts", "0"),
        Arguments.of("--max-attempts", "x"),
        Arguments.of("--requests-per-second", "0"),
        Arguments.of("--requests-per-second", "-7"),
        // durations
        Arguments.of("--progress-interval", "soon"),
        Arguments.of("--progress-interval", "-5"),
        Arguments.of("--ignore-younger-than", "yesterday"),
        // enums and shapes
        Arguments.of("--verify", "md5"),
        Arguments.of("--skip-mode", "sometimes"),
        Arguments.of("--symlinks", "maybe"),
        Arguments.of("--storage-class", "FROZEN_SOLID"),
        Arguments.of("--sink-limits", "gcs"),
        Arguments.of("--sse", "aes"),
        Arguments.of("--sse-kms-context", "{not json"),
        Arguments.of("--proxy", "no-port-here"),
        Arguments.of("--client-encryption-key", "/nonexistent/key/file"),
        Arguments.of("--region", "Guangzhou!"),
        Arguments.of("--bucket", "Photos"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("badValues")
  void aWrongValueIsOneLineNamingTheFlagAndNothingIsSent(String flag, String value) {
    Map<String, String> base = new java.util.LinkedHashMap<>(Map.of("--source", source.toString(), "--bucket",
        "photos-1250000000", "--region", "ap-guangzhou", "--endpoint", "http://127.0.0.1:"
            + server.getAddress().getPort(), "--ledger", ledger.toString()));
    base.put(flag, value);
    List<String> args = new ArrayList<>(List.of("local"));
    base.forEach((k, v) -> args.addAll(List.of(k, v)));
    args.add("--path-style");
    int before = REQUESTS.get();

    MainTest.Result r = MainTest.main(CREDS, args.toArray(String[]::new));

    assertThat(r.status()).as("exit status; stderr: %s", r.err()).isEqualTo(Main.CONFIG);
    assertThat(r.err()).startsWith("cos-migrate: ").contains(flag);
    assertThat(r.err().lines().count()).as("one line: " + r.err()).isEqualTo(1);
    assertThat(r.err()).doesNotContain("Exception", "\tat ", "super-secret-key-value");
    assertThat(REQUESTS.get() - before).as("requests sent to the endpoint").isZero();
    assertThat(ledger).as("a ledger folder left by a run that a bad value stopped").doesNotExist();
  }
}
