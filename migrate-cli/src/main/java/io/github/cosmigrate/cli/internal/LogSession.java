package io.github.cosmigrate.cli.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The logging flags of every command ({@code --log-level}, {@code -v}, {@code --log-file}) applied to logback (the
 * logger the command line binds; the libraries log through slf4j only) for one command, and undone when it ends.
 * The level wins over {@value LogConfigurator#LEVEL_ENV}; the loggers that could write a secret stay capped as
 * {@code LogConfigurator.levels} says, whatever the level. With {@code --log-file} the log goes to that file
 * (appended) and stderr keeps only warnings and errors. Without any of these flags nothing changes.
 */
public final class LogSession implements AutoCloseable {
  /** The logging flags. */
  public static final List<Flag> FLAGS = List.of(
      Flag.value("log-level", "LEVEL", "error, warn, info, debug or trace; wins over the environment variable"
          + " COS_MIGRATE_LOG (default warn). Requests, headers and signatures are never logged"),
      new Flag("verbose", "", "more log: -v info, -vv debug, -vvv trace", true, Optional.empty(), Optional.of("v")),
      Flag.value("log-file", "FILE", "write the log to FILE (appended; its folder must exist); stderr then shows"
          + " warnings and errors only"));

  static final List<String> LEVELS = List.of("error", "warn", "info", "debug", "trace");

  private static final LogSession NONE = new LogSession(null, Map.of(), List.of(), List.of());

  private final LoggerContext context;
  private final Map<String, Level> previous;
  private final List<Appender<ILoggingEvent>> detached;
  private final List<Appender<ILoggingEvent>> added;

  private LogSession(LoggerContext context, Map<String, Level> previous, List<Appender<ILoggingEvent>> detached,
      List<Appender<ILoggingEvent>> added) {
    this.context = context;
    this.previous = previous;
    this.detached = detached;
    this.added = added;
  }

  /** The level the flags ask for, if any: {@code --log-level} first, else one step per {@code -v}. */
  static Optional<Level> level(CliArgs a) throws UsageException {
    Optional<String> v = a.get("log-level");
    if (v.isPresent()) {
      String name = v.get().strip().toLowerCase(Locale.ROOT);
      if (!LEVELS.contains(name)) {
        throw new UsageException("--log-level must be one of " + String.join("|", LEVELS) + ", was '" + v.get()
            + "'");
      }
      return Optional.of(Level.toLevel(name));
    }
    int n = a.all("verbose").size();
    return n == 0 ? Optional.empty() : Optional.of(Level.toLevel(LEVELS.get(Math.min(LEVELS.size() - 1, 1 + n))));
  }

  /**
   * Applies the logging flags of {@code a}.
   *
   * @param env the environment: {@value LogConfigurator#LEVEL_ENV} gives the level of a log file when no flag does
   */
  public static LogSession open(CliArgs a, Map<String, String> env) throws UsageException {
    Optional<Level> level = level(a);
    Optional<Path> file = a.get("log-file").map(f -> Path.of(f).toAbsolutePath().normalize());
    if (level.isEmpty() && file.isEmpty()) {
      return NONE;
    }
    if (file.isPresent()) {
      Path dir = file.get().getParent();
      if (Files.isDirectory(file.get()) || dir == null || !Files.isDirectory(dir)) {
        throw new UsageException("--log-file " + a.get("log-file").get() + ": "
            + (Files.isDirectory(file.get()) ? "is a directory" : "its folder does not exist"));
      }
    }
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return NONE; // another slf4j binding: it is configured its own way
    }
    Level chosen = level.orElseGet(() -> LogConfigurator.chosenLevel(k -> null, env::get).orElse(Level.WARN));
    Map<String, Level> previous = new HashMap<>();
    Map<String, Level> levels = new HashMap<>(LogConfigurator.levels(chosen));
    levels.put(Logger.ROOT_LOGGER_NAME, chosen);
    levels.forEach((name, l) -> {
      Logger logger = context.getLogger(name);
      previous.put(name, logger.getLevel());
      logger.setLevel(l);
    });
    List<Appender<ILoggingEvent>> detached = new ArrayList<>();
    List<Appender<ILoggingEvent>> added = new ArrayList<>();
    if (file.isPresent()) {
      Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
      for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
        detached.add(it.next());
      }
      detached.forEach(root::detachAppender);
      FileAppender<ILoggingEvent> f = new FileAppender<>();
      f.setContext(context);
      f.setName("cos-migrate-log-file");
      f.setFile(file.get().toString());
      f.setAppend(true);
      f.setEncoder(encoder(context, "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{0}: %msg%n"));
      f.start();
      ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
      stderr.setContext(context);
      stderr.setName("cos-migrate-stderr-warnings");
      stderr.setTarget("System.err");
      stderr.setEncoder(encoder(context, "cos-migrate %level %logger{0}: %msg%n"));
      ThresholdFilter warn = new ThresholdFilter();
      warn.setLevel("WARN");
      warn.start();
      stderr.addFilter(warn);
      stderr.start();
      added.add(f);
      added.add(stderr);
      added.forEach(root::addAppender);
    }
    return new LogSession(context, previous, detached, added);
  }

  private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
    PatternLayoutEncoder e = new PatternLayoutEncoder();
    e.setContext(context);
    e.setPattern(pattern);
    e.start();
    return e;
  }

  /** Puts logging back as it was (levels, appenders) and closes the log file. */
  @Override
  public void close() {
    if (context == null) {
      return;
    }
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    added.forEach(a -> {
      root.detachAppender(a);
      a.stop();
    });
    detached.forEach(root::addAppender);
    previous.forEach((name, l) -> context.getLogger(name).setLevel(l));
  }
}
