package io.github.cosmigrate.sink.cos.internal;

import io.github.cosmigrate.sink.cos.ClientEncryptionKey;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;

/**
 * One object's content encryption as cos_api 5.6.x's {@code COSEncryptionClient} does it in
 * {@code CryptoMode.AesCtrEncryption} with {@code CryptoStorageMode.ObjectMetadata}: a fresh AES-256 data key (CEK)
 * and a fresh 16-byte IV; the content is {@code AES/CTR/NoPadding} from that IV, of the plaintext's length; the CEK
 * is wrapped ({@code Cipher.wrap}) and the IV encrypted ({@code Cipher.doFinal}) with the key-encrypting key, both by
 * its {@link ClientEncryptionKey#wrapAlgorithm()}. The SDK encrypts a multipart upload as one cipher stream over its
 * parts in order; CTR lets any part be encrypted alone from its byte offset (the counter advanced by offset/16
 * blocks, offset%16 key-stream bytes skipped), the same bytes in parallel and after a restart.
 *
 * @param cek the data key (plaintext; in memory only, never stored, logged or put in an upload id)
 * @param iv the initial counter block
 * @param wrappedCek the CEK wrapped with the key-encrypting key (stored in metadata and upload ids)
 * @param securedIv the IV encrypted with the key-encrypting key (stored in metadata and upload ids)
 */
public record Envelope(SecretKey cek, byte[] iv, byte[] wrappedCek, byte[] securedIv) {
  /** {@code x-cos-meta-client-side-encryption-cek-alg}. */
  public static final String CEK_ALGORITHM = "AES/CTR/NoPadding";
  private static final int BLOCK = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A fresh data key and IV, secured with {@code kek}. */
  public static Envelope fresh(ClientEncryptionKey kek) throws GeneralSecurityException {
    KeyGenerator g = KeyGenerator.getInstance("AES");
    g.init(256, RANDOM);
    SecretKey cek = g.generateKey();
    byte[] iv = new byte[BLOCK];
    RANDOM.nextBytes(iv);
    Cipher wrap = Cipher.getInstance(kek.wrapAlgorithm());
    wrap.init(Cipher.WRAP_MODE, kek.encryptingKey(), RANDOM);
    byte[] wrapped = wrap.wrap(cek);
    Cipher ivc = Cipher.getInstance(kek.wrapAlgorithm());
    ivc.init(Cipher.ENCRYPT_MODE, kek.encryptingKey(), RANDOM);
    return new Envelope(cek, iv, wrapped, ivc.doFinal(iv));
  }

  /** The envelope whose secured parts are given, opened with {@code kek} (to resume an upload). */
  public static Envelope open(ClientEncryptionKey kek, byte[] wrappedCek, byte[] securedIv)
      throws GeneralSecurityException {
    Cipher unwrap = Cipher.getInstance(kek.wrapAlgorithm());
    unwrap.init(Cipher.UNWRAP_MODE, kek.decryptingKey());
    SecretKey cek = (SecretKey) unwrap.unwrap(wrappedCek, "AES", Cipher.SECRET_KEY);
    Cipher ivc = Cipher.getInstance(kek.wrapAlgorithm());
    ivc.init(Cipher.DECRYPT_MODE, kek.decryptingKey());
    byte[] iv = ivc.doFinal(securedIv);
    if (iv.length != BLOCK) {
      throw new GeneralSecurityException("the IV has " + iv.length + " bytes, not 16");
    }
    return new Envelope(cek, iv, wrappedCek, securedIv);
  }

  /** A cipher positioned at byte {@code offset} of the content ({@code mode}: encrypt or decrypt, the same for CTR). */
  public Cipher cipherAt(long offset) throws GeneralSecurityException {
    if (offset < 0) {
      throw new IllegalArgumentException("negative offset " + offset);
    }
    Cipher c = Cipher.getInstance(CEK_ALGORITHM);
    c.init(Cipher.ENCRYPT_MODE, cek, new IvParameterSpec(counter(iv, offset / BLOCK)));
    int skip = (int) (offset % BLOCK);
    if (skip > 0) {
      c.update(new byte[skip]);
    }
    return c;
  }

  /** {@code iv + blocks} as a 128-bit big-endian counter, as the JDK's CTR mode increments it. */
  static byte[] counter(byte[] iv, long blocks) {
    byte[] c = Arrays.copyOf(iv, BLOCK);
    long carry = blocks;
    for (int i = BLOCK - 1; i >= 0 && carry != 0; i--) {
      long sum = (c[i] & 0xFF) + (carry & 0xFF);
      c[i] = (byte) sum;
      carry = (carry >>> 8) + (sum >>> 8);
    }
    return c;
  }

  /** {@code plain} encrypted from byte {@code offset} of the content, read as it is read. */
  public InputStream encrypt(InputStream plain, long offset) throws GeneralSecurityException {
    return new CtrStream(plain, cipherAt(offset));
  }

  @Override
  public String toString() {
    return "Envelope[" + CEK_ALGORITHM + "]"; // never the key or the IV
  }

  /**
   * Encrypts (or decrypts) as it reads; CTR gives one output byte per input byte. Not markable. Reads into its own
   * buffer (at most 64 KiB) and ciphers into the caller's: the JDK's CTR is several times slower in place.
   */
  private static final class CtrStream extends FilterInputStream {
    private static final int BUFFER = 64 * 1024;
    private final Cipher cipher;
    private byte[] plain = new byte[0];

    CtrStream(InputStream in, Cipher cipher) {
      super(in);
      this.cipher = cipher;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      int want = Math.min(len, BUFFER);
      if (plain.length < want) {
        plain = new byte[Math.max(want, Math.min(BUFFER, 2 * plain.length))];
      }
      int n = in.read(plain, 0, want);
      if (n > 0) {
        try {
          int out = cipher.update(plain, 0, n, b, off);
          if (out != n) {
            throw new IOException("the CTR cipher returned " + out + " bytes for " + n);
          }
        } catch (javax.crypto.ShortBufferException e) {
          throw new IOException("CTR encryption failed", e);
        }
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      throw new IOException("an encrypting stream cannot skip");
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
      // not markable: the cipher cannot go back
    }

    @Override
    public synchronized void reset() throws IOException {
      throw new IOException("an encrypting stream cannot be reset");
    }
  }
}
