package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages of the command line, invoked in-process; no server needed for these. */
class MainTest {
  private static final Map<String, String> CREDS = Map.of("COS_SECRET_ID", "AKIDtest", "COS_SECRET_KEY",
      "super-secret-key-value");

  @TempDir
  Path tmp;

  /** The result of one invocation. */
  record Result(int status, String out, String err) {}

  static Result main(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), env);
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private String[] local(String... extra) {
    List<String> a = new ArrayList<>(List.of("local", "--source", tmp.toString(), "--bucket", "photos-1250000000",
        "--region", "ap-guangzhou"));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  private static void assertConfigError(Result r, String... fragments) {
    assertThat(r.status()).as(r.err()).isEqualTo(Main.CONFIG);
    assertThat(r.err()).startsWith("cos-migrate: ").contains(fragments);
    assertThat(r.err().lines().count()).as("one line: " + r.err()).isEqualTo(1);
    assertThat(r.err()).doesNotContain("Exception", "\tat ", "super-secret-key-value");
  }

  @Test
  void helpAndVersionExitZero() {
    Result help = main(Map.of(), "--help");
    assertThat(help.status()).isZero();
    assertThat(help.out()).contains("cos-migrate local", "cos-migrate demo", "COS_SECRET_ID");
    Result localHelp = main(Map.of(), "local", "--help");
    assertThat(localHelp.status()).isZero();
    assertThat(localHelp.out()).contains("--small-file-threshold", "--part-size", "--concurrency",
        "--part-concurrency", "--ledger", "--report", "--endpoint", "--path-style", "--prefix");
    assertThat(main(Map.of(), "--version").out()).startsWith("cos-migrate ");
  }

  @Test
  void s3AndOssCommandsNameTheirFlags() {
    Result s3Help = main(Map.of(), "s3", "--help");
    assertThat(s3Help.status()).isZero();
    assertThat(s3Help.out()).contains("--src-bucket", "--src-prefix", "--src-region", "--src-endpoint",
        "--src-path-style", "--bucket", "--concurrency", "--storage-class", "AWS_ACCESS_KEY_ID");
    Result ossHelp = main(Map.of(), "oss", "--help");
    assertThat(ossHelp.status()).isZero();
    assertThat(ossHelp.out()).contains("--src-bucket", "--src-endpoint", "--src-prefix", "OSS_ACCESS_KEY_ID");
    assertConfigError(main(CREDS, "s3", "--bucket", "photos-1250000000", "--region", "ap-guangzhou"),
        "missing --src-bucket");
    assertConfigError(main(CREDS, "oss", "--src-bucket", "b1", "--bucket", "photos-1250000000", "--region",
        "ap-guangzhou"), "missing --src-endpoint");
    assertConfigError(main(CREDS, "oss", "--src-bucket", "src-bucket", "--src-endpoint", "http://127.0.0.1:1",
        "--bucket", "photos-1250000000", "--region", "ap-guangzhou"), "OSS_ACCESS_KEY_ID");
    assertConfigError(main(CREDS, local("--storage-class", "GLACIER")), "--storage-class GLACIER",
        "STANDARD_IA");
  }

  @Test
  void cosCommandNamesItsFlags() {
    Result help = main(Map.of(), "cos", "--help");
    assertThat(help.status()).isZero();
    assertThat(help.out()).contains("--src-bucket", "--src-region", "--src-prefix", "--storage-class-filter",
        "COS_SRC_SECRET_ID", "--bucket", "--concurrency");
    assertConfigError(main(CREDS, "cos", "--src-bucket", "a-1250000000", "--bucket", "photos-1250000000",
        "--region", "ap-guangzhou"), "missing --src-region");
  }

  @Test
  void urlCommandNamesItsFlags() {
    Result help = main(Map.of(), "url", "--help");
    assertThat(help.status()).isZero();
    assertThat(help.out()).contains("--list", "--host-first", "--max-redirects", "--bucket", "--concurrency");
    assertThat(main(Map.of(), "--help").out()).contains("cos-migrate url --list");
    assertConfigError(main(CREDS, "url", "--bucket", "photos-1250000000", "--region", "ap-guangzhou"),
        "missing --list");
    assertConfigError(main(CREDS, "url", "--list", "/nonexistent/urls.txt", "--bucket", "photos-1250000000",
        "--region", "ap-guangzhou", "--max-redirects", "99"), "--max-redirects");
  }

  @Test
  void missingOrUnknownCommandIsAUsageError() {
    assertConfigError(main(Map.of()), "missing command");
    assertConfigError(main(Map.of(), "upload"), "unknown command 'upload'");
  }

  @Test
  void missingRequiredFlagsAreNamed() {
    assertConfigError(main(CREDS, "local", "--bucket", "photos-1250000000", "--region", "ap-guangzhou"),
        "missing --source");
    assertConfigError(main(CREDS, "local", "--source", tmp.toString(), "--region", "ap-guangzhou"),
        "missing --bucket");
    assertConfigError(main(CREDS, "local", "--source", tmp.toString(), "--bucket", "photos-1250000000"),
        "missing --region");
  }

  @Test
  void badValuesAreNamed() {
    assertConfigError(main(CREDS, "local", "--source", tmp.toString(), "--bucket", "Photos", "--region",
        "ap-guangzhou"), "--bucket 'Photos' is not a COS bucket name", "name-appid");
    assertConfigError(main(CREDS, "local", "--source", tmp.toString(), "--bucket", "photos-1250000000", "--region",
        "Guangzhou!"), "--region 'Guangzhou!'");
    assertConfigError(main(CREDS, local("--endpoint", "ftp://example.com")), "--endpoint 'ftp://example.com'");
    assertConfigError(main(CREDS, local("--path-style")), "--path-style needs --endpoint");
    assertConfigError(main(CREDS, local("--part-size", "512K")), "--part-size 512K", "minimum part size");
    assertConfigError(main(CREDS, local("--part-size", "5M", "--sink-limits", "s3", "--max-memory", "1M")),
        "--max-memory");
    assertConfigError(main(CREDS, local("--concurrency", "-3")), "--concurrency");
    assertConfigError(main(CREDS, local("--skip-mode", "sometimes")), "--skip-mode must be one of");
    assertConfigError(main(CREDS, local("--symlinks", "maybe")), "--symlinks must be one of follow|skip");
    assertConfigError(main(CREDS, local("--frobnicate")), "unknown option --frobnicate");
    assertConfigError(main(CREDS, local("--ledger", tmp.resolve("inside").toString())), "--ledger", "inside --source");
  }

  @Test
  void missingCredentialsAreNamedAndSecretsNeverPrinted() {
    assertConfigError(main(Map.of(), local()), "COS_SECRET_ID", "COS_SECRET_KEY");
    assertConfigError(main(Map.of("COS_SECRET_ID", "AKIDonly"), local()), "COS_SECRET_KEY");
  }

  @Test
  void unusableSourceDirectoryIsAConfigError() throws Exception {
    assertConfigError(main(CREDS, "local", "--source", tmp.resolve("nope").toString(), "--bucket",
        "photos-1250000000", "--region", "ap-guangzhou"), "--source", "no such directory");
    Path file = Files.writeString(tmp.resolve("file.txt"), "x");
    assertConfigError(main(CREDS, "local", "--source", file.toString(), "--bucket", "photos-1250000000",
        "--region", "ap-guangzhou"), "--source", "not a directory");
  }

  @Test
  void anEndpointNothingListensOnIsAConfigErrorAfterAFewAttempts() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    for (int i = 0; i < 200; i++) {
      Files.writeString(src.resolve("f" + i + ".txt"), "file " + i);
    }
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }

    Result r = main(CREDS, "local", "--source", src.toString(), "--bucket", "photos-1250000000", "--region",
        "ap-guangzhou", "--endpoint", "http://127.0.0.1:" + closedPort, "--path-style", "--concurrency", "4",
        "--ledger", tmp.resolve("ledger").toString(), "--progress-interval", "600");

    assertConfigError(r, "cannot reach the sink", "127.0.0.1:" + closedPort, "check the endpoint, region and network");
    assertThat(r.out()).isEmpty(); // no summary of 200 "failed" objects
  }

  @Test
  void aFileNameCharsetOtherThanUtf8IsWarnedAbout() {
    assertThat(Main.encodingWarning("UTF-8")).isEmpty();
    assertThat(Main.encodingWarning("ANSI_X3.4-1968")).hasValueSatisfying(w -> assertThat(w)
        .startsWith("cos-migrate: warning: ").contains("ANSI_X3.4-1968", "undecodable", "LANG=C.UTF-8"));
  }

  @Test
  void underAPosixLocaleTheCommandLineWarnsOnce() throws Exception {
    // a real JVM started without any locale variables: sun.jnu.encoding is ASCII then
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "local", "--source",
        tmp.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().keySet().removeIf(k -> k.equals("LANG") || k.startsWith("LC_"));
    Process p = pb.start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isEqualTo(Main.CONFIG);
    assertThat(err.lines().filter(l -> l.contains("warning: this JVM decodes file names")).count()).as(err)
        .isEqualTo(1);
    assertThat(err).contains("missing --bucket");
  }

  @Test
  void uploadsCommandChecksItsFlagsToo() {
    assertConfigError(main(CREDS, "uploads", "--region", "ap-guangzhou"), "missing --bucket");
    assertConfigError(main(Map.of(), "uploads", "--bucket", "photos-1250000000", "--region", "ap-guangzhou"),
        "COS_SECRET_ID");
  }
}
