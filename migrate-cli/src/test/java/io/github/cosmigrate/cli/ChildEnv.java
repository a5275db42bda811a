package io.github.cosmigrate.cli;

import java.util.Map;

/**
 * The environment of a child JVM that runs the command line in a test: none of the caller's credentials or
 * cos-migrate settings ({@code COS_*}, {@code AWS_*}, {@code OSS_*}: every prefix the command line reads), then the
 * test's own values. One rule for every test that starts a child, so that a developer's real keys never reach one.
 */
final class ChildEnv {
  private ChildEnv() {}

  /** Clears the inherited credentials and settings from {@code pb}'s environment and puts {@code values}. */
  static void isolate(ProcessBuilder pb, Map<String, String> values) {
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("COS_") || k.startsWith("AWS_") || k.startsWith("OSS_"));
    env.putAll(values);
  }
}
