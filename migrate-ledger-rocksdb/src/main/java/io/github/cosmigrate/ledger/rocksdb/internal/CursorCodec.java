package io.github.cosmigrate.ledger.rocksdb.internal;

import io.github.cosmigrate.model.ListCursor;

/** Encodes a {@link ListCursor}. Format version 1: {@code u8 version=1, str token}. */
public final class CursorCodec {
  public static final int VERSION = 1;

  private CursorCodec() {}

  public static byte[] encode(ListCursor c) {
    return new Bytes.Writer(8 + c.token().length()).writeByte(VERSION).writeString(c.token()).toByteArray();
  }

  public static ListCursor decode(String scope, byte[] value) {
    try {
      Bytes.Reader r = Codecs.open("cursor", value, VERSION);
      String token = r.readString();
      r.expectEnd();
      return new ListCursor(token);
    } catch (RecordFormatException e) {
      throw new RecordFormatException("cursor record for scope '" + scope + "': " + e.getMessage(), e);
    }
  }
}
