package io.github.cosmigrate.spi;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The body of one GET a source returns, for plugins on SDKs that hand out the raw connection stream: checks that
 * exactly the expected number of bytes arrive (fewer is a {@code TRANSIENT} truncation, more a
 * {@code SOURCE_CHANGED}), gives the connection back when the body was read to its end and drops it when closed
 * before (so a large object is never drained), and holds a lease on the source's client while open (see
 * {@link ClientLeases}). Not thread-safe, like any stream.
 */
public final class CheckedBody extends InputStream {
  /** What the plugin's SDK does with the connection behind a body. */
  public interface Connection {
    /** The body was read to its end: give the connection back (to its pool). */
    void finish() throws IOException;

    /** The body is abandoned before its end: drop the connection rather than drain it. Never throws. */
    void abort();

    /** What a failed read means ({@code read} of {@code expected} bytes had arrived): the plugin's error rule. */
    IOException readFailed(IOException e, long read, long expected);

    /** Called before each read, e.g. to honour an interrupt the SDK's sockets ignore. */
    default void beforeRead() throws IOException {}
  }

  private final InputStream in;
  private final long expected;
  private final String what;
  private final ClientLeases leases;
  private final Connection connection;
  private long read;
  private boolean closed;

  private CheckedBody(InputStream in, long expected, String what, ClientLeases leases, Connection connection) {
    this.in = in;
    this.expected = expected;
    this.what = what;
    this.leases = leases;
    this.connection = connection;
  }

  /**
   * The body {@code in} (null: an empty one) of {@code expected} bytes, {@code what} naming it in errors.
   *
   * @throws IllegalStateException when the source was closed meanwhile (the connection is dropped)
   */
  public static CheckedBody open(InputStream in, long expected, String what, ClientLeases leases,
      Connection connection) {
    Objects.requireNonNull(connection, "connection");
    if (!leases.acquire()) {
      connection.abort();
      throw new IllegalStateException(what + ": the source was closed while this object was being opened");
    }
    return new CheckedBody(in == null ? InputStream.nullInputStream() : in, expected, what, leases, connection);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n <= 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException(what + ": stream closed");
    }
    if (len == 0) {
      return 0;
    }
    connection.beforeRead();
    int n;
    try {
      // never ask for more than one byte past the expected end: enough to see an overlong body
      n = in.read(b, off, (int) Math.min(len, Math.max(1, expected - read + 1)));
    } catch (IOException e) {
      throw connection.readFailed(e, read, expected);
    }
    if (n < 0) {
      if (read != expected) {
        throw new MigrateException(ErrorKind.TRANSIENT, what + ": the body ended after " + read + " of " + expected
            + " bytes; a truncated response, likely temporary");
      }
      return -1;
    }
    read += n;
    if (read > expected) {
      throw new MigrateException(ErrorKind.SOURCE_CHANGED, what + ": the body is longer than the " + expected
          + " bytes announced; the object changed while it was read");
    }
    return n;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (read == expected && in.read() < 0) {
        connection.finish();
      } else {
        connection.abort();
      }
    } catch (IOException | RuntimeException e) {
      connection.abort();
    } finally {
      leases.release();
    }
  }
}
