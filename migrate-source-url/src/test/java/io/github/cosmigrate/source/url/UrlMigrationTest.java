package io.github.cosmigrate.source.url;

import static io.github.cosmigrate.source.url.UrlTests.config;
import static io.github.cosmigrate.source.url.UrlTests.writeList;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpHandler;
import io.github.cosmigrate.api.FailedObject;
import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.Migrator;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.server.RangeFileServer;
import io.github.cosmigrate.source.url.TestHttp.FileOptions;
import io.github.cosmigrate.testkit.fakes.InMemoryLedger;
import io.github.cosmigrate.testkit.fakes.InMemorySink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The URL source driven by the engine into an in-memory sink and ledger. */
class UrlMigrationTest {
  static final int MIB = 1 << 20;
  static final long SAFETY_SECONDS = 60; // a hang guard, not a timing assertion

  @TempDir Path tmp;
  InMemoryLedger ledger = new InMemoryLedger();
  final InMemorySink sink = new InMemorySink();

  static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private MigrationReport migrate(UrlSourceConfig config) throws Exception {
    try (UrlSource source = UrlSource.open(config)) {
      MigrationOptions o = MigrationOptions.builder().concurrency(4).partConcurrency(4).partsPerObject(3)
          .partSize(MIB).multipartThreshold(2L * MIB).maxAttempts(3).initialBackoff(Duration.ofMillis(1))
          .maxBackoff(Duration.ofMillis(5)).destinationPrefix("in/").build();
      MigrationReport r = Migrator.builder().source(source).sink(sink).ledger(ledger).options(o).build().start()
          .completion().get(SAFETY_SECONDS, TimeUnit.SECONDS);
      ledger = ledger.reopen();
      return r;
    }
  }

  @Test
  void aRerunSendsNothingAndAChangedFileIsSentAlone() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("served"));
    Files.write(root.resolve("a.txt"), "alpha".getBytes(StandardCharsets.UTF_8));
    Files.createDirectories(root.resolve("dir"));
    Files.write(root.resolve("dir/b.txt"), "beta".getBytes(StandardCharsets.UTF_8));
    byte[] big = bytes(3 * MIB + 5, 1);
    Files.write(root.resolve("big.bin"), big);
    try (RangeFileServer server = RangeFileServer.serve(root)) {
      Path list = writeList(tmp.resolve("urls.txt"), server.uriOf("a.txt") + "?sig=1",
          server.uriOf("dir/b.txt").toString(), server.uriOf("big.bin").toString());

      MigrationReport first = migrate(config(list).build());
      assertThat(first.migrated()).isEqualTo(3);
      assertThat(first.success()).isTrue();
      assertThat(sink.content("in/a.txt")).hasValue("alpha".getBytes(StandardCharsets.UTF_8));
      assertThat(sink.content("in/big.bin")).hasValue(big);
      assertThat(sink.calls(InMemorySink.Op.UPLOAD_PART)).as("the big file went in ranged parts").isEqualTo(4);
      long puts = sink.calls(InMemorySink.Op.PUT);
      long parts = sink.calls(InMemorySink.Op.UPLOAD_PART);

      MigrationReport rerun = migrate(config(list).build());
      assertThat(rerun.migrated()).isZero();
      assertThat(rerun.skipped()).isEqualTo(3);
      assertThat(sink.calls(InMemorySink.Op.PUT)).as("a rerun sends nothing").isEqualTo(puts);
      assertThat(sink.calls(InMemorySink.Op.UPLOAD_PART)).isEqualTo(parts);

      Path b = root.resolve("dir/b.txt");
      FileTime before = Files.getLastModifiedTime(b);
      Files.write(b, "BETA".getBytes(StandardCharsets.UTF_8));
      Files.setLastModifiedTime(b, FileTime.fromMillis(before.toMillis() + 5_000));
      MigrationReport changed = migrate(config(list).build());
      assertThat(changed.migrated()).isEqualTo(1);
      assertThat(changed.skipped()).isEqualTo(2);
      assertThat(sink.calls(InMemorySink.Op.PUT)).isEqualTo(puts + 1);
      assertThat(sink.content("in/dir/b.txt")).hasValue("BETA".getBytes(StandardCharsets.UTF_8));
      assertThat(ledger.entriesSnapshot().values()).extracting(LedgerEntry::toString)
          .allSatisfy(s -> assertThat(s).doesNotContain("sig=1"));
    }
  }

  @Test
  void aServerWithoutRangeIsReadAsOneStreamAndA503OnAGetIsRetried() throws Exception {
    byte[] big = bytes(3 * MIB + 7, 2);
    byte[] small = bytes(1000, 3);
    try (TestHttp http = TestHttp.http()) {
      http.route("/norange.bin", TestHttp.file(big, FileOptions.NO_RANGES));
      http.route("/chunked.bin", TestHttp.file(big, FileOptions.CHUNKED));
      http.route("/busy.bin", failFirstGet(TestHttp.file(small, FileOptions.NORMAL)));
      Path list = writeList(tmp.resolve("urls.txt"), http.url("/norange.bin"), http.url("/chunked.bin"),
          http.url("/busy.bin"));
      MigrationReport r = migrate(config(list).build());
      assertThat(r.failures()).isEmpty();
      assertThat(r.migrated()).isEqualTo(3);
      assertThat(sink.content("in/norange.bin")).hasValue(big);
      assertThat(sink.content("in/chunked.bin")).hasValue(big);
      assertThat(sink.content("in/busy.bin")).hasValue(small);
      assertThat(http.requests).as("norange.bin was read with plain GETs after its range was refused")
          .anySatisfy(q -> {
            assertThat(q.pathAndQuery()).isEqualTo("/norange.bin");
            assertThat(q.method()).isEqualTo("GET");
            assertThat(q.range()).isNull();
          });
      assertThat(http.count("GET", "/busy.bin")).isEqualTo(2);
    }
  }

  @Test
  void badLinesMissingUrlsAndDuplicatesFailAloneAndTheRestMigrates() throws Exception {
    try (TestHttp http = TestHttp.http()) {
      http.route("/ok.txt", TestHttp.file("ok".getBytes(StandardCharsets.UTF_8), FileOptions.NORMAL));
      http.route("/also.txt", TestHttp.file("also".getBytes(StandardCharsets.UTF_8), FileOptions.NORMAL));
      Path list = writeList(tmp.resolve("urls.txt"), http.url("/ok.txt"), "garbage", http.url("/missing.txt"),
          http.url("/also.txt") + "\tok.txt", http.url("/also.txt"));
      MigrationReport r = migrate(config(list).build());
      assertThat(r.migrated()).isEqualTo(2);
      assertThat(r.failed()).isEqualTo(3);
      assertThat(r.success()).isFalse();
      Map<String, FailedObject> failures = r.failures().stream()
          .collect(Collectors.toMap(FailedObject::key, f -> f));
      assertThat(failures.keySet()).containsExactlyInAnyOrder("urls.txt:2", "missing.txt", "urls.txt:4");
      assertThat(failures.get("missing.txt").kind()).isEqualTo(ErrorKind.NOT_FOUND);
      assertThat(failures.get("urls.txt:4").reason()).contains("which line 1 already maps to");
      assertThat(sink.content("in/ok.txt")).hasValue("ok".getBytes(StandardCharsets.UTF_8));
      assertThat(ledger.entriesSnapshot().get("ok.txt").state().name()).as("a duplicate never touches the "
          + "record of the key's owner").isEqualTo("MIGRATED");
    }
  }

  /** The first GET answers 503 (Retry-After: 0); everything else goes to {@code then}. */
  private static HttpHandler failFirstGet(HttpHandler then) {
    AtomicInteger gets = new AtomicInteger();
    return ex -> {
      if (ex.getRequestMethod().equals("GET") && gets.getAndIncrement() == 0) {
        ex.getResponseHeaders().set("Retry-After", "0");
        ex.sendResponseHeaders(503, -1);
      } else {
        then.handle(ex);
      }
    };
  }
}
