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
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.SourceEntry;
import io.github.cosmigrate.source.url.TestHttp.FileOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The list format, keys, duplicates and folders, against a JDK HttpServer on 127.0.0.1. */
class UrlSourceListTest {
  @TempDir Path tmp;
  private final TestHttp http;

  UrlSourceListTest() throws Exception {
    http = TestHttp.http();
    http.route("/a.txt", TestHttp.file(bytes("aaa"), FileOptions.NORMAL));
    http.route("/dir/b%20c.txt", TestHttp.file(bytes("bc"), FileOptions.NORMAL));
    http.route("/other/a.txt", TestHttp.file(bytes("other a"), FileOptions.NORMAL));
    http.route("/d.txt", TestHttp.file(bytes("dd"), FileOptions.NORMAL));
  }

  @AfterEach
  void stop() {
    http.close();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void badLinesFailAloneWithTheirFileAndLineAndTheRestIsListed() throws Exception {
    Path list = writeList(tmp.resolve("urls.txt"),
        "# a comment",
        "",
        "   ",
        http.url("/a.txt"),
        "ftp://example.com/x.txt",
        "not a url",
        http.url("/dir/b c.txt"),
        "https://user:pw@example.com/x.txt",
        http.url("/d.txt") + "\tkeyed/d.txt\textra",
        "\tonly-a-key",
        http.url("/"),
        http.url("/folder/"),
        http.url("/x/../y.txt"),
        http.url("/d.txt") + "\t/absolute",
        "  " + http.url("/d.txt") + "  \t  explicit/d.txt  ");
    try (UrlSource s = UrlSource.open(config(list).build())) {
      List<SourceEntry> all = listAll(s);
      assertThat(found(all).keySet()).containsExactly("a.txt", "dir/b c.txt", "explicit/d.txt");
      Map<String, SourceEntry.Failed> bad = failed(all);
      assertThat(bad.keySet()).containsExactly("urls.txt:5", "urls.txt:6", "urls.txt:8", "urls.txt:9",
          "urls.txt:10", "urls.txt:11", "urls.txt:12", "urls.txt:13", "urls.txt:14");
      assertThat(bad.values()).allSatisfy(f -> assertThat(f.kind()).isEqualTo(ErrorKind.INVALID_INPUT));
      assertThat(bad.get("urls.txt:5").reason()).startsWith("urls.txt line 5: ").contains("only http:// and https://");
      assertThat(bad.get("urls.txt:6").reason()).contains("not an absolute http:// or https:// URL");
      assertThat(bad.get("urls.txt:8").reason()).contains("user info").doesNotContain("pw");
      assertThat(bad.get("urls.txt:9").reason()).contains("more than one TAB");
      assertThat(bad.get("urls.txt:10").reason()).contains("no URL before the TAB");
      assertThat(bad.get("urls.txt:11").reason()).contains("path is empty").contains("give the key after a TAB");
      assertThat(bad.get("urls.txt:12").reason()).contains("ends with '/'");
      assertThat(bad.get("urls.txt:13").reason()).contains("'..' segment");
      assertThat(bad.get("urls.txt:14").reason()).contains("starts with '/'");
      assertThat(s.stat("explicit/d.txt").size()).isEqualTo(2);
      assertThat(s.open(s.stat("dir/b c.txt")).body().readAllBytes()).isEqualTo(bytes("bc"));
    }
  }

  @Test
  void listedObjectsCarrySizeValidatorsAndHeaders() throws Exception {
    Path list = writeList(tmp.resolve("urls.txt"), http.url("/a.txt"));
    try (UrlSource s = UrlSource.open(config(list).build())) {
      var a = found(listAll(s)).get("a.txt");
      assertThat(a.size()).isEqualTo(3);
      assertThat(a.etag()).contains("v1");
      assertThat(a.lastModified()).isPresent();
      assertThat(a.metadata().contentType()).contains("application/octet-stream");
      assertThat(s.stat("a.txt").fingerprint()).isEqualTo(a.fingerprint());
      assertThat(s.provenance(a)).contains(http.url("/a.txt"));
      assertThat(s.display("a.txt")).isEqualTo(http.url("/a.txt") + " (urls.txt line 1)");
    }
  }

  @Test
  void hostFirstPutsHostAndPortBeforeThePath() throws Exception {
    Path list = writeList(tmp.resolve("urls.txt"), http.url("/a.txt"), http.url("/other/a.txt"),
        http.url("/d.txt") + "\texplicit-is-kept.txt");
    String host = http.url("").substring("http://".length());
    try (UrlSource s = UrlSource.open(config(list).hostFirst(true).build())) {
      assertThat(found(listAll(s)).keySet()).containsExactly(host + "/a.txt", host + "/other/a.txt",
          "explicit-is-kept.txt");
      assertThat(s.describe()).contains("host/path");
    }
  }

  @Test
  void twoLinesMappingToOneKeyFailTheSecondWithBothLineNumbers() throws Exception {
    Path list = writeList(tmp.resolve("urls.txt"),
        http.url("/a.txt"),
        http.url("/d.txt"),
        http.url("/other/a.txt") + "\ta.txt",
        http.url("/d.txt") + "?v=2");
    try (UrlSource s = UrlSource.open(config(list).build())) {
      List<SourceEntry> all = listAll(s);
      assertThat(found(all).keySet()).containsExactly("a.txt", "d.txt");
      Map<String, SourceEntry.Failed> bad = failed(all);
      assertThat(bad.keySet()).containsExactly("urls.txt:3", "urls.txt:4");
      assertThat(bad.get("urls.txt:3").reason()).startsWith("urls.txt line 3: ")
          .contains("maps to key 'a.txt', which line 1 already maps to");
      assertThat(bad.get("urls.txt:4").reason()).contains("key 'd.txt', which line 2 already maps to")
          .doesNotContain("v=2");
      assertThat(s.open(s.stat("a.txt")).body().readAllBytes()).as("the first line owns the key")
          .isEqualTo(bytes("aaa"));
    }
  }

  @Test
  void aFolderIsReadInNameOrderAndDuplicatesAcrossFilesNameTheFirstFile() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("lists"));
    writeList(dir.resolve("2-second.txt"), http.url("/d.txt"), http.url("/other/a.txt") + "\ta.txt");
    writeList(dir.resolve("1-first.txt"), http.url("/a.txt"), http.url("/dir/b%20c.txt"));
    writeList(dir.resolve(".hidden"), "not read");
    Files.createDirectories(dir.resolve("sub"));
    try (UrlSource s = UrlSource.open(config(dir).pageSize(1).build())) {
      List<SourceEntry> all = listAll(s);
      assertThat(all).extracting(SourceEntry::key).containsExactly("a.txt", "dir/b c.txt", "d.txt",
          "2-second.txt:2");
      assertThat(failed(all).get("2-second.txt:2").reason())
          .isEqualTo("2-second.txt line 2: " + http.url("/other/a.txt") + " maps to key 'a.txt', which "
              + "1-first.txt line 1 already maps to; give one of them another key after a TAB");
    }
  }

  @Test
  void aCursorResumesInANewInstanceAcrossFiles() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("lists"));
    writeList(dir.resolve("a.txt"), http.url("/a.txt"), "# c", http.url("/d.txt"));
    writeList(dir.resolve("b.txt"), http.url("/other/a.txt"), "bad line");
    ListBatch first;
    try (UrlSource s = UrlSource.open(config(dir).pageSize(2).build())) {
      first = s.list(Optional.empty());
      assertThat(first.entries()).extracting(SourceEntry::key).containsExactly("a.txt", "d.txt");
    }
    try (UrlSource s = UrlSource.open(config(dir).pageSize(2).build())) {
      ListBatch second = s.list(first.next());
      assertThat(second.entries()).extracting(SourceEntry::key).containsExactly("other/a.txt", "b.txt:2");
      assertThat(second.isLast()).isTrue();
    }
  }

  @Test
  void aMissingListOrAnEmptyFolderIsAConfigurationError() throws Exception {
    assertThatThrownBy(() -> UrlSource.open(config(tmp.resolve("nope.txt")).build()))
        .isInstanceOfSatisfying(MigrateException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.FATAL_CONFIGURATION))
        .hasMessageContaining("nope.txt").hasMessageContaining("does not exist");
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> UrlSource.open(config(empty).build()))
        .hasMessageContaining("contains no list files");
  }

  @Test
  void httpsWorksWithAGivenTrustStore() throws Exception {
    try (TestHttp https = TestHttp.https()) {
      https.route("/secure/x.bin", TestHttp.file(bytes("secret-free"), FileOptions.NORMAL));
      Path list = writeList(tmp.resolve("urls.txt"), https.url("/secure/x.bin"));
      try (UrlSource s = UrlSource.open(config(list).sslContext(TestHttp.tls()).build())) {
        var x = found(listAll(s)).get("secure/x.bin");
        assertThat(s.open(x).body().readAllBytes()).isEqualTo(bytes("secret-free"));
      }
      try (UrlSource untrusted = UrlSource.open(config(list).headAttempts(1).build())) {
        SourceEntry.Failed f = failed(listAll(untrusted)).get("secure/x.bin");
        assertThat(f.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(f.reason()).contains("TLS failed");
      }
    }
  }
}
