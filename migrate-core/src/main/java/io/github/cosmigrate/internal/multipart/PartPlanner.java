package io.github.cosmigrate.internal.multipart;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.SinkLimits;

/**
 * Plans the parts of a multipart upload from the preferred part size and the sink's limits. Pure arithmetic.
 *
 * <p>Rules, in order: start from the preferred size; grow it to {@code ceil(size / maxParts)} when the object
 * would need more parts than the sink allows; round up to a whole MiB; raise to the sink's minimum; lower to the
 * sink's maximum. An object larger than the sink's {@code maxObjectSize}, or one that would still need more than
 * {@code maxParts} parts of the largest size, is {@link ErrorKind#INVALID_INPUT}.
 */
public final class PartPlanner {
  /** One MiB: planned part sizes are whole multiples of it (unless the sink's bounds say otherwise). */
  public static final long MIB = 1L << 20;

  private PartPlanner() {}

  /**
   * A plan.
   *
   * @param objectSize total bytes
   * @param partSize size of every part but the last
   * @param partCount number of parts, at least 1
   */
  public record Plan(long objectSize, long partSize, int partCount) {
    public Plan {
      if (objectSize < 0 || partSize <= 0 || partCount < 1) {
        throw new IllegalArgumentException("bad plan " + objectSize + "/" + partSize + "/" + partCount);
      }
    }

    /** Offset of a 1-based part. */
    public long offset(int partNumber) {
      return (partNumber - 1) * partSize;
    }

    /** Length of a 1-based part. */
    public long length(int partNumber) {
      if (partNumber < partCount) {
        return partSize;
      }
      return objectSize - (long) (partCount - 1) * partSize;
    }
  }

  /** Plans {@code size} bytes for {@code key} (the key only names the object in errors). */
  public static Plan plan(String key, long size, long preferredPartSize, SinkLimits limits) throws MigrateException {
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    if (preferredPartSize <= 0) {
      throw new IllegalArgumentException("preferred part size must be > 0, was " + preferredPartSize);
    }
    if (size > limits.maxObjectSize()) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "object '" + key + "' is " + size
          + " bytes, larger than the destination allows (" + limits.maxObjectSize() + " bytes); it cannot be migrated");
    }
    long part = preferredPartSize;
    long needed = ceilDiv(size, limits.maxParts());
    if (needed > part) {
      part = needed;
    }
    part = ceilDiv(part, MIB) * MIB;
    part = Math.max(part, limits.minPartSize());
    part = Math.min(part, limits.maxPartSize());
    long count = Math.max(1, ceilDiv(size, part));
    if (count > limits.maxParts()) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "object '" + key + "' is " + size
          + " bytes and would need " + count + " parts of the largest size " + limits.maxPartSize()
          + "; the destination allows " + limits.maxParts() + " parts");
    }
    return new Plan(size, part, (int) count);
  }

  /**
   * The plan for an object of unknown size read as one stream: parts of the preferred size (rounded up to a whole
   * MiB and bounded by the sink's part sizes, as in {@link #plan}), as many as the sink allows. Its
   * {@code objectSize} is the most such an upload can hold, {@code min(partSize × maxParts, maxObjectSize)}, and its
   * {@code partCount} the parts that takes; the object ends wherever its stream ends, at or before them.
   */
  public static Plan streaming(long preferredPartSize, SinkLimits limits) {
    if (preferredPartSize <= 0) {
      throw new IllegalArgumentException("preferred part size must be > 0, was " + preferredPartSize);
    }
    long part = ceilDiv(preferredPartSize, MIB) * MIB;
    part = Math.min(Math.max(part, limits.minPartSize()), limits.maxPartSize());
    long most = part > limits.maxObjectSize() / limits.maxParts() ? limits.maxObjectSize() : part * limits.maxParts();
    most = Math.min(most, limits.maxObjectSize());
    return new Plan(most, part, (int) Math.max(1, ceilDiv(most, part)));
  }

  private static long ceilDiv(long a, long b) {
    return a == 0 ? 0 : (a + b - 1) / b;
  }
}
