package io.github.cosmigrate.cli.internal.config;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a migration may run: one or more windows separated by {@code ;}. A daily window is {@code HH:MM,HH:MM}
 * (the original's {@code executeTimeWindow}; {@code 24:00} is the end of the day); when its end is not after its
 * start it crosses midnight ({@code 22:00,06:00} is from 22:00 to 06:00 the next morning), and equal bounds mean
 * the whole day. A weekly window names days, {@code Fri 20:00,Mon 06:00}, and may span several days. Times are wall
 * clock times of the machine's zone. Immutable.
 */
public final class TimeWindows {
  private static final long DAY = 24 * 60;
  private static final long WEEK = 7 * DAY;
  private static final Pattern BOUND = Pattern.compile("(?:([A-Za-z]{3})[a-z]*\\s+)?(\\d{1,2}):(\\d{2})");

  /** The whole day, every day: the original's default {@code 00:00,24:00}. */
  public static final TimeWindows ALWAYS = new TimeWindows(List.of(), "00:00,24:00");

  /** One window: starting {@code start} minutes after the period's start, lasting {@code length} minutes. */
  private record Window(long period, long start, long length) {}

  private final List<Window> windows;
  private final String text;

  private TimeWindows(List<Window> windows, String text) {
    this.windows = List.copyOf(windows);
    this.text = text;
  }

  /**
   * Parses the windows.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static TimeWindows parse(String text) {
    List<Window> ws = new ArrayList<>();
    boolean always = false;
    for (String part : text.split(";")) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue;
      }
      String[] ends = p.split(",");
      if (ends.length != 2) {
        throw new IllegalArgumentException("'" + p + "' is not START,END such as 22:00,06:00 or Fri 20:00,Mon 06:00");
      }
      Matcher a = BOUND.matcher(ends[0].strip());
      Matcher b = BOUND.matcher(ends[1].strip());
      if (!a.matches() || !b.matches()) {
        throw new IllegalArgumentException("'" + p + "' is not START,END such as 22:00,06:00 or Fri 20:00,Mon 06:00");
      }
      if ((a.group(1) == null) != (b.group(1) == null)) {
        throw new IllegalArgumentException("'" + p + "': give a day for both ends or for neither");
      }
      boolean weekly = a.group(1) != null;
      long period = weekly ? WEEK : DAY;
      long s = minutes(a, p, false);
      long e = minutes(b, p, true);
      long length = e > s ? e - s : period - (s - e);
      if (!weekly && s == 0 && e == DAY) {
        always = true;
      }
      ws.add(new Window(period, s, length));
    }
    if (ws.isEmpty()) {
      throw new IllegalArgumentException("no window given (e.g. 00:00,24:00 for always)");
    }
    return always ? ALWAYS : new TimeWindows(ws, text.strip());
  }

  private static long minutes(Matcher m, String p, boolean end) {
    int h = Integer.parseInt(m.group(2));
    int min = Integer.parseInt(m.group(3));
    if (h > 24 || min > 59 || (h == 24 && (min != 0 || !end))) {
      throw new IllegalArgumentException("'" + p + "': " + m.group(2) + ":" + m.group(3) + " is not a time of day"
          + " (00:00 to 23:59; 24:00 only as an end)");
    }
    long day = 0;
    if (m.group(1) != null) {
      day = dayOf(m.group(1), p).getValue() - 1;
    }
    return day * DAY + h * 60L + min;
  }

  private static DayOfWeek dayOf(String s, String p) {
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().substring(0, 3).equalsIgnoreCase(s)) {
        return d;
      }
    }
    throw new IllegalArgumentException("'" + p + "': '" + s + "' is not a day (Mon, Tue, ... Sun)");
  }

  /** True when the migration may run at any time. */
  public boolean always() {
    return windows.isEmpty();
  }

  /** True when a daily window runs past midnight (e.g. {@code 22:00,06:00}), which the original could not do. */
  public boolean crossesMidnight() {
    return windows.stream().anyMatch(w -> w.period == DAY && w.start + w.length > DAY);
  }

  /** True when {@code t} is inside a window. */
  public boolean isOpen(LocalDateTime t) {
    return always() || closesAt(t).isPresent();
  }

  /** When the window containing {@code t} closes (following windows that begin as one ends); empty when closed. */
  public Optional<LocalDateTime> closesAt(LocalDateTime t) {
    if (always()) {
      return Optional.empty();
    }
    LocalDateTime end = null;
    LocalDateTime at = t;
    for (int i = 0; i < 2 * windows.size() + 2; i++) {
      LocalDateTime e = endOfContaining(at);
      if (e == null || (end != null && !e.isAfter(end))) {
        break;
      }
      end = e;
      at = e;
    }
    return Optional.ofNullable(end);
  }

  /** The latest end of a window occurrence containing {@code t} (start inclusive, end exclusive), or null. */
  private LocalDateTime endOfContaining(LocalDateTime t) {
    LocalDateTime best = null;
    for (Window w : windows) {
      for (LocalDateTime anchor : anchors(w, t)) {
        LocalDateTime s = anchor.plusMinutes(w.start);
        LocalDateTime e = s.plusMinutes(w.length);
        if (!t.isBefore(s) && t.isBefore(e) && (best == null || e.isAfter(best))) {
          best = e;
        }
      }
    }
    return best;
  }

  /** When the next window opens at or after {@code t} ({@code t} itself when it is open). */
  public LocalDateTime nextOpen(LocalDateTime t) {
    if (isOpen(t)) {
      return t;
    }
    LocalDateTime best = null;
    for (Window w : windows) {
      for (LocalDateTime anchor : anchors(w, t)) {
        for (int k = 0; k <= 1; k++) {
          LocalDateTime s = anchor.plusMinutes(w.start + k * w.period);
          if (s.isAfter(t) && (best == null || s.isBefore(best))) {
            best = s;
          }
        }
      }
    }
    return best;
  }

  /** The starts of the period containing {@code t} and of the one before. */
  private static List<LocalDateTime> anchors(Window w, LocalDateTime t) {
    LocalDate d = t.toLocalDate();
    LocalDateTime a = w.period == WEEK
        ? d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay() : d.atStartOfDay();
    return List.of(a.minusMinutes(w.period), a);
  }

  /** Two lists of windows are equal when they open and close at the same times. */
  @Override
  public boolean equals(Object o) {
    return o instanceof TimeWindows w && w.windows.equals(windows);
  }

  @Override
  public int hashCode() {
    return windows.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
