package io.github.cosmigrate.cli.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PassSchedulerTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

  private static LocalDateTime at(int day, int h, int m) {
    return LocalDateTime.of(2026, 12, day, h, m);
  }

  private static Instant utc(LocalDateTime t) {
    return t.atZone(FakeTime.ZONE).toInstant();
  }

  /** A pass that records when it started and its deadline, taking {@code length} of fake time. */
  private static final class Recorder implements PassScheduler.Pass {
    final FakeTime time;
    final List<LocalDateTime> starts = new ArrayList<>();
    final List<Optional<Instant>> deadlines = new ArrayList<>();
    final List<PassScheduler.Result> results = new ArrayList<>();

    Recorder(FakeTime time, PassScheduler.Result... results) {
      this.time = time;
      this.results.addAll(List.of(results));
    }

    @Override
    public PassScheduler.Result run(Optional<Instant> deadline) {
      starts.add(time.local());
      deadlines.add(deadline);
      time.set(time.local().plusMinutes(30));
      return results.isEmpty() ? new PassScheduler.Result(Main.OK, false) : results.remove(0);
    }
  }

  @Test
  void outsideTheWindowItWaitsForItToOpenAndSaysWhen() throws Exception {
    FakeTime time = new FakeTime(at(7, 12, 0));
    Recorder pass = new Recorder(time);
    int status = new PassScheduler(time, time, new Translated.Schedule(false, Duration.ofSeconds(60),
        TimeWindows.parse("22:00,06:00")), errStream).run(pass, Integer.MAX_VALUE);
    assertThat(status).isEqualTo(Main.OK);
    assertThat(pass.starts).containsExactly(at(7, 22, 0));
    assertThat(pass.deadlines).containsExactly(Optional.of(utc(at(8, 6, 0))));
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("outside the execution window (22:00,06:00); the run"
        + " starts at 2026-12-07T22:00");
  }

  @Test
  void aPassStoppedByTheWindowsEndResumesWhenTheNextOneOpens() throws Exception {
    FakeTime time = new FakeTime(at(8, 5, 50));
    Recorder pass = new Recorder(time, new PassScheduler.Result(Main.ABORTED, true),
        new PassScheduler.Result(Main.OK, false));
    int status = new PassScheduler(time, time, new Translated.Schedule(false, Duration.ofSeconds(60),
        TimeWindows.parse("22:00,06:00")), errStream).run(pass, Integer.MAX_VALUE);
    assertThat(status).isEqualTo(Main.OK);
    assertThat(pass.starts).containsExactly(at(8, 5, 50), at(8, 22, 0));
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("the execution window closed at 2026-12-08T06:00",
        "multipart uploads keep their checkpoints; the run resumes at 2026-12-08T22:00");
  }

  @Test
  void daemonModeRepeatsPassesAtTheIntervalAndGoesOnAfterAFailedPass() throws Exception {
    FakeTime time = new FakeTime(at(7, 10, 0));
    Recorder pass = new Recorder(time, new PassScheduler.Result(Main.INCOMPLETE, false));
    int status = new PassScheduler(time, time, new Translated.Schedule(true, Duration.ofMinutes(60),
        TimeWindows.ALWAYS), errStream).run(pass, 3);
    assertThat(status).isEqualTo(Main.OK);
    // each pass takes 30 fake minutes, then 60 minutes of pause
    assertThat(pass.starts).containsExactly(at(7, 10, 0), at(7, 11, 30), at(7, 13, 0));
    assertThat(pass.deadlines).containsOnly(Optional.empty());
    assertThat(time.sleeps).containsExactly(utc(at(7, 11, 30)), utc(at(7, 13, 0)));
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("daemon mode: pass 1 ended with status 1; the next"
        + " pass starts at 2026-12-07T11:30");
  }

  @Test
  void aConfigurationErrorStopsEvenInDaemonMode() throws Exception {
    FakeTime time = new FakeTime(at(7, 10, 0));
    Recorder pass = new Recorder(time, new PassScheduler.Result(Main.CONFIG, false));
    int status = new PassScheduler(time, time, new Translated.Schedule(true, Duration.ofMinutes(1),
        TimeWindows.ALWAYS), errStream).run(pass, Integer.MAX_VALUE);
    assertThat(status).isEqualTo(Main.CONFIG);
    assertThat(pass.starts).hasSize(1);
  }

  @Test
  void daemonPassesWaitForTheWindowToo() throws Exception {
    FakeTime time = new FakeTime(at(7, 16, 0));
    Recorder pass = new Recorder(time);
    new PassScheduler(time, time, new Translated.Schedule(true, Duration.ofHours(2),
        TimeWindows.parse("Fri 20:00,Mon 06:00")), errStream).run(pass, 2);
    // Monday 16:00: waits for Friday 20:00; a pass, 2 hours of pause: Friday 22:30
    assertThat(pass.starts).containsExactly(at(11, 20, 0), at(11, 22, 30));
    assertThat(pass.deadlines.get(0)).hasValue(utc(at(14, 6, 0)));
  }
}
