package io.github.cosmigrate.ledger.rocksdb.internal;

/**
 * A stored record cannot be decoded: an unknown format version (written by a newer cos-migrate) or damaged
 * bytes. The ledger turns it into a {@code MigrateException} that names the store path.
 */
public final class RecordFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RecordFormatException(String message) {
    super(message);
  }

  public RecordFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
