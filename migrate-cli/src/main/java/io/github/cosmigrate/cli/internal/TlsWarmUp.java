package io.github.cosmigrate.cli.internal;

import javax.net.ssl.SSLContext;

/**
 * Builds the JVM's default TLS context on a background thread while the command line parses its flags and opens
 * the source and the ledger. cos_api's client builds a TLS context in its constructor even for a plain-http
 * endpoint (its connection manager registers an https socket factory), and the AWS SDK's HTTP client does too;
 * the first one in a JVM loads and parses the CA store and sets up the TLS classes: about a third of a small
 * run's start-up on the main thread. The trusted certificates and the TLS classes are cached for the JVM, so
 * the clients' own set-up, later, finds them ready. Nothing changes in what is trusted or how: the clients still
 * build their own contexts with the JVM's default trust store; a failure here is left for them to report.
 */
public final class TlsWarmUp {
  private TlsWarmUp() {}

  /** Starts the warm-up on a daemon thread (it never holds up the JVM's exit) and returns that thread at once. */
  public static Thread start() {
    Thread t = new Thread(TlsWarmUp::run, "cosmigrate-tls-warm-up");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void run() {
    try {
      SSLContext.getDefault();
    } catch (Exception | LinkageError e) {
      // the clients build their contexts themselves and report a broken TLS set-up where it matters
    }
  }
}
