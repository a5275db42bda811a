package io.github.cosmigrate.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Names one migration job: where from and where to. A ledger store belongs to exactly one job identity, so
 * two jobs never share records or cursors. The descriptions must name everything that identifies the data
 * (type, endpoint, bucket, prefix or root path) and nothing secret.
 *
 * @param source e.g. {@code local:/data/photos} or {@code s3:https://s3.amazonaws.com/bucket/prefix/}
 * @param destination e.g. {@code cos:ap-guangzhou/bucket-1250000000/backup/}
 */
public record JobIdentity(String source, String destination) {
  public JobIdentity {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
  }

  /** A short, stable, file-name-safe id: the first 16 hex digits of SHA-256 over both descriptions. */
  public String id() {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(source.getBytes(StandardCharsets.UTF_8));
      d.update((byte) 0);
      d.update(destination.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
