package io.github.cosmigrate.source.cos.internal;

import com.qcloud.cos.model.COSObject;
import com.qcloud.cos.model.COSObjectInputStream;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.spi.CheckedBody;
import io.github.cosmigrate.spi.ClientLeases;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * The connection behind one cos_api GET, for a {@link CheckedBody}: closed into the pool at the end, aborted
 * before it; a failed read is a {@code TRANSIENT} network error (an interrupt stays an interrupt).
 */
final class CosBody implements CheckedBody.Connection {
  private final COSObject object;
  private final COSObjectInputStream in;
  private final String what;

  private CosBody(COSObject object, String what) {
    this.object = object;
    this.in = object.getObjectContent();
    this.what = what;
  }

  /** The checked body of {@code object}, {@code expected} bytes long, leased from {@code leases} while open. */
  static CheckedBody open(COSObject object, long expected, String what, ClientLeases leases) {
    CosBody c = new CosBody(object, what);
    return CheckedBody.open(c.in, expected, what, leases, c);
  }

  @Override
  public void finish() throws IOException {
    object.close();
  }

  @Override
  public void abort() {
    try {
      if (in != null) {
        in.abort();
      }
      object.close();
    } catch (IOException | RuntimeException ignored) {
      // the connection is dropped either way
    }
  }

  @Override
  public IOException readFailed(IOException e, long read, long expected) {
    if (e instanceof InterruptedIOException) {
      return e;
    }
    return new MigrateException(ErrorKind.TRANSIENT, what + ": reading the body failed after " + read + " of "
        + expected + " bytes (" + e.getClass().getSimpleName() + "); a network error, likely temporary", e);
  }
}
