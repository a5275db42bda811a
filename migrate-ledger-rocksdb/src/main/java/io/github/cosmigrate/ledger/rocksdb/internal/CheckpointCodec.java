package io.github.cosmigrate.ledger.rocksdb.internal;

import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.UploadCheckpoint;
import java.util.List;

/**
 * Encodes checkpoint headers (an {@link UploadCheckpoint} without its parts) and single parts. Format version 1:
 *
 * <pre>
 *   header: u8 version=1, str destinationKey, str uploadId, zz size, zz mtime, str fingerprint.version,
 *           zz objectSize, var partSize, zz started.epochSecond, var started.nano
 *   part:   u8 version=1, var size, str etag, fixed64 crc64, u8 verification (1 VERIFIED, 2 UNVERIFIABLE)
 * </pre>
 *
 * The key is in the header's store key; the upload id and part number are in the part's store key.
 */
public final class CheckpointCodec {
  public static final int VERSION = 1;

  private CheckpointCodec() {}

  public static byte[] encodeHeader(UploadCheckpoint c) {
    Bytes.Writer w = new Bytes.Writer(64 + c.destinationKey().length() + c.uploadId().length());
    w.writeByte(VERSION);
    w.writeString(c.destinationKey());
    w.writeString(c.uploadId());
    Codecs.writeFingerprint(w, c.fingerprint());
    w.writeZigZag(c.objectSize());
    w.writeVarLong(c.partSize());
    Codecs.writeInstant(w, c.started());
    return w.toByteArray();
  }

  /** The header, with no parts. */
  public static UploadCheckpoint decodeHeader(String key, byte[] value) {
    try {
      Bytes.Reader r = Codecs.open("checkpoint", value, VERSION);
      String destinationKey = r.readString();
      String uploadId = r.readString();
      var fingerprint = Codecs.readFingerprint(r);
      long objectSize = r.readZigZag();
      long partSize = r.readVarLong();
      var started = Codecs.readInstant(r);
      r.expectEnd();
      if (partSize <= 0) {
        throw new RecordFormatException("part size " + partSize);
      }
      return new UploadCheckpoint(key, destinationKey, uploadId, fingerprint, objectSize, partSize, started, List.of());
    } catch (RecordFormatException e) {
      throw new RecordFormatException("checkpoint record for key '" + key + "': " + e.getMessage(), e);
    }
  }

  public static byte[] encodePart(PartResult p) {
    Bytes.Writer w = new Bytes.Writer(32 + p.etag().length());
    w.writeByte(VERSION);
    w.writeVarLong(p.size());
    w.writeString(p.etag());
    w.writeFixed64(p.crc64());
    w.writeByte(Codecs.verificationCode(p.verification()));
    return w.toByteArray();
  }

  public static PartResult decodePart(String key, int partNumber, byte[] value) {
    try {
      Bytes.Reader r = Codecs.open("part", value, VERSION);
      long size = r.readVarLong();
      String etag = r.readString();
      long crc = r.readFixed64();
      var verification = Codecs.verification(r.readByte());
      r.expectEnd();
      if (partNumber < 1 || size < 0) {
        throw new RecordFormatException("part number " + partNumber + ", size " + size);
      }
      return new PartResult(partNumber, size, etag, crc, verification);
    } catch (RecordFormatException e) {
      throw new RecordFormatException("part " + partNumber + " record for key '" + key + "': " + e.getMessage(), e);
    }
  }
}
