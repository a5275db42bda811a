package io.github.cosmigrate.api;

/**
 * How the engine proves what it stored. Whatever the mode, an object whose CRC-64 at the destination differs from
 * the source's fails with {@code INTEGRITY_MISMATCH} and is never recorded as migrated.
 */
public enum VerifyMode {
  /**
   * Compare the CRC-64/XZ of the bytes read from the source with the CRC-64 the sink returns for what it stored
   * (COS's {@code x-cos-hash-crc64ecma}), and with the source's own CRC-64 when it gives one. An object the sink
   * returns no checksum for is migrated and counted unverifiable, with the reason. The default: it costs no extra
   * request.
   */
  CRC64,
  /**
   * As {@link #CRC64}, and an object the sink returned no checksum for is read back from the sink in full (one GET,
   * when the sink is an {@link io.github.cosmigrate.spi.capability.ObjectReader}) and its CRC-64 compared with the
   * source's: verified by {@value MigrationReport#VERIFIED_CONTENT_REREAD}, or {@code INTEGRITY_MISMATCH} (the
   * stored object deleted, the object retried). Costs a download of each such object. A sink that cannot be read
   * leaves those objects unverifiable, with that reason. Objects an earlier run recorded as unverifiable are not
   * "unchanged" for {@link SkipMode#LEDGER} in this mode: they are sent again and read back.
   */
  REREAD
}
