package io.github.cosmigrate.error;

/** Thrown when a caller asks a plugin for a capability it does not declare. */
public class CapabilityUnsupportedException extends MigrateException {
  private static final long serialVersionUID = 1L;

  public CapabilityUnsupportedException(String plugin, String capability) {
    super(ErrorKind.UNSUPPORTED, plugin + " does not support " + capability);
  }
}
