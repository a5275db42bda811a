package io.github.cosmigrate.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.ObjectStoreServer;
import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archive as a user gets it: unpacked into a temporary folder with {@code tar}, its
 * {@code bin/cos-migrate} run as a separate process with only a Java runtime on PATH, an empty HOME and no Maven
 * settings in the environment. The migration it runs goes to the in-process COS server (S3Proxy behind the COS
 * dialect proxy), and the objects are read back at their keys.
 */
class DistributionIT {
  private static final String VERSION = System.getProperty("dist.version");
  private static final Path ARCHIVE = Path.of(System.getProperty("dist.archive"));
  private static final Path REPO_ROOT = Path.of(System.getProperty("dist.repoRoot")).toAbsolutePath().normalize();

  /** What bin/cos-migrate may call besides java: POSIX tools of every base system. */
  private static final List<String> LAUNCHER_TOOLS = List.of("sh", "dirname", "readlink", "sed", "ls", "grep");

  @TempDir static Path tmp;
  private static Path home;
  private static Path pathDir;

  @BeforeAll
  static void unpack() throws Exception {
    assertThat(ARCHIVE).as("the archive built by `package`").isRegularFile();
    Path into = Files.createDirectories(tmp.resolve("unpacked"));
    Process tar = new ProcessBuilder("tar", "-xzf", ARCHIVE.toString(), "-C", into.toString())
        .redirectErrorStream(true).start();
    String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(tar.waitFor()).as("tar -xzf: %s", out).isZero();
    home = into.resolve("cos-migrate-" + VERSION).toRealPath();
    // PATH for the child: one folder holding `java` (a link to this JVM's) and the base tools the launcher uses,
    // nothing else (no mvn)
    pathDir = Files.createDirectories(tmp.resolve("path"));
    Files.createSymbolicLink(pathDir.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
    for (String tool : LAUNCHER_TOOLS) {
      Path found = Stream.of("/usr/bin", "/bin").map(d -> Path.of(d, tool)).filter(Files::isExecutable).findFirst()
          .orElseThrow(() -> new AssertionError("no " + tool + " in /usr/bin or /bin"));
      Files.createSymbolicLink(pathDir.resolve(tool), found);
    }
  }

  @Test
  void holdsTheLauncherTheRunTimeJarsTheConfigurationAndTheReadme() throws IOException {
    Path launcher = home.resolve("bin/cos-migrate");
    assertThat(launcher).isRegularFile();
    assertThat(Files.getPosixFilePermissions(launcher)).contains(PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
    assertThat(home.resolve("README.md")).hasSameTextualContentAs(REPO_ROOT.resolve("README.md"));

    List<String> jars = new ArrayList<>(fileNames(home.resolve("lib")));
    assertThat(jars.remove("classpath")).as("lib/classpath").isTrue();
    // lib/classpath lists every jar of lib/, once
    List<String> listed = Stream.of(Files.readString(home.resolve("lib/classpath")).strip().split(":"))
        .map(e -> e.substring("lib/".length())).sorted().collect(Collectors.toList());
    assertThat(listed).isEqualTo(jars);
    assertThat(jars).allMatch(n -> n.endsWith(".jar"))
        .contains("migrate-cli-" + VERSION + ".jar", "migrate-core-" + VERSION + ".jar",
            "migrate-server-" + VERSION + ".jar", "migrate-ledger-rocksdb-" + VERSION + ".jar")
        .anyMatch(n -> n.startsWith("rocksdbjni-"))
        .anyMatch(n -> n.startsWith("logback-classic-"))
        .noneMatch(n -> n.startsWith("junit-") || n.startsWith("assertj-") || n.startsWith("mockito-")
            || n.startsWith("opentest4j-") || n.startsWith("migrate-testkit-") || n.contains("-tests")
            || n.contains("-sources") || n.contains("-javadoc"));

    // conf/ holds exactly the repository's conf/ files (none when that folder does not exist)
    Path repoConf = REPO_ROOT.resolve("conf");
    List<String> expected = Files.isDirectory(repoConf) ? fileNames(repoConf) : List.of();
    List<String> shipped = Files.isDirectory(home.resolve("conf")) ? fileNames(home.resolve("conf")) : List.of();
    assertThat(shipped).isEqualTo(expected);
    for (String f : expected) {
      assertThat(home.resolve("conf").resolve(f)).hasSameBinaryContentAs(repoConf.resolve(f));
    }
  }

  @Test
  void everyJarOfTheProjectNamesItsAutomaticModule() throws IOException {
    Map<String, String> names = new HashMap<>();
    for (String jar : fileNames(home.resolve("lib"))) {
      if (jar.startsWith("migrate-")) {
        // ModuleFinder reads Automatic-Module-Name and rejects an invalid one (FindException)
        ModuleReference ref = ModuleFinder.of(home.resolve("lib").resolve(jar)).findAll().iterator().next();
        names.put(jar.substring(0, jar.length() - ("-" + VERSION + ".jar").length()), ref.descriptor().name());
      }
    }
    assertThat(names).containsEntry("migrate-cli", "io.github.cosmigrate.cli")
        .containsEntry("migrate-core", "io.github.cosmigrate.core")
        .containsEntry("migrate-sink-cos", "io.github.cosmigrate.sink.cos")
        .containsEntry("migrate-ledger-rocksdb", "io.github.cosmigrate.ledger.rocksdb")
        .containsEntry("migrate-source-local", "io.github.cosmigrate.source.local")
        .containsEntry("migrate-server", "io.github.cosmigrate.server");
    assertThat(names).allSatisfy((artifact, module) ->
        assertThat(module).isEqualTo("io.github.cosmigrate." + artifact.substring("migrate-".length()).replace('-', '.')));
  }

  @Test
  void helpRunsThroughASymbolicLinkToTheLauncher() throws Exception {
    Path link = Files.createDirectories(tmp.resolve("links")).resolve("cos-migrate");
    Files.createSymbolicLink(link, home.resolve("bin/cos-migrate"));
    Run r = run(List.of(link.toString(), "--help"), Map.of());
    assertThat(r.status).as(r.toString()).isZero();
    assertThat(r.stdout).contains("cos-migrate local").contains("cos-migrate demo");
  }

  @Test
  void withoutJavaItSaysWhatToInstall() throws Exception {
    Path noJava = Files.createDirectories(tmp.resolve("path-without-java"));
    for (String tool : LAUNCHER_TOOLS) {
      Files.createSymbolicLink(noJava.resolve(tool), Files.readSymbolicLink(pathDir.resolve(tool)));
    }
    Run r = run(List.of(home.resolve("bin/cos-migrate").toString(), "--help"), Map.of("PATH", noJava.toString()));
    assertThat(r.status).as(r.toString()).isEqualTo(2);
    assertThat(r.stderr).contains("java not found").contains("Java 17");
  }

  @Test
  void migratesALocalFolderWithPlainJavaAndNothingElse() throws Exception {
    Path source = Files.createDirectories(tmp.resolve("source"));
    Map<String, byte[]> files = new HashMap<>();
    Random random = new Random(7);
    for (String name : List.of("a.txt", "dir/b.bin", "dir/sub/c d.txt", "数据/名字.txt", "big.bin")) {
      byte[] data = new byte[name.equals("big.bin") ? 6 * 1024 * 1024 + 123 : 1 + random.nextInt(40_000)];
      random.nextBytes(data);
      Path f = source.resolve(name);
      Files.createDirectories(f.getParent());
      Files.write(f, data);
      files.put(name, data);
    }
    String bucket = "dist-1250000000";
    try (ObjectStoreServer server = ObjectStoreServer.startOnDisk(Files.createDirectories(tmp.resolve("server")),
            ObjectStoreServer.Auth.none());
        DialectProxy cos = DialectProxy.start(Dialect.COS, server.endpoint())) {
      server.createBucket(bucket);
      // -XshowSettings:properties prints the JVM's system properties (java.class.path among them) to stderr
      Run r = run(List.of(home.resolve("bin/cos-migrate").toString(), "local", "--source", source.toString(),
          "--bucket", bucket, "--region", "ap-guangzhou", "--endpoint", cos.endpoint().toString(), "--path-style",
          "--sink-limits", "s3", "--part-size", "5MiB", "--small-file-threshold", "5MiB", "--prefix", "up/",
          "--ledger", tmp.resolve("ledger").toString(), "--quiet"),
          Map.of("JAVA_OPTS", "-Xmx256m -XshowSettings:properties", "COS_SECRET_ID", "dummy-id",
              "COS_SECRET_KEY", "dummy-key"));
      assertThat(r.status).as(r.toString()).isZero();

      List<String> classPath = classPath(r.stderr);
      assertThat(classPath).as(r.stderr).isNotEmpty()
          .allSatisfy(entry -> assertThat(Path.of(entry).toRealPath()).startsWith(home.resolve("lib")));
      assertThat(classPath).anyMatch(e -> e.endsWith("migrate-cli-" + VERSION + ".jar"));

      HttpClient http = HttpClient.newHttpClient();
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        URI uri = new URI("http", null, cos.endpoint().getHost(), cos.endpoint().getPort(),
            "/" + bucket + "/up/" + f.getKey(), null, null);
        HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(uri).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertThat(got.statusCode()).as("GET %s", uri).isEqualTo(200);
        assertThat(got.body()).as("object up/%s", f.getKey()).isEqualTo(f.getValue());
      }
    }
  }

  /** The entries of {@code java.class.path} in the output of {@code -XshowSettings:properties}. */
  private static List<String> classPath(String stderr) {
    List<String> entries = new ArrayList<>();
    boolean in = false;
    for (String line : stderr.split("\n")) {
      String t = line.strip();
      if (t.startsWith("java.class.path = ")) {
        in = true;
        t = t.substring("java.class.path = ".length());
      } else if (in && (!line.startsWith("        ") || t.contains(" = "))) {
        break;  // the next property
      }
      if (in && !t.isEmpty()) {
        entries.addAll(List.of(t.split(":")));
      }
    }
    return entries;
  }

  private record Run(int status, String stdout, String stderr) {}

  /** Runs a command in a clean environment: PATH = java and the launcher's tools only, HOME empty, no Maven. */
  private static Run run(List<String> command, Map<String, String> extraEnv) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(Files.createTempDirectory(tmp, "cwd").toFile());
    Map<String, String> env = pb.environment();
    env.clear();
    env.put("PATH", pathDir.toString());
    env.put("HOME", Files.createTempDirectory(tmp, "home").toString());
    env.put("LANG", "C.UTF-8");
    env.putAll(extraEnv);
    Path out = tmp.resolve("out-" + System.nanoTime());
    Path err = tmp.resolve("err-" + System.nanoTime());
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("bin/cos-migrate did not finish in 5 minutes: " + command);
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static List<String> fileNames(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted()
          .collect(Collectors.toList());
    }
  }
}
