package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code --log-level}, {@code -v} and {@code --log-file} on a real migration (a local folder into the in-process
 * COS): the level asked for reaches the file, the default stays quiet, the flags win over COS_MIGRATE_LOG, logging
 * is put back as it was after the command, and no secret reaches the log at any level.
 */
class LogLevelCliTest {
  private static final String SECRET = "log-test-secret-key-4711";
  private static final String TOKEN = "log-test-session-token-0815";
  private static final Map<String, String> ENV = Map.of("COS_SECRET_ID", "AKIDlogtest", "COS_SECRET_KEY", SECRET,
      "COS_TOKEN", TOKEN);

  @TempDir
  static Path dir;

  static CosFixture cos;
  static String bucket;

  @BeforeAll
  static void start() throws Exception {
    cos = CosFixture.startOnDisk(dir.resolve("server"));
    bucket = cos.newBucket("logs");
    Files.createDirectories(dir.resolve("source/sub"));
    Files.writeString(dir.resolve("source/a.txt"), "alpha");
    Files.writeString(dir.resolve("source/sub/b.txt"), "bravo");
  }

  @AfterAll
  static void stop() {
    cos.close();
  }

  private static String migrate(Map<String, String> env, String logName, String... flags) throws Exception {
    Path log = dir.resolve(logName);
    List<String> args = new ArrayList<>(List.of("local", "--source", dir.resolve("source").toString(), "--bucket",
        bucket, "--region", CosFixture.REGION, "--endpoint", cos.endpoint(), "--path-style", "--sink-limits", "s3",
        "--ledger", dir.resolve("ledger").toString(), "--quiet", "--log-file", log.toString()));
    args.addAll(List.of(flags));
    MainTest.Result r = MainTest.main(env, args.toArray(String[]::new));
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(log).exists();
    String text = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(text).as("no secret in the log").doesNotContain(SECRET, TOKEN, "Authorization", "x-cos-security-token");
    assertThat(r.err() + r.out()).doesNotContain(SECRET, TOKEN);
    return text;
  }

  @Test
  void logLevelDebugWritesDebugLinesToTheLogFile() throws Exception {
    String log = migrate(ENV, "debug.log", "--log-level", "debug");
    assertThat(log).contains(" DEBUG ", "job local:", " INFO ", "cos-migrate ");
    assertThat(log).doesNotContain(" TRACE ");
  }

  @Test
  void vIsInfoAndVvIsDebug() throws Exception {
    String info = migrate(ENV, "v.log", "-v");
    assertThat(info).contains(" INFO ").doesNotContain(" DEBUG ");
    String debug = migrate(ENV, "vv.log", "-vv");
    assertThat(debug).contains(" DEBUG ", "job local:");
  }

  @Test
  void withoutALevelTheLogIsQuietAndTheFlagWinsOverTheEnvironment() throws Exception {
    assertThat(migrate(ENV, "default.log")).doesNotContain(" INFO ", " DEBUG ");
    Map<String, String> debugEnv = new HashMap<>(ENV);
    debugEnv.put("COS_MIGRATE_LOG", "debug");
    assertThat(migrate(debugEnv, "env.log")).contains(" DEBUG ");
    assertThat(migrate(debugEnv, "flag-wins.log", "--log-level", "warn")).doesNotContain(" INFO ", " DEBUG ");
  }

  @Test
  void aLogFileInAFolderThatDoesNotExistIsOneLineNamingTheFlag() {
    MainTest.Result r = MainTest.main(ENV, "local", "--source", dir.resolve("source").toString(), "--bucket", bucket,
        "--region", CosFixture.REGION, "--log-file", dir.resolve("no-such-folder/x.log").toString());
    assertThat(r.status()).isEqualTo(Main.CONFIG);
    assertThat(r.err()).startsWith("cos-migrate: --log-file ").contains("its folder does not exist");
    assertThat(r.err().lines().count()).isEqualTo(1);
  }

  @Test
  void traceLogsNoSecretAndLoggingIsPutBackAfterTheCommand() throws Exception {
    Logger own = (Logger) LoggerFactory.getLogger("io.github.cosmigrate");
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    Level ownBefore = own.getLevel();
    Level rootBefore = root.getLevel();
    int appendersBefore = count(root);
    String trace = migrate(ENV, "trace.log", "--log-level", "trace");
    assertThat(trace).contains(" DEBUG ");
    assertThat(own.getLevel()).isEqualTo(ownBefore);
    assertThat(root.getLevel()).isEqualTo(rootBefore);
    assertThat(count(root)).isEqualTo(appendersBefore);
    assertThat(((Logger) LoggerFactory.getLogger("com.qcloud")).getEffectiveLevel()).isEqualTo(Level.OFF);
  }

  private static int count(Logger logger) {
    int n = 0;
    for (var it = logger.iteratorForAppenders(); it.hasNext(); it.next()) {
      n++;
    }
    return n;
  }
}
