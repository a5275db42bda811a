package io.github.cosmigrate.ledger.rocksdb.internal;

import io.github.cosmigrate.model.ObjectState;
import io.github.cosmigrate.model.SourceFingerprint;
import io.github.cosmigrate.model.Verification;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * Pieces shared by the record codecs. Every record starts with one format-version byte; enum values are stored
 * as explicit codes (never ordinals), so reordering an enum cannot change what a stored byte means.
 */
final class Codecs {
  private Codecs() {}

  /** Reads the version byte and fails clearly when it is not {@code expected}. */
  static Bytes.Reader open(String what, byte[] value, int expected) {
    if (value == null || value.length == 0) {
      throw new RecordFormatException(what + " record is empty");
    }
    Bytes.Reader r = new Bytes.Reader(value);
    int version = r.readByte();
    if (version != expected) {
      throw new RecordFormatException(what + " record has format version " + version + ", but this cos-migrate reads"
          + " only version " + expected + " (was the ledger written by a newer cos-migrate?)");
    }
    return r;
  }

  static void writeFingerprint(Bytes.Writer w, SourceFingerprint f) {
    w.writeZigZag(f.size()).writeZigZag(f.modifiedMillis()).writeString(f.version());
  }

  static SourceFingerprint readFingerprint(Bytes.Reader r) {
    long size = r.readZigZag();
    long mtime = r.readZigZag();
    return new SourceFingerprint(size, mtime, r.readString());
  }

  static void writeInstant(Bytes.Writer w, Instant t) {
    w.writeZigZag(t.getEpochSecond()).writeVarLong(t.getNano());
  }

  static Instant readInstant(Bytes.Reader r) {
    long seconds = r.readZigZag();
    int nanos = r.readVarInt();
    try {
      return Instant.ofEpochSecond(seconds, nanos);
    } catch (DateTimeException e) {
      throw new RecordFormatException("bad timestamp " + seconds + "s " + nanos + "ns", e);
    }
  }

  static int stateCode(ObjectState s) {
    return switch (s) {
      case MIGRATED -> 1;
      case SKIPPED -> 2;
      case FAILED -> 3;
    };
  }

  static ObjectState state(int code) {
    return switch (code) {
      case 1 -> ObjectState.MIGRATED;
      case 2 -> ObjectState.SKIPPED;
      case 3 -> ObjectState.FAILED;
      default -> throw new RecordFormatException("unknown object state code " + code);
    };
  }

  static int verificationCode(Verification v) {
    return switch (v) {
      case VERIFIED -> 1;
      case UNVERIFIABLE -> 2;
    };
  }

  static Verification verification(int code) {
    return switch (code) {
      case 1 -> Verification.VERIFIED;
      case 2 -> Verification.UNVERIFIABLE;
      default -> throw new RecordFormatException("unknown verification code " + code);
    };
  }
}
