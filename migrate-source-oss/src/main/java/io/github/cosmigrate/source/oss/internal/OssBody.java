package io.github.cosmigrate.source.oss.internal;

import com.aliyun.oss.model.OSSObject;
import io.github.cosmigrate.spi.CheckedBody;
import io.github.cosmigrate.spi.ClientLeases;
import java.io.IOException;
import java.io.InputStream;

/**
 * The connection behind one OSS GET, for a {@link CheckedBody}, read straight from the HTTP entity. The SDK's own
 * {@code getObjectContent()} wraps it in a per-byte CRC-64 that 3.18.5 never checks for streams (the engine computes
 * its own CRC-64 of the bytes), so this skips that pass. Closed into the pool at the end, force-closed before it;
 * every read first honours an interrupt (the SDK's sockets ignore them); failures map through {@link OssErrors}.
 */
final class OssBody implements CheckedBody.Connection {
  private final OSSObject object;
  private final String what;

  private OssBody(OSSObject object, String what) {
    this.object = object;
    this.what = what;
  }

  /** The checked body of {@code object}, {@code expected} bytes long, leased from {@code leases} while open. */
  static CheckedBody open(OSSObject object, ClientLeases leases, long expected, String what) {
    InputStream raw = object.getResponse() == null ? null : object.getResponse().getContent();
    InputStream in = raw != null ? raw : object.getObjectContent();
    return CheckedBody.open(in, expected, what, leases, new OssBody(object, what));
  }

  @Override
  public void finish() throws IOException {
    object.close();
  }

  @Override
  public void abort() {
    try {
      object.forcedClose(); // drop the connection rather than drain the rest
    } catch (IOException | RuntimeException ignored) {
      // the connection is gone either way
    }
  }

  @Override
  public IOException readFailed(IOException e, long read, long expected) {
    return OssErrors.read(e, what);
  }

  @Override
  public void beforeRead() throws IOException {
    OssErrors.checkInterrupt(what);
  }
}
