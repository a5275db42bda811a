package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config file's schedule keys as flags of a migration command: {@code --time-window} runs a pass inside the
 * window through the same scheduler as {@code run --config} (whose daemon and window behaviour is tested with an
 * injected clock), and bad values are one line naming the flag.
 */
class ScheduleFlagsCliTest {
  private static final Map<String, String> ENV = Map.of("COS_SECRET_ID", "AKIDsched", "COS_SECRET_KEY",
      "sched-secret");

  @TempDir
  Path dir;

  private List<String> local(CosFixture cos, String bucket, String... extra) {
    List<String> a = new ArrayList<>(List.of("local", "--source", dir.resolve("source").toString(), "--bucket",
        bucket, "--region", CosFixture.REGION, "--endpoint", cos.endpoint(), "--path-style", "--sink-limits", "s3",
        "--ledger", dir.resolve("ledger").toString(), "--quiet"));
    a.addAll(List.of(extra));
    return a;
  }

  @Test
  void aPassRunsInsideAnOpenTimeWindowAndWritesTheFinishedFolder() throws Exception {
    Files.createDirectories(dir.resolve("source"));
    Files.writeString(dir.resolve("source/a.txt"), "alpha");
    Files.createDirectories(dir.resolve("finished"));
    DateTimeFormatter hm = DateTimeFormatter.ofPattern("HH:mm");
    LocalTime now = LocalTime.now();
    // open from an hour ago to two hours from now (crossing midnight when it must)
    String window = now.minusHours(1).format(hm) + "," + now.plusHours(2).format(hm);
    try (CosFixture cos = CosFixture.startOnDisk(dir.resolve("server"))) {
      String bucket = cos.newBucket("sched");
      MainTest.Result r = MainTest.main(ENV, local(cos, bucket, "--time-window", window, "--finished-folder",
          dir.resolve("finished").toString()).toArray(String[]::new));
      assertThat(r.status()).as(r.err()).isZero();
      assertThat(r.err()).doesNotContain("outside the execution window");
      try (var sink = cos.sink(bucket)) {
        assertThat(sink.stat("a.txt")).isPresent();
      }
      try (var files = Files.list(dir.resolve("finished"))) {
        List<Path> out = files.toList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).getFileName().toString()).endsWith(".out");
        assertThat(Files.readString(out.get(0))).contains("a.txt");
      }
    }
  }

  @Test
  void badScheduleFlagsAreOneLineNamingTheFlag() throws Exception {
    Files.createDirectories(dir.resolve("source"));
    String[] base = {"local", "--source", dir.resolve("source").toString(), "--bucket", "photos-1250000000",
        "--region", "ap-guangzhou"};
    Map<List<String>, String> cases = Map.of(
        List.of("--time-window", "25:00,26:00"), "--time-window 25:00,26:00",
        List.of("--daemon-interval", "10"), "--daemon-interval needs --daemon",
        List.of("--daemon", "--daemon-interval", "0"), "--daemon-interval must be a whole number > 0",
        List.of("--finished-folder", dir.resolve("nope").toString()), "--finished-folder");
    cases.forEach((flags, message) -> {
      List<String> args = new ArrayList<>(List.of(base));
      args.addAll(flags);
      MainTest.Result r = MainTest.main(ENV, args.toArray(String[]::new));
      assertThat(r.status()).as(flags + ": " + r.err()).isEqualTo(Main.CONFIG);
      assertThat(r.err()).startsWith("cos-migrate: " + message);
      assertThat(r.err().lines().count()).isEqualTo(1);
    });
  }
}
