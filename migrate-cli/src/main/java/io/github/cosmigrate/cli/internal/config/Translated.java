package io.github.cosmigrate.cli.internal.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A config file translated into one migration command of this tool: the command word, its flags (in the order the
 * config gave them), the environment its credentials go through, the schedule, and the notes saying where this tool
 * behaves differently from the original on the same file.
 *
 * @param command {@code local}, {@code s3}, {@code oss}, {@code url} or {@code cos}
 * @param flags flag name (without {@code --}) to its values; a switch has no value
 * @param env the environment variables the command reads credentials from (secrets: never printed)
 * @param notes one line per difference from the original, stated once at start-up
 */
public record Translated(String command, Map<String, List<String>> flags, Map<String, String> env,
    List<String> notes) {

  /**
   * When passes run.
   *
   * @param daemon repeat passes forever ({@code daemonMode=on})
   * @param interval the pause between two passes ({@code daemonModeInterVal})
   * @param windows when passes may run ({@code executeTimeWindow})
   */
  public record Schedule(boolean daemon, Duration interval, TimeWindows windows) {
    /** One pass, at any time. */
    public static final Schedule ONCE = new Schedule(false, Duration.ofSeconds(60), TimeWindows.ALWAYS);

    /** The longest pause between two passes: a year. */
    public static final long MAX_INTERVAL_SECONDS = 366L * 24 * 3600;

    /**
     * The schedule the flags {@code --daemon}, {@code --daemon-interval} and {@code --time-window} (or the config
     * keys daemonMode, daemonModeInterVal and executeTimeWindow, translated into them) ask for.
     *
     * @throws IllegalArgumentException when {@code windows} is not a list of execution windows
     */
    public static Schedule of(boolean daemon, Optional<Long> intervalSeconds, Optional<String> windows) {
      return new Schedule(daemon, Duration.ofSeconds(intervalSeconds.orElse(60L)),
          windows.map(TimeWindows::parse).orElse(TimeWindows.ALWAYS));
    }

    /** True when passes run once, at any time: no daemon, no window. */
    public boolean once() {
      return !daemon && windows.always();
    }
  }

  public Translated {
    Map<String, List<String>> f = new LinkedHashMap<>();
    flags.forEach((k, v) -> f.put(k, List.copyOf(v)));
    flags = java.util.Collections.unmodifiableMap(f);
    env = Map.copyOf(env);
    notes = List.copyOf(notes);
  }

  /**
   * The command's arguments: the translated flags, except those {@code commandLine} gives again, then
   * {@code commandLine} (so a flag on the command line wins over the file).
   */
  public List<String> args(List<String> commandLine) {
    Set<String> given = new HashSet<>();
    for (String a : commandLine) {
      if (a.startsWith("--") && a.length() > 2) {
        int eq = a.indexOf('=');
        given.add(eq < 0 ? a.substring(2) : a.substring(2, eq));
      }
    }
    List<String> out = new ArrayList<>();
    flags.forEach((name, values) -> {
      if (given.contains(name)) {
        return;
      }
      if (values.isEmpty()) {
        out.add("--" + name);
      }
      for (String v : values) {
        out.add("--" + name);
        out.add(v);
      }
    });
    out.addAll(commandLine);
    return out;
  }

  /** The schedule the translated flags ask for (daemon mode, interval, execution windows). */
  public Schedule schedule() {
    return Schedule.of(flags.containsKey("daemon"), flag("daemon-interval").map(Long::parseLong),
        flag("time-window"));
  }

  /** Names the command, flags and schedule; the environment's variable names only (their values are secrets). */
  @Override
  public String toString() {
    return "Translated[" + command + " " + flags + ", env=" + new java.util.TreeSet<>(env.keySet()) + ", "
        + schedule() + "]";
  }

  /** The value of a flag with one value, if set. */
  public Optional<String> flag(String name) {
    List<String> v = flags.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(v.size() - 1));
  }
}
