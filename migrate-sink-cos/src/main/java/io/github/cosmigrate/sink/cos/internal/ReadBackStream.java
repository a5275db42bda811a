package io.github.cosmigrate.sink.cos.internal;

import com.qcloud.cos.model.COSObjectInputStream;
import java.io.FilterInputStream;
import java.io.IOException;

/**
 * The body of a GET that reads an object back: closing it before its end aborts the request (drops the connection
 * instead of draining the rest of a large object); closing it at the end returns the connection to the pool. Not
 * thread-safe, like any stream.
 */
public final class ReadBackStream extends FilterInputStream {
  private boolean ended;

  public ReadBackStream(COSObjectInputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    ended |= b < 0;
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    ended |= n < 0;
    return n;
  }

  @Override
  public void close() throws IOException {
    if (!ended) {
      try {
        ((COSObjectInputStream) in).abort();
      } catch (RuntimeException ignored) {
        // dropping the connection is all that is left to do
      }
    }
    in.close();
  }
}
