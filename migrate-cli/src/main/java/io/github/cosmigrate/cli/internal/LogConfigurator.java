package io.github.cosmigrate.cli.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The command line's logging set-up, in code: found by logback through {@code META-INF/services}, so that start-up
 * does not parse an XML configuration (about 80 ms of every run). The same settings as {@code logback.xml}, which
 * stays as the fallback: the command line prints its own progress and summary; libraries log warnings only.
 *
 * <p>The level of cos-migrate's own loggers and of the root logger is {@value #LEVEL_PROPERTY} (a system
 * property) or else {@value #LEVEL_ENV} (the environment): {@code error}, {@code warn} (the default),
 * {@code info}, {@code debug} or {@code trace}. Whatever it is, the loggers that write requests, headers or wire
 * bytes (with signatures, tokens and pre-signed query strings) stay capped ({@link #CAPS}): cos_api logs whole
 * requests at ERROR, so it is off; the HTTP clients and the SDKs' request and signer loggers stay at WARN or INFO.
 * A {@code -Dlogback.configurationFile} or a {@code logback-test.xml} on the class path (tests) still wins.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
  /** The system property that sets the level, e.g. {@code -Dcos-migrate.log=debug}. */
  public static final String LEVEL_PROPERTY = "cos-migrate.log";
  /** The environment variable that sets the level when {@value #LEVEL_PROPERTY} is not given. */
  public static final String LEVEL_ENV = "COS_MIGRATE_LOG";

  /**
   * The least level of each logger that could write a secret: headers ({@code Authorization}, security tokens),
   * wire bytes, canonical requests and request URLs (pre-signed query strings). A more severe chosen level wins.
   */
  static final Map<String, Level> CAPS = Map.ofEntries(
      Map.entry("com.qcloud", Level.OFF), // DefaultCosHttpClient logs failed requests with every header at ERROR
      Map.entry("org.apache.http", Level.WARN), // HttpClient 4 (cos_api, aliyun): .wire and .headers
      Map.entry("org.apache.hc", Level.WARN), // HttpClient 5 (the AWS SDK's apache5 client): .wire and .headers
      Map.entry("software.amazon.awssdk.request", Level.INFO), // every request, with its URL and headers
      Map.entry("software.amazon.awssdk.auth", Level.INFO), // the V4 signer's canonical request (token header)
      Map.entry("software.amazon.awssdk.http", Level.INFO), // http-auth-aws signers and the HTTP clients
      Map.entry("com.aliyun", Level.INFO), // aliyun-sdk-oss requests and responses
      Map.entry("okhttp3", Level.WARN), // okhttp's logging interceptor (aliyun and tencentcloud cores)
      Map.entry("org.gaul", Level.WARN), // S3Proxy (demo, serve): requests with their headers
      Map.entry("org.eclipse.jetty", Level.WARN), // Jetty under S3Proxy: request headers at DEBUG
      Map.entry("org.rocksdb", Level.WARN));

  private static final List<String> OWN = List.of("io.github.cosmigrate");

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
    Level chosen = chosenLevel(System::getProperty, System::getenv).orElse(Level.WARN);
    levels(chosen).forEach((name, level) -> context.getLogger(name).setLevel(level));
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(chosen);
    root.addAppender(stderr);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** The level of each named logger (the root aside) when {@code chosen} is asked for. */
  static Map<String, Level> levels(Level chosen) {
    Map<String, Level> m = new java.util.TreeMap<>();
    OWN.forEach(n -> m.put(n, chosen));
    CAPS.forEach((n, cap) -> m.put(n, chosen.isGreaterOrEqual(cap) ? chosen : cap));
    return m;
  }

  /**
   * The level asked for by {@value #LEVEL_PROPERTY}, else {@value #LEVEL_ENV}; empty when neither is set. A value
   * that names no level is reported on stderr (once, at start-up) and ignored.
   */
  static Optional<Level> chosenLevel(Function<String, String> properties, Function<String, String> env) {
    String name = LEVEL_PROPERTY;
    String value = properties.apply(LEVEL_PROPERTY);
    if (value == null || value.isBlank()) {
      name = LEVEL_ENV;
      value = env.apply(LEVEL_ENV);
    }
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (!List.of("error", "warn", "info", "debug", "trace").contains(v)) {
      System.err.println("cos-migrate: warning: " + name + "=" + value.strip() + " is not a log level (error, warn,"
          + " info, debug, trace); logging at warn");
      return Optional.empty();
    }
    return Optional.of(Level.toLevel(v));
  }
}
