package io.github.cosmigrate.cli.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The command line's logging set-up, in code: found by logback through {@code META-INF/services}, so that start-up
 * does not parse an XML configuration (about 80 ms of every run). The same settings as {@code logback.xml}, which
 * stays as the fallback: the command line prints its own progress and summary; libraries log warnings only; cos_api
 * logs whole requests (with signatures) at ERROR, so it is off. A {@code -Dlogback.configurationFile} or a
 * {@code logback-test.xml} on the class path (tests) still wins.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || LogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("cos-migrate %level %logger{0}: %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    level(context, "io.github.cosmigrate", Level.WARN);
    level(context, "com.qcloud", Level.OFF);
    level(context, "org.apache.http", Level.WARN);
    level(context, "org.gaul", Level.WARN);
    level(context, "org.eclipse.jetty", Level.WARN);
    level(context, "org.rocksdb", Level.WARN);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static void level(LoggerContext context, String name, Level level) {
    context.getLogger(name).setLevel(level);
  }
}
