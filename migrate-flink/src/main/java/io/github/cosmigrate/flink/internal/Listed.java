package io.github.cosmigrate.flink.internal;

import io.github.cosmigrate.model.SourceEntry;

/**
 * One element of the listing stream: an entry the source listed (in {@link Descriptors}' binary form), keyed by its
 * source key; or the one element that says the listing stopped early ({@link #listingError}). A Flink POJO (public
 * fields, no-arg constructor), so Flink serializes it without Kryo.
 */
public final class Listed {
  /** The source key; the stream is partitioned by it. */
  public String key;
  /** The entry, or null for a listing error. */
  public byte[] entry;
  /** Why the listing stopped early, or null. */
  public String listingError;

  public Listed() {}

  public static Listed of(SourceEntry e) {
    Listed l = new Listed();
    l.key = e.key();
    l.entry = Descriptors.toBytes(e);
    return l;
  }

  public static Listed listingStopped(String reason) {
    Listed l = new Listed();
    l.key = "";
    l.listingError = reason;
    return l;
  }

  public SourceEntry decode() {
    return Descriptors.fromBytes(entry);
  }

  @Override
  public String toString() {
    return listingError != null ? "Listed[listing stopped: " + listingError + "]" : "Listed[" + key + "]";
  }
}
