package io.github.cosmigrate.model;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An open read of one source object: its bytes and what the source observed when it opened them.
 *
 * @param body the content; reading it to the end yields exactly {@code observed.size()} bytes (any number when that
 *     is {@link ObjectInfo#UNKNOWN_SIZE})
 * @param observed the object as the read saw it: for a remote source the response's size, ETag, version and
 *     metadata (which a listing may lack), for a local file its state when opened
 */
public record SourceRead(InputStream body, ObjectInfo observed) implements Closeable {
  public SourceRead {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(observed, "observed");
  }

  @Override
  public void close() throws IOException {
    body.close();
  }
}
