package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class path the checkout's launcher ({@code ./cos-migrate}) gives each command, on a fake checkout that looks
 * built (every jar an empty file, every source older than the recorded class path, so no build starts): the
 * commands that need no S3, OSS or server module leave out the jars that only those modules need, and keep a jar
 * that another module or the command line itself needs too; the other commands get the whole class path. Then the
 * ahead-of-time cache a run records or maps, through a fake JDK 25 whose {@code java} writes down its arguments: a
 * transfer run records its command's cache (named for its class path), a dry run and a help run record none.
 */
class LauncherClassPathAndCacheTest {
  private static final Path LAUNCHER = Path.of(System.getProperty("user.dir")).getParent().resolve("cos-migrate");

  @TempDir Path tmp;
  private Path root;
  private Path repo;
  private final List<String> full = new ArrayList<>();

  @BeforeEach
  void fakeCheckout() throws IOException {
    root = Files.createDirectories(tmp.resolve("checkout"));
    repo = Files.createDirectories(tmp.resolve("m2"));
    Files.copy(LAUNCHER, root.resolve("cos-migrate"));
    old(Files.writeString(root.resolve("pom.xml"), "<project/>"));
    Files.createDirectories(root.resolve("migrate-cli/target/classes"));
    String cli = module("migrate-cli");
    String core = module("migrate-core", "slf4j");
    String sink = module("migrate-sink-cos", "slf4j", "cos-api", "shared");
    String s3 = module("migrate-source-s3", "slf4j", "aws-sdk", "shared");
    String server = module("migrate-server", "slf4j", "jetty", "jcl-bridge", "shared");
    Files.writeString(root.resolve("migrate-cli/target/direct-classpath.txt"),
        String.join(":", core, sink, s3, server, jar("jcl-bridge"), jar("logback")));
    full.addAll(List.of(cli, core, jar("slf4j"), sink, jar("cos-api"), jar("shared"), s3, jar("aws-sdk"), server,
        jar("jetty"), jar("jcl-bridge"), jar("logback")));
    Files.writeString(root.resolve("migrate-cli/target/classpath.txt"), String.join(":", full));
  }

  @Test
  void theCosCommandsLeaveOutWhatOnlyTheS3AndServerModulesNeed() throws Exception {
    List<String> lean = List.of(full.get(0), full.get(1), jar("slf4j"), full.get(3), jar("cos-api"),
        jar("shared"), jar("jcl-bridge"), jar("logback"));
    for (String command : List.of("local", "verify", "uploads", "ledger", "cos", "url")) {
      assertThat(classPath(command)).as(command).containsExactlyElementsOf(lean);
    }
  }

  @Test
  void theOtherCommandsGetTheWholeClassPath() throws Exception {
    for (String command : List.of("s3", "oss", "demo", "run", "serve", "--help")) {
      assertThat(classPath(command)).as(command).containsExactlyElementsOf(full);
    }
  }

  @Test
  void withoutAModulesClassPathFileTheWholeClassPathIsUsed() throws Exception {
    Files.delete(root.resolve("migrate-source-s3/target/runtime-classpath.txt"));
    assertThat(classPath("local")).containsExactlyElementsOf(full);
  }

  @Test
  void aNewerRecordedClassPathIsFollowed() throws Exception {
    assertThat(classPath("local")).doesNotContain(jar("aws-sdk"));
    // a later build: the S3 module gone from the command line, its SDK now the sink's
    Files.writeString(root.resolve("migrate-sink-cos/target/runtime-classpath.txt"),
        String.join(":", jar("slf4j"), jar("cos-api"), jar("shared"), jar("aws-sdk")));
    full.remove(6);
    Files.writeString(root.resolve("migrate-cli/target/classpath.txt"), String.join(":", full));
    Files.setLastModifiedTime(root.resolve("migrate-cli/target/classpath.txt"),
        FileTime.from(Instant.now().plusSeconds(5)));
    assertThat(classPath("local")).contains(jar("aws-sdk"));
  }

  @Test
  void aTransferRunRecordsTheCacheOfItsCommandAndClassPath() throws Exception {
    List<String> args = javaArgs("local", "--source", "/nowhere", "--bucket", "b-1250000000");
    assertThat(args).contains("-XX:AOTMode=record");
    assertThat(args).anyMatch(a -> a.startsWith("-XX:AOTConfiguration=" + root.resolve(
        "migrate-cli/target/cos-migrate-local-cos-jdk25.aot")));
    assertThat(args.get(args.indexOf("-cp") + 1)).doesNotContain(jar("aws-sdk"));
    assertThat(javaArgs("s3", "--src-bucket", "x")).anyMatch(a -> a.startsWith("-XX:AOTConfiguration=" + root.resolve(
        "migrate-cli/target/cos-migrate-s3-jdk25.aot")));
  }

  @Test
  void aDryRunOrAHelpRunRecordsNoCache() throws Exception {
    for (List<String> run : List.of(List.of("local", "--source", "/nowhere", "--dry-run"),
        List.of("local", "--dry-run=true"), List.of("local", "--help"), List.of("cos", "-h"))) {
      List<String> args = javaArgs(run.toArray(String[]::new));
      assertThat(args).as(String.join(" ", run)).contains("io.github.cosmigrate.cli.Main")
          .noneMatch(a -> a.startsWith("-XX:AOT"));
    }
  }

  /** The arguments that the launcher gives java for {@code args}, through a fake JDK 25 that only writes them down. */
  private List<String> javaArgs(String... args) throws Exception {
    Path home = tmp.resolve("jdk-25");
    Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
    Path seen = tmp.resolve("java-args.txt");
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"25.0.1\"\n");
    Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + seen + "'\n");
    java.toFile().setExecutable(true);
    Files.deleteIfExists(seen);
    List<String> command = new ArrayList<>(List.of("bash", root.resolve("cos-migrate").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("COS_MIGRATE_") || k.equals("JAVA_OPTS"));
    pb.environment().put("COS_MIGRATE_JAVA", java.toString());
    pb.redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
    Process p = pb.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the launcher answers").isTrue();
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("err.txt"))).isZero();
    return Files.readAllLines(seen);
  }

  /** A module with its pom, sources and jar, and its runtime class path of {@code deps}; returns its jar. */
  private String module(String name, String... deps) throws IOException {
    Path m = Files.createDirectories(root.resolve(name));
    old(Files.writeString(m.resolve("pom.xml"), "<project/>"));
    old(Files.writeString(Files.createDirectories(m.resolve("src/main/java")).resolve("A.java"), "class A {}"));
    old(m.resolve("src/main/java"));
    old(m.resolve("src/main"));
    Path jar = Files.createFile(Files.createDirectories(m.resolve("target")).resolve(name + "-0.1.jar"));
    if (!name.equals("migrate-cli")) {
      List<String> cp = new ArrayList<>();
      for (String d : deps) {
        cp.add(jar(d));
      }
      Files.writeString(m.resolve("target/runtime-classpath.txt"), String.join(":", cp));
    }
    return jar.toString();
  }

  /** A third-party jar (created once), by name. */
  private String jar(String name) {
    Path j = repo.resolve(name + ".jar");
    try {
      if (!Files.exists(j)) {
        Files.createFile(j);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return j.toString();
  }

  private static Path old(Path p) throws IOException {
    return Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(3600)));
  }

  private List<String> classPath(String command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("cos-migrate").toString(), "--print-classpath",
        command);
    pb.environment().keySet().removeIf(k -> k.startsWith("COS_MIGRATE_"));
    pb.redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
    Process p = pb.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the launcher answers").isTrue();
    String err = Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(err).isZero();
    assertThat(err).as("no build started").isEmpty();
    return List.of(Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8).strip().split(":"));
  }
}
