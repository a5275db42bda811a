package io.github.cosmigrate.spi;

import io.github.cosmigrate.model.MultipartUpload;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.model.UploadedPart;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where objects go. Every method is a blocking call, safe to call from many threads at once, and throws
 * {@link io.github.cosmigrate.error.MigrateException} with a kind and a message naming the key and bucket.
 *
 * <p><b>Verification.</b> {@link #put} and {@link #uploadPart} compute the CRC-64/XZ of the bytes they send and
 * compare it with the checksum the service returns. A difference is thrown as {@code INTEGRITY_MISMATCH}; a
 * missing checksum is reported as {@link io.github.cosmigrate.model.Verification#UNVERIFIABLE} (with
 * {@link PutResult#unverifiableReason()} saying why, in words a user can act on), never as verified. A sink that can
 * read back what it stored is an {@link io.github.cosmigrate.spi.capability.ObjectReader}.
 * {@link #completeMultipart} checks the service's whole-object CRC-64 against the combination of the parts'.
 *
 * <p><b>Visibility.</b> An object is visible only after {@link #put} or {@link #completeMultipart} returns; a
 * failed or interrupted call leaves no partial object under the key.
 *
 * <p>Server-side copy is the optional capability {@link io.github.cosmigrate.spi.capability.ServerSideCopier},
 * found with {@link #capability(Class)}.
 */
public interface Sink extends AutoCloseable {

  /** A description for messages and for the ledger's job identity: type, region, bucket, prefix; never secrets. */
  String describe();

  /** What this sink accepts; constant for the sink's lifetime. */
  SinkLimits limits();

  /** The object under {@code key}, or empty when there is none (HEAD). */
  Optional<ObjectInfo> stat(String key) throws IOException;

  /**
   * Stores {@code length} bytes read from {@code body} under {@code key} in one request. Reads exactly
   * {@code length} bytes; does not close {@code body}.
   */
  PutResult put(String key, InputStream body, long length, ObjectMetadata metadata) throws IOException;

  /** Starts a multipart upload; metadata, storage class and encryption are fixed here for all parts. */
  String initiateMultipart(String key, ObjectMetadata metadata) throws IOException;

  /**
   * Uploads one part; idempotent per part number (a second upload of the same number replaces the first). Parts
   * may be sent in any order and concurrently. Reads exactly {@code length} bytes; does not close {@code body}.
   */
  PartResult uploadPart(String key, String uploadId, int partNumber, InputStream body, long length)
      throws IOException;

  /** The parts the service holds for an upload, sorted by part number (all pages). NOT_FOUND when the upload is gone. */
  List<UploadedPart> listParts(String key, String uploadId) throws IOException;

  /**
   * Completes an upload from the given parts (any order; the sink sorts them). The result's CRC-64 is checked
   * against the combination of the parts' CRC-64s.
   */
  PutResult completeMultipart(String key, String uploadId, List<PartResult> parts) throws IOException;

  /** Aborts an upload and frees its parts. Aborting an upload that no longer exists is not an error. */
  void abortMultipart(String key, String uploadId) throws IOException;

  /** Uploads in progress whose key starts with {@code prefix} (all pages). */
  List<MultipartUpload> listMultipartUploads(String prefix) throws IOException;

  /** Deletes an object; deleting a missing object is not an error. */
  void delete(String key) throws IOException;

  /**
   * This sink as an optional capability (for example {@code ServerSideCopier}), or empty when it has none. A
   * decorator forwards the question to what it wraps, so that wrapping never hides a capability.
   */
  default <T> Optional<T> capability(Class<T> type) {
    return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
  }

  /** Releases clients and connections. Idempotent. */
  @Override
  void close() throws IOException;
}
