package io.github.cosmigrate.source.cos.internal;

import com.qcloud.cos.exception.CosServiceException;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.sink.cos.internal.CosErrors;
import java.io.IOException;

/**
 * The source's view of cos_api errors: the COS sink's mapping ({@link CosErrors}), with what differs for reading.
 * A failed {@code If-Match} (412) or an unsatisfiable range (416) is {@code SOURCE_CHANGED}; an archived object
 * (InvalidObjectState) is {@code INVALID_INPUT} with the advice to restore it; on the listing, every error that a
 * retry cannot heal stops the run ({@code FATAL_CONFIGURATION}) naming the source bucket.
 */
public final class CosSourceErrors {
  /** What failed: the listing as a whole, or one object. */
  public enum Scope { LISTING, OBJECT }

  /** What the user must do about an archived object. */
  public static final String RESTORE_ADVICE = "the object is archived and cannot be read before it is restored:"
      + " restore it first (COS POST Object restore, or a batch restore job), wait until the restore completes,"
      + " then run the migration again";

  private CosSourceErrors() {}

  /** The exception to throw for {@code e}, raised while doing {@code op} on {@code key} (may be null). */
  public static IOException map(RuntimeException e, Scope scope, String op, String location, String key) {
    IOException mapped = CosErrors.map(e, op, location, key);
    if (!(mapped instanceof MigrateException m)) {
      return mapped; // an interrupt
    }
    String what = op + (key == null ? "" : " '" + key + "'") + " in " + location;
    if (e instanceof CosServiceException s) {
      String code = s.getErrorCode() == null ? "" : s.getErrorCode();
      if (s.getStatusCode() == 412 || s.getStatusCode() == 416 || code.equals("PreconditionFailed")) {
        return new MigrateException(ErrorKind.SOURCE_CHANGED, what + " failed (HTTP " + s.getStatusCode() + "): the"
            + " object changed since it was listed", e);
      }
      if (code.equals("InvalidObjectState")) {
        return new MigrateException(ErrorKind.INVALID_INPUT, what + ": " + RESTORE_ADVICE, e);
      }
    }
    if (scope == Scope.LISTING && !m.retryable() && m.kind() != ErrorKind.FATAL_CONFIGURATION) {
      return new MigrateException(ErrorKind.FATAL_CONFIGURATION, m.getMessage() + ". The source bucket cannot be"
          + " listed: check the source bucket name (name-appid), its region, the source credentials and that they"
          + " may list it", e);
    }
    return m;
  }

  /** cos_api answers a read whose If-Match failed with null. */
  public static MigrateException changed(String what) {
    return new MigrateException(ErrorKind.SOURCE_CHANGED, what + ": the object is no longer the listed version"
        + " (If-Match failed); it changed since it was listed");
  }
}
