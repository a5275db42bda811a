package io.github.cosmigrate.internal.pipeline;

/** One part of a large object, from its issue to its end (its slot and bytes are held throughout). */
final class PartJob {
  final int partNumber;
  final long reserved;
  int attempts;
  byte[] buffer;
  /** The bytes of {@link #buffer} that belong to the part (a streamed part may not fill it). */
  int length;

  PartJob(int partNumber, long reserved) {
    this.partNumber = partNumber;
    this.reserved = reserved;
  }
}
