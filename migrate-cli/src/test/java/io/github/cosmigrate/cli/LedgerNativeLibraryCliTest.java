package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * RocksDB's native library failing to load (here: {@code ROCKSDB_SHAREDLIB_DIR} names a folder that cannot exist,
 * below a regular file, as a read-only or noexec temporary folder would fail it; on a 32-bit JVM or an unsupported C
 * library the loader fails the same way) stops the run with exit 2 and one line naming the platform and what to do,
 * in a child JVM (the library loads once per JVM).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LedgerNativeLibraryCliTest {
  @TempDir
  Path tmp;

  @Test
  void aNativeLibraryThatCannotLoadIsOneLineNamingThePlatform() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("a.txt"), "a");
    Path notADir = Files.writeString(tmp.resolve("not-a-folder"), "x");
    try (CosFixture cos = CosFixture.startOnDisk(tmp.resolve("cos"))) {
      String bucket = cos.newBucket("native");
      List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
          "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "local",
          "--source", src.toString(), "--bucket", bucket, "--region", CosFixture.REGION, "--endpoint",
          cos.endpoint(), "--path-style", "--ledger", tmp.resolve("ledger").toString(), "--quiet");
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(tmp.resolve("out").toFile())
          .redirectError(tmp.resolve("err").toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment().keySet().removeIf(k -> k.startsWith("ROCKSDB"));
      ChildEnv.isolate(pb, Map.of("COS_SECRET_ID", "id", "COS_SECRET_KEY", "key", "ROCKSDB_SHAREDLIB_DIR",
          notADir.resolve("lib").toString()));
      Process p = pb.start();
      assertThat(p.waitFor(100, TimeUnit.SECONDS)).isTrue();
      String err = Files.readString(tmp.resolve("err"));
      System.out.println("NATIVE-LINE " + err);
      assertThat(p.exitValue()).as(err).isEqualTo(Main.CONFIG);
      List<String> lines = err.lines().filter(l -> !l.contains("plain HTTP")).toList();
      assertThat(lines).as(err).singleElement().asString().startsWith("cos-migrate: ")
          .contains("RocksDB native library cannot be loaded on this platform", System.getProperty("os.name"),
              System.getProperty("os.arch"), "-bit JVM", "ROCKSDB_SHAREDLIB_DIR=" + notADir.resolve("lib"),
              "use a 64-bit JVM")
          .doesNotContain("\tat ", "Exception in thread");
      assertThat(cos.proxy.requests()).extracting(io.github.cosmigrate.server.RecordedRequest::operation)
          .doesNotContain(io.github.cosmigrate.server.Operation.PUT_OBJECT);
    }
  }
}
