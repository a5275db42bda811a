package io.github.cosmigrate.model;

/**
 * What a sink accepts, as data; the engine does the arithmetic (part planning, key checks).
 *
 * @param minPartSize smallest allowed size of a part other than the last
 * @param maxPartSize largest allowed part size
 * @param maxParts largest allowed number of parts in one upload
 * @param maxObjectSize largest object the sink can hold
 * @param maxSinglePutSize largest object one put may send
 * @param maxKeyLength longest key, in UTF-8 bytes
 * @param maxSingleCopySize largest object one server-side copy request may copy; larger ones are copied in parts
 *     (only used with a {@link io.github.cosmigrate.spi.capability.ServerSideCopier})
 */
public record SinkLimits(
    long minPartSize, long maxPartSize, int maxParts, long maxObjectSize, long maxSinglePutSize, int maxKeyLength,
    long maxSingleCopySize) {

  public SinkLimits {
    if (minPartSize <= 0 || maxPartSize < minPartSize || maxParts <= 0 || maxObjectSize <= 0
        || maxSinglePutSize <= 0 || maxKeyLength <= 0 || maxSingleCopySize <= 0) {
      throw new IllegalArgumentException("inconsistent sink limits: " + minPartSize + ".." + maxPartSize
          + " x " + maxParts + ", object " + maxObjectSize + ", single put " + maxSinglePutSize
          + ", key " + maxKeyLength + ", single copy " + maxSingleCopySize);
    }
  }

  /** Limits whose single copy may be as large as a single put. */
  public SinkLimits(
      long minPartSize, long maxPartSize, int maxParts, long maxObjectSize, long maxSinglePutSize, int maxKeyLength) {
    this(minPartSize, maxPartSize, maxParts, maxObjectSize, maxSinglePutSize, maxKeyLength, maxSinglePutSize);
  }

  /** These limits with another single-copy limit (tests force multipart copies with a small one). */
  public SinkLimits withMaxSingleCopySize(long bytes) {
    return new SinkLimits(minPartSize, maxPartSize, maxParts, maxObjectSize, maxSinglePutSize, maxKeyLength, bytes);
  }

  /**
   * COS: parts 1 MiB..5 GiB, 10,000 parts, 48.82 TiB objects, 5 GiB single put, 850-byte keys, 5 GiB single copy
   * (PUT Object - Copy).
   */
  public static SinkLimits cos() {
    return new SinkLimits(1L << 20, 5L << 30, 10_000, 50_000L * (1L << 30), 5L << 30, 850, 5L << 30);
  }

  /** S3 and S3Proxy: non-last parts of at least 5 MiB; 5 GiB single copy. */
  public static SinkLimits s3() {
    return new SinkLimits(5L << 20, 5L << 30, 10_000, 5L << 40, 5L << 30, 1024, 5L << 30);
  }
}
