package io.github.cosmigrate.sink.cos.internal;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.UploadedPart;
import io.github.cosmigrate.sink.cos.ClientEncryptionKey;
import io.github.cosmigrate.spi.ForwardingSink;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.capability.ObjectReader;
import io.github.cosmigrate.spi.capability.ServerSideCopier;
import io.github.cosmigrate.spi.capability.TransformsContent;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Client-side encryption in front of the COS sink, in the layout of cos_api's {@code COSEncryptionClient}
 * ({@code CryptoMode.AesCtrEncryption}, metadata storage): every object gets a fresh {@link Envelope}; its content is
 * sent as AES/CTR ciphertext of the same length, and its metadata carries, as cos_api writes them,
 * {@code x-cos-meta-client-side-encryption-key} (the wrapped CEK, base64), {@code -start} (the encrypted IV,
 * base64), {@code -cek-alg} ({@value Envelope#CEK_ALGORITHM}), {@code -wrap-alg}, and for a single put
 * {@code -unencrypted-content-length}, for a multipart upload {@code -data-size} and {@code -part-size}.
 *
 * <p>Multipart uploads: each part is encrypted alone from its offset, {@code (partNumber - 1) × partSize}, so parts
 * go in parallel and in any order, and an upload resumes in another process. The upload id handed to the engine
 * (and kept in the ledger's checkpoint) is the service's id followed by {@value Sink#UPLOAD_ID_STATE}
 * {@code cse1:<partSize>:<wrapped CEK>:<encrypted IV>} (base64url): what the object's metadata holds anyway, never
 * the plaintext data key; a resumed upload unwraps the CEK again with the key-encrypting key.
 *
 * <p>Verification: the delegate's CRC-64 is that of the ciphertext it sent, compared with COS's
 * ({@link TransformsContent}). No server-side copy (it would store plaintext). Its {@link ObjectReader} reads an
 * object back decrypted (a HEAD for the envelope, then the GET): {@code cos-migrate verify} compares the plaintext's
 * CRC-64 with the source's that way.
 */
public final class EncryptingSink extends ForwardingSink implements TransformsContent {
  /** cos_api's user-metadata names ({@code com.qcloud.cos.Headers.ENCRYPTION_*}), sent as {@code x-cos-meta-*}. */
  public static final String META_KEY = "client-side-encryption-key";
  public static final String META_START = "client-side-encryption-start";
  public static final String META_CEK_ALG = "client-side-encryption-cek-alg";
  public static final String META_WRAP_ALG = "client-side-encryption-wrap-alg";
  public static final String META_PLAIN_LENGTH = "client-side-encryption-unencrypted-content-length";
  public static final String META_DATA_SIZE = "client-side-encryption-data-size";
  public static final String META_PART_SIZE = "client-side-encryption-part-size";
  private static final String STATE = Sink.UPLOAD_ID_STATE + "cse1:";

  private final ClientEncryptionKey kek;
  private final String location;

  public EncryptingSink(Sink delegate, ClientEncryptionKey kek) {
    super(delegate);
    this.kek = kek;
    this.location = delegate.describe();
  }

  @Override
  public String transformation() {
    return "client-side encryption (" + Envelope.CEK_ALGORITHM + ", data key wrapped with "
        + kek.wrapAlgorithm() + ")";
  }

  @Override
  public PutResult put(String key, InputStream body, long length, ObjectMetadata metadata) throws IOException {
    Envelope e = fresh(key);
    ObjectMetadata.Builder m = withEnvelope(key, metadata, e);
    m.putUserMetadata(META_PLAIN_LENGTH, Long.toString(length));
    return delegate().put(key, encrypt(e, body, 0, key), length, m.build());
  }

  @Override
  public String initiateMultipart(String key, ObjectMetadata metadata) throws IOException {
    throw new MigrateException(ErrorKind.INVALID_INPUT, "client-side encryption of '" + key + "' in " + location
        + ": a multipart upload needs the object and part sizes (Sink.initiateMultipart with sizes)");
  }

  @Override
  public String initiateMultipart(String key, ObjectMetadata metadata, long objectSize, long partSize)
      throws IOException {
    if (partSize <= 0) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "client-side encryption of '" + key + "': part size "
          + partSize + " is not positive");
    }
    Envelope e = fresh(key);
    ObjectMetadata.Builder m = withEnvelope(key, metadata, e);
    m.putUserMetadata(META_DATA_SIZE, Long.toString(objectSize));
    m.putUserMetadata(META_PART_SIZE, Long.toString(partSize));
    String id = delegate().initiateMultipart(key, m.build(), objectSize, partSize);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return id + STATE + partSize + ":" + b64.encodeToString(e.wrappedCek()) + ":"
        + b64.encodeToString(e.securedIv());
  }

  @Override
  public PartResult uploadPart(String key, String uploadId, int partNumber, InputStream body, long length)
      throws IOException {
    Upload u = parse(key, uploadId);
    if (partNumber < 1) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "part " + partNumber + " of '" + key + "': part numbers"
          + " start at 1");
    }
    Envelope e;
    try {
      e = Envelope.open(kek, u.wrappedCek, u.securedIv);
    } catch (GeneralSecurityException ex) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "upload " + u.serviceId + " of '" + key + "' in "
          + location + " was started with another client-side encryption key than " + kek + " ("
          + ex.getClass().getSimpleName() + "): give the key it was started with, or abort the upload", ex);
    }
    long offset = (partNumber - 1L) * u.partSize;
    return delegate().uploadPart(key, u.serviceId, partNumber, encrypt(e, body, offset, key), length);
  }

  @Override
  public List<UploadedPart> listParts(String key, String uploadId) throws IOException {
    return delegate().listParts(key, Sink.serviceUploadId(uploadId));
  }

  @Override
  public PutResult completeMultipart(String key, String uploadId, List<PartResult> parts) throws IOException {
    return delegate().completeMultipart(key, Sink.serviceUploadId(uploadId), parts);
  }

  @Override
  public void abortMultipart(String key, String uploadId) throws IOException {
    delegate().abortMultipart(key, Sink.serviceUploadId(uploadId));
  }

  @Override
  public <T> Optional<T> capability(Class<T> type) {
    if (type == ServerSideCopier.class) {
      return Optional.empty();
    }
    if (type == ObjectReader.class) {
      return delegate().capability(ObjectReader.class).map(r -> type.cast((ObjectReader) k -> decrypted(r, k)));
    }
    if (type.isInstance(this)) {
      return Optional.of(type.cast(this));
    }
    return delegate().capability(type);
  }

  @Override
  public String toString() {
    return "EncryptingSink[" + location + ", " + kek + "]";
  }

  /**
   * The plaintext of {@code key}: its envelope from a HEAD, opened with the key-encrypting key, then the content
   * (one GET) decrypted as it is read. An object replaced between the two requests reads as garbage (a CRC-64 that
   * differs), never as a match.
   */
  private InputStream decrypted(ObjectReader raw, String key) throws IOException {
    ObjectInfo info = delegate().stat(key).orElseThrow(() -> new MigrateException(ErrorKind.NOT_FOUND, "read back '"
        + key + "' in " + location + ": no such object"));
    Map<String, String> meta = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    meta.putAll(info.metadata().userMetadata());
    String wrapped = meta.get(META_KEY);
    String start = meta.get(META_START);
    if (wrapped == null || start == null) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "'" + key + "' in " + location + " is not client-side"
          + " encrypted (no x-cos-meta-" + META_KEY + " or -start)");
    }
    String alg = meta.get(META_CEK_ALG);
    if (!Envelope.CEK_ALGORITHM.equals(alg)) {
      throw new MigrateException(ErrorKind.UNSUPPORTED, "'" + key + "' in " + location + " is encrypted with "
          + alg + "; cos-migrate reads " + Envelope.CEK_ALGORITHM + " only (read it with COSEncryptionClient)");
    }
    Envelope e;
    try {
      e = Envelope.open(kek, Base64.getDecoder().decode(wrapped.trim()), Base64.getDecoder().decode(start.trim()));
    } catch (GeneralSecurityException | IllegalArgumentException ex) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "'" + key + "' in " + location + " was encrypted"
          + " with another key than " + kek + " (" + ex.getClass().getSimpleName() + ")", ex);
    }
    InputStream in = raw.read(key);
    try {
      return e.encrypt(in, 0); // CTR: decrypting is the same operation
    } catch (GeneralSecurityException ex) {
      in.close();
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "decrypting '" + key + "': "
          + ex.getClass().getSimpleName(), ex);
    }
  }

  private Envelope fresh(String key) throws MigrateException {
    try {
      return Envelope.fresh(kek);
    } catch (GeneralSecurityException e) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "client-side encryption of '" + key + "': this"
          + " Java runtime cannot " + kek.wrapAlgorithm() + " or AES/CTR (" + e.getClass().getSimpleName() + ")",
          e);
    }
  }

  private static InputStream encrypt(Envelope e, InputStream body, long offset, String key)
      throws MigrateException {
    try {
      return e.encrypt(body, offset);
    } catch (GeneralSecurityException ex) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "client-side encryption of '" + key + "': "
          + ex.getClass().getSimpleName(), ex);
    }
  }

  /** The metadata with the envelope's entries; an object encrypted already (its source's envelope) is refused. */
  private ObjectMetadata.Builder withEnvelope(String key, ObjectMetadata metadata, Envelope e)
      throws MigrateException {
    for (String name : metadata.userMetadata().keySet()) {
      if (name.toLowerCase(Locale.ROOT).startsWith("client-side-encryption-")) {
        throw new MigrateException(ErrorKind.INVALID_INPUT, "'" + key + "' is client-side encrypted already (its"
            + " metadata has " + name + "): encrypting it again would lose the key of its content; migrate it"
            + " without client-side encryption to keep it as it is");
      }
    }
    Base64.Encoder b64 = Base64.getEncoder();
    return metadata.toBuilder()
        .putUserMetadata(META_KEY, b64.encodeToString(e.wrappedCek()))
        .putUserMetadata(META_START, b64.encodeToString(e.securedIv()))
        .putUserMetadata(META_CEK_ALG, Envelope.CEK_ALGORITHM)
        .putUserMetadata(META_WRAP_ALG, kek.wrapAlgorithm());
  }

  private record Upload(String serviceId, long partSize, byte[] wrappedCek, byte[] securedIv) {}

  private Upload parse(String key, String uploadId) throws MigrateException {
    int i = uploadId.indexOf(STATE);
    if (i > 0) {
      String[] f = uploadId.substring(i + STATE.length()).split(":", -1);
      if (f.length == 3) {
        try {
          Base64.Decoder d = Base64.getUrlDecoder();
          return new Upload(uploadId.substring(0, i), Long.parseLong(f[0]), d.decode(f[1]), d.decode(f[2]));
        } catch (IllegalArgumentException ignored) {
          // fall through to the error below
        }
      }
    }
    throw new MigrateException(ErrorKind.INVALID_INPUT, "upload '" + Sink.serviceUploadId(uploadId) + "' of '" + key
        + "' in " + location + " was not started with client-side encryption (its id carries no encrypted data"
        + " key): abort it, or run without client-side encryption");
  }
}
