package io.github.cosmigrate.flink.internal;

/** A throwable as one line for reports: its message (or class), without line breaks. */
final class Reasons {
  private Reasons() {}

  static String of(Throwable t) {
    Throwable e = t;
    while (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}
