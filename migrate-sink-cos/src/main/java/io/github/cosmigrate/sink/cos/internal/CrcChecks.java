package io.github.cosmigrate.sink.cos.internal;

import com.qcloud.cos.COSClient;
import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.Verification;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's end-to-end check of what it wrote: every byte of a body went out, and COS's CRC-64
 * ({@code x-cos-hash-crc64ecma}) equals the CRC-64 of the bytes sent. A mismatch fails the operation (a corrupt whole
 * object is deleted when asked); an answer without the header is {@link Verification#UNVERIFIABLE}, never passed
 * off as verified. Thread-safe: it holds the sink's client, bucket and location only.
 */
public final class CrcChecks {
  /** The reason of an {@link Verification#UNVERIFIABLE} put or completion. */
  public static final String NO_CRC_REASON = "the endpoint returned no x-cos-hash-crc64ecma";

  private static final Logger LOG = LoggerFactory.getLogger(CrcChecks.class);

  private final COSClient cos;
  private final String bucket;
  private final String location;

  /** Checks for the sink of {@code bucket} at {@code location} ({@code cos:region/bucket}) through {@code cos}. */
  public CrcChecks(COSClient cos, String bucket, String location) {
    this.cos = cos;
    this.bucket = bucket;
    this.location = location;
  }

  /** Why a result is unverifiable: COS always returns its CRC-64, so the endpoint is not COS or strips it. */
  public static Optional<String> unverifiable(Verification v) {
    return v == Verification.UNVERIFIABLE ? Optional.of(NO_CRC_REASON) : Optional.empty();
  }

  /** Throws (TRANSIENT) when a request succeeded although the client sent fewer than {@code length} bytes. */
  public void checkSentAll(CrcInputStream in, String op, String key, long length) throws MigrateException {
    if (!in.complete()) {
      throw new MigrateException(ErrorKind.TRANSIENT, op + " '" + key + "' in " + location + ": the client sent "
          + in.bytesRead() + " of " + length + " bytes but the request succeeded; not trusting it");
    }
  }

  /** Compares COS's CRC with ours; on a mismatch throws (after deleting a corrupt whole object when asked). */
  public Verification verify(String header, long local, String op, String key, boolean deleteOnMismatch)
      throws MigrateException {
    if (header == null || header.isBlank()) {
      return Verification.UNVERIFIABLE;
    }
    long remote;
    try {
      remote = Crc64.parseUnsigned(header);
    } catch (NumberFormatException e) {
      throw new MigrateException(ErrorKind.INTEGRITY_MISMATCH, op + " '" + key + "' in " + location
          + ": COS returned an unreadable x-cos-hash-crc64ecma '" + header + "'", e);
    }
    if (remote == local) {
      return Verification.VERIFIED;
    }
    String removed = "";
    if (deleteOnMismatch) {
      removed = deleteQuietly(key) ? "; the corrupt object was deleted"
          : "; deleting the corrupt object failed too, delete it by hand";
    }
    throw new MigrateException(ErrorKind.INTEGRITY_MISMATCH, op + " '" + key + "' in " + location
        + ": CRC-64 mismatch, COS stored " + Crc64.toUnsignedString(remote) + " but the bytes sent have "
        + Crc64.toUnsignedString(local) + removed);
  }

  /** Deletes an object COS stored with the wrong content; false (and a warning) when that fails too. */
  public boolean deleteQuietly(String key) {
    try {
      cos.deleteObject(bucket, key);
      return true;
    } catch (RuntimeException e) {
      LOG.warn("deleting corrupt object '{}' in {} failed: {}", key, location, e.getClass().getSimpleName());
      return false;
    }
  }
}
