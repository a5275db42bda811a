package io.github.cosmigrate.ledger.rocksdb.internal;

import io.github.cosmigrate.model.LedgerEntry;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Encodes a {@link LedgerEntry} (without its key, which is in the store key). Format version 1:
 *
 * <pre>
 *   u8 version=1
 *   str destinationKey
 *   zz fingerprint.size, zz fingerprint.modifiedMillis, str fingerprint.version
 *   u8 state (1 MIGRATED, 2 SKIPPED, 3 FAILED)
 *   str reason
 *   u8 flags (1 etag present, 2 crc64 present, 4 verification present)
 *   [str etag] [fixed64 crc64] [u8 verification (1 VERIFIED, 2 UNVERIFIABLE)]
 *   var attempts
 *   zz updated.epochSecond, var updated.nano
 * </pre>
 *
 * (str = varint length + UTF-8; var = unsigned LEB128; zz = zig-zag LEB128; fixed64 = 8 bytes big-endian.)
 */
public final class EntryCodec {
  public static final int VERSION = 1;

  private static final int HAS_ETAG = 1;
  private static final int HAS_CRC = 2;
  private static final int HAS_VERIFICATION = 4;

  private EntryCodec() {}

  public static byte[] encode(LedgerEntry e) {
    Bytes.Writer w = new Bytes.Writer(64 + e.destinationKey().length() + e.reason().length());
    w.writeByte(VERSION);
    w.writeString(e.destinationKey());
    Codecs.writeFingerprint(w, e.fingerprint());
    w.writeByte(Codecs.stateCode(e.state()));
    w.writeString(e.reason());
    int flags = (e.destinationEtag().isPresent() ? HAS_ETAG : 0) | (e.crc64().isPresent() ? HAS_CRC : 0)
        | (e.verification().isPresent() ? HAS_VERIFICATION : 0);
    w.writeByte(flags);
    e.destinationEtag().ifPresent(w::writeString);
    if (e.crc64().isPresent()) {
      w.writeFixed64(e.crc64().getAsLong());
    }
    e.verification().ifPresent(v -> w.writeByte(Codecs.verificationCode(v)));
    w.writeVarLong(e.attempts());
    Codecs.writeInstant(w, e.updated());
    return w.toByteArray();
  }

  public static LedgerEntry decode(String key, byte[] value) {
    try {
      Bytes.Reader r = Codecs.open("entry", value, VERSION);
      String destinationKey = r.readString();
      var fingerprint = Codecs.readFingerprint(r);
      var state = Codecs.state(r.readByte());
      String reason = r.readString();
      int flags = r.readByte();
      if ((flags & ~(HAS_ETAG | HAS_CRC | HAS_VERIFICATION)) != 0) {
        throw new RecordFormatException("unknown flags " + flags);
      }
      Optional<String> etag = (flags & HAS_ETAG) != 0 ? Optional.of(r.readString()) : Optional.empty();
      OptionalLong crc = (flags & HAS_CRC) != 0 ? OptionalLong.of(r.readFixed64()) : OptionalLong.empty();
      var verification = (flags & HAS_VERIFICATION) != 0
          ? Optional.of(Codecs.verification(r.readByte())) : Optional.<io.github.cosmigrate.model.Verification>empty();
      int attempts = r.readVarInt();
      var updated = Codecs.readInstant(r);
      r.expectEnd();
      return new LedgerEntry(key, destinationKey, fingerprint, state, reason, etag, crc, verification, attempts,
          updated);
    } catch (RecordFormatException e) {
      throw new RecordFormatException("entry record for key '" + key + "': " + e.getMessage(), e);
    }
  }
}
