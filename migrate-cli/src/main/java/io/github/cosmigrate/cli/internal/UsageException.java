package io.github.cosmigrate.cli.internal;

/**
 * A configuration or usage error: a missing or malformed flag, a missing credential, an unusable source
 * directory. The CLI prints the message on one line and exits with status 2, never a stack trace.
 */
public final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
