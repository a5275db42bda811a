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
   * Starts a multipart upload of an object of {@code objectSize} bytes
   * ({@link io.github.cosmigrate.model.ObjectInfo#UNKNOWN_SIZE} when streamed without a known size) sent in parts of
   * {@code partSize} bytes (every part but the last). The engine calls this one. A sink that needs the sizes
   * overrides it (client-side encryption: the cipher position of each part follows from its number); the default
   * ignores them. The returned id is the sink's handle for the upload: a sink may append its own state to the
   * service's id after a {@value #UPLOAD_ID_STATE}, never a secret (see {@link #serviceUploadId(String)}).
   */
  default String initiateMultipart(String key, ObjectMetadata metadata, long objectSize, long partSize)
      throws IOException {
    return initiateMultipart(key, metadata);
  }

  /** What separates the service's upload id from a sink's own state in an id {@link #initiateMultipart} returns. */
  String UPLOAD_ID_STATE = "#";

  /**
   * The service's upload id within an id {@link #initiateMultipart} returned (what
   * {@link #listMultipartUploads} lists): the part before {@value #UPLOAD_ID_STATE}, or the whole id.
   */
  static String serviceUploadId(String uploadId) {
    int i = uploadId.indexOf(UPLOAD_ID_STATE);
    return i < 0 ? uploadId : uploadId.substring(0, i);
  }

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
