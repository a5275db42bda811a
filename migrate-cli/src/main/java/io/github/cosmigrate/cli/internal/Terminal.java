package io.github.cosmigrate.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Whether progress goes to a terminal (one line refreshed in place with {@code \r}) or to a file or pipe (one line
 * per interval). {@code System.console()} is not the answer: it asks about stdin and stdout together, so
 * {@code cos-migrate ... 2>run.log} would write {@code \r} refreshes into the log, and {@code < /dev/null} in a
 * terminal would print a line per interval. On Linux the answer is where the stream's file descriptor points
 * ({@code /proc/self/fd/N}: {@code /dev/pts/*}, {@code /dev/tty*}); elsewhere {@code System.console()}.
 * {@value #ENV}{@code =tty} or {@code =lines} forces either; {@code TERM=dumb} means lines. Stateless.
 */
public final class Terminal {
  /** The environment variable that forces the progress display: {@code tty}, {@code lines} or {@code auto}. */
  public static final String ENV = "COS_MIGRATE_PROGRESS";
  /** The file descriptor of stdout. */
  public static final int STDOUT = 1;
  /** The file descriptor of stderr. */
  public static final int STDERR = 2;

  private Terminal() {}

  /** Whether progress printed to file descriptor {@code fd} should be refreshed in place. */
  public static boolean refreshInPlace(int fd, Map<String, String> env) throws UsageException {
    String mode = env.getOrDefault(ENV, "auto").trim().toLowerCase(Locale.ROOT);
    switch (mode) {
      case "tty":
        return true;
      case "lines":
        return false;
      case "auto", "":
        return !"dumb".equals(env.get("TERM")) && isTerminal(fd);
      default:
        throw new UsageException(ENV + " must be tty, lines or auto, was '" + env.get(ENV) + "'");
    }
  }

  /** Whether file descriptor {@code fd} of this process is a terminal, as far as can be told. */
  static boolean isTerminal(int fd) {
    Path link = Path.of("/proc/self/fd/" + fd);
    if (Files.isDirectory(Path.of("/proc/self/fd"))) {
      try {
        return isTerminalDevice(Files.readSymbolicLink(link).toString());
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        return false;
      }
    }
    return System.console() != null;
  }

  /** Whether a file descriptor's target (e.g. {@code /dev/pts/3}, {@code pipe:[1234]}) is a terminal device. */
  static boolean isTerminalDevice(String target) {
    return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
  }
}
