package io.github.cosmigrate.spi.capability;

/**
 * A sink that stores other bytes than it is given, of the same length (client-side encryption): the CRC-64 it
 * returns for a put, part or completion is that of the bytes it sent (the ciphertext), checked against the
 * service's, so it cannot equal a CRC-64 of the source's content. The engine then compares no source CRC-64 with
 * the sink's, never judges an object "same at destination" by its CRC-64, and counts such objects as verified by
 * {@value io.github.cosmigrate.api.MigrationReport#VERIFIED_SENT_CIPHERTEXT}: what the service stored equals what
 * was sent; the plaintext at the destination was not compared with the source. Such a sink offers no
 * {@link ServerSideCopier} (a copy would store the plaintext); its {@link ObjectReader}, if any, reads the content
 * back as it was given (decrypted), and the engine's {@link io.github.cosmigrate.api.VerifyMode#REREAD} does not
 * apply to it (what it would compare the read-back with is not kept).
 */
public interface TransformsContent {
  /** How the stored bytes derive from the given ones, for messages (e.g. "client-side encryption, AES/CTR"). */
  String transformation();
}
