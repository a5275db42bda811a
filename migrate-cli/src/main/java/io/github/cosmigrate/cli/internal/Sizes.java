package io.github.cosmigrate.cli.internal;

import java.time.Duration;
import java.util.Locale;

/** Parsing and printing of byte counts, rates and durations for humans. Stateless. */
public final class Sizes {
  private Sizes() {}

  /**
   * Parses a byte count: a whole number with an optional binary unit, {@code K}/{@code KiB}/{@code KB} (1024),
   * {@code M}/{@code MiB}/{@code MB}, {@code G}/{@code GiB}/{@code GB}, {@code T}/{@code TiB}/{@code TB}.
   *
   * @throws IllegalArgumentException naming the text when it is not a size
   */
  public static long parse(String text) {
    return io.github.cosmigrate.spi.provider.PluginSettings.parseSize(text);
  }

  /** A byte count with a binary unit, e.g. {@code 1.5 GiB}. */
  public static String bytes(double b) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int u = 0;
    double v = b;
    while (Math.abs(v) >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? String.format(Locale.ROOT, "%.0f %s", v, units[u])
        : String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : v >= 10 ? "%.1f %s" : "%.2f %s", v, units[u]);
  }

  /** A rate, e.g. {@code 85.3 MiB/s}. */
  public static String rate(double bytesPerSecond) {
    return bytes(bytesPerSecond) + "/s";
  }

  /** A duration as {@code 1h02m03s}, {@code 2m05s} or {@code 4.2s}. */
  public static String duration(Duration d) {
    long ms = Math.max(0, d.toMillis());
    long s = ms / 1000;
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, (s / 60) % 60, s % 60);
    }
    if (s >= 60) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
  }

  /** A count with thousands separators, e.g. {@code 12,345}. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
