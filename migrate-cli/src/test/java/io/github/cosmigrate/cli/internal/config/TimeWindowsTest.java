package io.github.cosmigrate.cli.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class TimeWindowsTest {
  // 2026-12-07 is a Monday
  private static LocalDateTime at(int day, int h, int m) {
    return LocalDateTime.of(2026, 12, day, h, m);
  }

  @Test
  void theOriginalsDefaultIsAlways() {
    TimeWindows w = TimeWindows.parse("00:00,24:00");
    assertThat(w.always()).isTrue();
    assertThat(w.isOpen(at(7, 3, 0))).isTrue();
    assertThat(w.closesAt(at(7, 3, 0))).isEmpty();
  }

  @Test
  void aDailyWindowWithinTheDay() {
    TimeWindows w = TimeWindows.parse("09:30,17:00");
    assertThat(w.isOpen(at(7, 9, 29))).isFalse();
    assertThat(w.isOpen(at(7, 9, 30))).isTrue();
    assertThat(w.isOpen(at(7, 17, 0))).as("the end is exclusive").isFalse();
    assertThat(w.closesAt(at(7, 12, 0))).hasValue(at(7, 17, 0));
    assertThat(w.nextOpen(at(7, 18, 0))).isEqualTo(at(8, 9, 30));
    assertThat(w.nextOpen(at(7, 8, 0))).isEqualTo(at(7, 9, 30));
    assertThat(w.crossesMidnight()).isFalse();
  }

  @Test
  void aWindowCrossingMidnight() {
    TimeWindows w = TimeWindows.parse("22:00,06:00");
    assertThat(w.crossesMidnight()).isTrue();
    assertThat(w.isOpen(at(7, 23, 0))).isTrue();
    assertThat(w.isOpen(at(8, 2, 0))).isTrue();
    assertThat(w.isOpen(at(8, 6, 0))).isFalse();
    assertThat(w.isOpen(at(8, 12, 0))).isFalse();
    assertThat(w.closesAt(at(7, 23, 0))).hasValue(at(8, 6, 0));
    assertThat(w.closesAt(at(8, 1, 0))).hasValue(at(8, 6, 0));
    assertThat(w.nextOpen(at(8, 12, 0))).isEqualTo(at(8, 22, 0));
  }

  @Test
  void aWeeklyWindowSpanningDays() {
    TimeWindows w = TimeWindows.parse("Fri 20:00,Mon 06:00");
    assertThat(w.isOpen(at(11, 19, 59))).as("Friday before").isFalse();
    assertThat(w.isOpen(at(12, 12, 0))).as("Saturday").isTrue();
    assertThat(w.isOpen(at(14, 5, 0))).as("Monday early").isTrue();
    assertThat(w.isOpen(at(9, 12, 0))).as("Wednesday").isFalse();
    assertThat(w.closesAt(at(12, 12, 0))).hasValue(at(14, 6, 0));
    assertThat(w.nextOpen(at(9, 12, 0))).isEqualTo(at(11, 20, 0));
  }

  @Test
  void adjoiningWindowsCloseAtTheLastEnd() {
    TimeWindows w = TimeWindows.parse("22:00,24:00;00:00,05:00");
    assertThat(w.closesAt(at(7, 23, 0))).hasValue(at(8, 5, 0));
    assertThat(w.isOpen(at(8, 4, 0))).isTrue();
    assertThat(w.isOpen(at(8, 12, 0))).isFalse();
  }

  @Test
  void badWindowsSayWhatIsWrong() {
    assertThatThrownBy(() -> TimeWindows.parse("25:00,06:00")).hasMessageContaining("not a time of day");
    assertThatThrownBy(() -> TimeWindows.parse("24:00,06:00")).hasMessageContaining("24:00 only as an end");
    assertThatThrownBy(() -> TimeWindows.parse("22:00")).hasMessageContaining("START,END");
    assertThatThrownBy(() -> TimeWindows.parse("Fri 22:00,06:00")).hasMessageContaining("both ends");
    assertThatThrownBy(() -> TimeWindows.parse("Fry 22:00,Mon 06:00")).hasMessageContaining("not a day");
    assertThatThrownBy(() -> TimeWindows.parse(" ; ")).hasMessageContaining("no window");
  }
}
