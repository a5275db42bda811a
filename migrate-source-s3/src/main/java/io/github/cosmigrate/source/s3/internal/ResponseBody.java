package io.github.cosmigrate.source.s3.internal;

import io.github.cosmigrate.spi.CheckedBody;
import io.github.cosmigrate.spi.ClientLeases;
import java.io.IOException;
import software.amazon.awssdk.core.ResponseInputStream;

/**
 * The connection behind one GET response of the AWS SDK, for a {@link CheckedBody}: closed at the end (the
 * connection goes back to the pool), aborted before it instead of draining the rest (which for a large object
 * would read it all). Read failures pass as the SDK raised them.
 */
public final class ResponseBody implements CheckedBody.Connection {
  private final ResponseInputStream<?> response;

  private ResponseBody(ResponseInputStream<?> response) {
    this.response = response;
  }

  /** The checked body of {@code response}, {@code length} bytes long, leased from {@code leases} while open. */
  public static CheckedBody open(ResponseInputStream<?> response, long length, String what, ClientLeases leases) {
    return CheckedBody.open(response, length, what, leases, new ResponseBody(response));
  }

  @Override
  public void finish() throws IOException {
    response.close();
  }

  @Override
  public void abort() {
    try {
      response.abort();
      response.close();
    } catch (IOException | RuntimeException ignored) {
      // the connection is dropped either way
    }
  }

  @Override
  public IOException readFailed(IOException e, long read, long expected) {
    return e;
  }
}
