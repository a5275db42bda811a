package io.github.cosmigrate.source.local.internal;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Maps java.nio file errors to error kinds and messages. */
public final class Errors {
  private Errors() {}

  /** The kind of a file-system error. */
  public static ErrorKind kindOf(IOException e) {
    if (e instanceof MigrateException m) {
      return m.kind();
    }
    if (e instanceof NoSuchFileException || e instanceof NotDirectoryException || isNotDirectory(e)) {
      return ErrorKind.NOT_FOUND;
    }
    if (e instanceof AccessDeniedException) {
      return ErrorKind.ACCESS_DENIED;
    }
    if (isLoop(e)) {
      return ErrorKind.INVALID_INPUT;
    }
    return ErrorKind.TRANSIENT;
  }

  /** ENOTDIR: a path component is a file. */
  static boolean isNotDirectory(IOException e) {
    return e instanceof FileSystemException f && f.getReason() != null && f.getReason().contains("Not a directory");
  }

  /** ELOOP: too many levels of symbolic links. */
  public static boolean isLoop(IOException e) {
    return e instanceof FileSystemException f && f.getReason() != null
        && f.getReason().contains("Too many levels of symbolic links");
  }

  /** A short reason for messages: the exception's reason without the path (the caller names the path). */
  public static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /** Wraps a file error of an operation on a key into a MigrateException. */
  public static IOException wrap(IOException e, String what, String key, Object path) {
    if (e instanceof MigrateException || e instanceof InterruptedIOException) {
      return e;
    }
    if (e instanceof ClosedByInterruptException) {
      InterruptedIOException i = new InterruptedIOException("interrupted while reading local key '" + key + "'");
      i.initCause(e);
      return i;
    }
    ErrorKind kind = kindOf(e);
    String hint = switch (kind) {
      case NOT_FOUND -> "; the file was removed or renamed since it was listed";
      case ACCESS_DENIED -> "; check the permissions of the file and its directories for the migrating user";
      default -> "";
    };
    return new MigrateException(kind, "cannot " + what + " local key '" + key + "' (" + path + "): " + reason(e)
        + hint, e);
  }
}
