package io.github.cosmigrate.sink.cos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key-encrypting key (master key) of client-side encryption, as cos_api's {@code COSEncryptionClient} uses it
 * with {@code EncryptionMaterials}: every object gets a fresh AES-256 data key (CEK) and IV, both stored in the
 * object's metadata encrypted with this key, never in clear.
 *
 * <p>Two kinds, read from a file by {@link #load(Path)}:
 * <ul>
 *   <li>a symmetric AES key: a file of exactly 16, 24 or 32 raw bytes (AES-128/192/256; the original
 *       cos_migrate_tool's {@code keyPath} file, {@code new SecretKeySpec(bytes, "AES")} in the SDK); the data key
 *       and IV are wrapped with {@code AESWrap};</li>
 *   <li>an RSA key pair: a PEM file holding the PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}, e.g.
 *       {@code openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048}), the public key derived from it;
 *       wrapped with {@code RSA/ECB/OAEPWithSHA-256AndMGF1Padding} ({@code new EncryptionMaterials(KeyPair)} in the
 *       SDK). The private key is needed to resume an interrupted multipart upload (its data key is unwrapped).</li>
 * </ul>
 *
 * <p>{@link #toString()} never shows key material; error messages name the file, never its bytes.
 */
public final class ClientEncryptionKey {
  /** cos_api's key-wrap algorithm for an AES key-encrypting key. */
  public static final String AES_WRAP = "AESWrap";
  /** cos_api's key-wrap algorithm for an RSA key-encrypting key. */
  public static final String RSA_WRAP = "RSA/ECB/OAEPWithSHA-256AndMGF1Padding";

  private final Key encrypting;
  private final Key decrypting;
  private final String wrapAlgorithm;
  private final String describe;

  private ClientEncryptionKey(Key encrypting, Key decrypting, String wrapAlgorithm, String describe) {
    this.encrypting = encrypting;
    this.decrypting = decrypting;
    this.wrapAlgorithm = wrapAlgorithm;
    this.describe = describe;
  }

  /** A symmetric key of 16, 24 or 32 bytes (copied). */
  public static ClientEncryptionKey aes(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length != 16 && key.length != 24 && key.length != 32) {
      throw new IllegalArgumentException("an AES key has 16, 24 or 32 bytes, this one " + key.length);
    }
    SecretKey k = new SecretKeySpec(key, "AES");
    return new ClientEncryptionKey(k, k, AES_WRAP, "AES-" + key.length * 8);
  }

  /** An RSA key pair given by its private key (with CRT parameters, as PKCS#8 files hold it). */
  public static ClientEncryptionKey rsa(RSAPrivateCrtKey privateKey) {
    Objects.requireNonNull(privateKey, "privateKey");
    PublicKey pub;
    try {
      pub = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(privateKey.getModulus(),
          privateKey.getPublicExponent()));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot derive the RSA public key: " + e.getClass().getSimpleName(), e);
    }
    if (privateKey.getModulus().bitLength() < 2048) {
      throw new IllegalArgumentException("the RSA key has " + privateKey.getModulus().bitLength()
          + " bits; use at least 2048");
    }
    return new ClientEncryptionKey(pub, privateKey, RSA_WRAP, "RSA-" + privateKey.getModulus().bitLength());
  }

  /**
   * Reads the key from {@code file}: a PEM PKCS#8 RSA private key when the file starts with {@code -----BEGIN},
   * otherwise 16, 24 or 32 raw bytes of an AES key.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it (unreadable, a directory, a wrong
   *     length, not an RSA private key); never showing its content
   */
  public static ClientEncryptionKey load(Path file) {
    Objects.requireNonNull(file, "file");
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException("'" + file + "' is a directory, not a key file (the original tool's"
          + " default keyPath '/' is a directory too): give the file holding the key");
    }
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > 64 * 1024) {
        throw new IllegalArgumentException("'" + file + "' has " + size + " bytes, too many for a key file");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      String why = e instanceof java.nio.file.NoSuchFileException ? "no such file"
          : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : "an I/O error";
      throw new IllegalArgumentException("cannot read the key file '" + file + "' (" + why + ")");
    }
    try {
      if (startsWith(bytes, "-----BEGIN")) {
        return pem(file, new String(bytes, StandardCharsets.US_ASCII));
      }
      if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
        throw new IllegalArgumentException("the key file '" + file + "' has " + bytes.length + " bytes; an AES key"
            + " file holds exactly 32 raw bytes (AES-256; 16 or 24 for AES-128/192), e.g. from"
            + " 'head -c 32 /dev/urandom > " + file.getFileName() + "', or give a PEM PKCS#8 RSA private key (a"
            + " text file of base64 or a trailing newline is not a raw key)");
      }
      return aes(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static ClientEncryptionKey pem(Path file, String text) {
    if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
      throw new IllegalArgumentException("the key file '" + file + "' is PEM but not a PKCS#8 private key"
          + " (-----BEGIN PRIVATE KEY-----); convert an RSA key with 'openssl pkcs8 -topk8 -nocrypt'");
    }
    String b64 = text.substring(text.indexOf("-----BEGIN PRIVATE KEY-----") + 27);
    int end = b64.indexOf("-----END PRIVATE KEY-----");
    if (end < 0) {
      throw new IllegalArgumentException("the key file '" + file + "' has no -----END PRIVATE KEY----- line");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(b64.substring(0, end));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the key file '" + file + "' holds no valid base64 between its PEM lines");
    }
    PrivateKey k;
    try {
      k = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the key file '" + file + "' is not an RSA private key ("
          + e.getClass().getSimpleName() + "); client-side encryption takes an AES key or an RSA key pair");
    } finally {
      Arrays.fill(der, (byte) 0);
    }
    if (!(k instanceof RSAPrivateCrtKey crt)) {
      throw new IllegalArgumentException("the key file '" + file + "' holds an RSA key without its public part");
    }
    try {
      return rsa(crt);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the key file '" + file + "': " + e.getMessage(), e);
    }
  }

  private static boolean startsWith(byte[] bytes, String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
    int i = 0;
    while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t')) {
      i++;
    }
    return bytes.length - i >= p.length && Arrays.equals(bytes, i, i + p.length, p, 0, p.length);
  }

  /** The key that wraps data keys and IVs (the AES key, or the RSA public key). */
  public Key encryptingKey() {
    return encrypting;
  }

  /** The key that unwraps them (the AES key, or the RSA private key). */
  public Key decryptingKey() {
    return decrypting;
  }

  /** The SDK's name of the wrapping, stored as {@code x-cos-meta-client-side-encryption-wrap-alg}. */
  public String wrapAlgorithm() {
    return wrapAlgorithm;
  }

  /** The kind and size of the key, never the key or a hash of it. */
  @Override
  public String toString() {
    return "ClientEncryptionKey[" + describe + "]";
  }
}
