package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which JDK the checkout's launcher ({@code ./cos-migrate}) runs: {@code COS_MIGRATE_JAVA}, else {@code JAVA_HOME},
 * else the newest JDK of 17 or later among the {@code java} on the {@code PATH} and the JDK folders
 * ({@code COS_MIGRATE_JVM_DIRS}, default {@code /usr/lib/jvm}); a JDK older than 17 is a clear error. The JDKs here
 * are fake: a {@code release} file and a {@code bin/java} script, which {@code --print-java} never starts.
 */
class LauncherJavaSelectionTest {
  private static final Path LAUNCHER = Path.of(System.getProperty("user.dir")).getParent().resolve("cos-migrate");

  @TempDir Path tmp;
  private Path jvms;
  private Path pathBin;

  @BeforeEach
  void fakeJdks() throws IOException {
    jvms = tmp.resolve("jvm");
    jdk(jvms.resolve("jdk-21"), "21.0.2");
    jdk(jvms.resolve("jdk-25"), "25.0.3");
    jdk(jvms.resolve("jdk-11"), "11.0.20");
    jdk(jvms.resolve("jdk-8"), "1.8.0_402");
    // the java on the PATH: a JDK 17 (a symbolic link into its folder, as Debian's alternatives make it)
    Path home17 = jdk(tmp.resolve("other/jdk-17"), "17.0.15");
    pathBin = Files.createDirectories(tmp.resolve("path-bin"));
    Files.createSymbolicLink(pathBin.resolve("java"), home17.resolve("bin/java"));
  }

  @Test
  void theNewestJdkOfSeventeenOrLaterAmongThePathAndTheJdkFoldersIsRun() throws Exception {
    Result r = printJava(Map.of());
    assertThat(r.status).as(r.err).isZero();
    assertThat(r.out.strip()).isEqualTo(jvms.resolve("jdk-25/bin/java").toString());
  }

  @Test
  void whenTheFoldersHoldNothingNewerThePathsJavaIsRun() throws Exception {
    deleteTree(jvms.resolve("jdk-25"));
    deleteTree(jvms.resolve("jdk-21"));
    Result r = printJava(Map.of());
    assertThat(r.status).as(r.err).isZero();
    assertThat(r.out.strip()).isEqualTo(pathBin.resolve("java").toString());
  }

  @Test
  void javaHomeIsRespectedOverANewerJdk() throws Exception {
    Result r = printJava(Map.of("JAVA_HOME", jvms.resolve("jdk-21").toString()));
    assertThat(r.status).as(r.err).isZero();
    assertThat(r.out.strip()).isEqualTo(jvms.resolve("jdk-21/bin/java").toString());
  }

  @Test
  void cosMigrateJavaWinsOverJavaHome() throws Exception {
    Result r = printJava(Map.of("JAVA_HOME", jvms.resolve("jdk-21").toString(),
        "COS_MIGRATE_JAVA", tmp.resolve("other/jdk-17/bin/java").toString()));
    assertThat(r.status).as(r.err).isZero();
    assertThat(r.out.strip()).isEqualTo(tmp.resolve("other/jdk-17/bin/java").toString());
  }

  @Test
  void aJdkOlderThanSeventeenIsAClearErrorNamingIt() throws Exception {
    Result old = printJava(Map.of("JAVA_HOME", jvms.resolve("jdk-11").toString()));
    assertThat(old.status).isEqualTo(2);
    assertThat(old.out).isEmpty();
    assertThat(old.err).contains(jvms.resolve("jdk-11/bin/java") + " is Java 11", "needs a JDK 17 or later");

    Result eight = printJava(Map.of("COS_MIGRATE_JAVA", jvms.resolve("jdk-8/bin/java").toString()));
    assertThat(eight.status).isEqualTo(2);
    assertThat(eight.err).contains("is Java 8");

    Result missing = printJava(Map.of("JAVA_HOME", tmp.resolve("nothing-here").toString()));
    assertThat(missing.status).isEqualTo(2);
    assertThat(missing.err).contains("JAVA_HOME=" + tmp.resolve("nothing-here"), "has no bin/java");
  }

  private static void deleteTree(Path dir) throws IOException {
    try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static Path jdk(Path home, String version) throws IOException {
    Files.createDirectories(home.resolve("bin"));
    Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
    Path java = home.resolve("bin/java");
    Files.writeString(java, "#!/bin/sh\necho started >&2\nexit 99\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }

  private Result printJava(Map<String, String> extra) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", LAUNCHER.toString(), "--print-java");
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.equals("JAVA_HOME") || k.startsWith("COS_MIGRATE_"));
    env.put("PATH", pathBin + ":/usr/bin:/bin");
    env.put("COS_MIGRATE_JVM_DIRS", jvms.toString());
    env.putAll(extra);
    pb.redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
    Process p = pb.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the launcher answers").isTrue();
    return new Result(p.exitValue(), Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8));
  }

  private record Result(int status, String out, String err) {}
}
