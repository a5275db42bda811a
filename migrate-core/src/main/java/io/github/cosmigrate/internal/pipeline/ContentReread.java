package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.VerifyMode;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.internal.retry.RetryPolicy;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.Verification;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.capability.ObjectReader;
import io.github.cosmigrate.spi.capability.TransformsContent;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@link VerifyMode#REREAD} rule: an object the sink stored without a checksum to compare is read back from the
 * sink (an {@link ObjectReader}, one GET through the request limiter and the reachability guard), its CRC-64
 * computed here and compared with the source's. Equal: verified by {@value MigrationReport#VERIFIED_CONTENT_REREAD}.
 * Different: the stored object is deleted (best effort) and {@code INTEGRITY_MISMATCH} is thrown, for the caller's
 * retry. A read that fails is the attempt's failure, retried like any other. A sink that cannot be read leaves the
 * object unverifiable, with that reason. Thread-safe.
 */
final class ContentReread {
  private static final int BUFFER = 64 * 1024;

  private final boolean on;
  private final ObjectReader reader;
  private final ReachabilityGuard guard;

  ContentReread(Sink sink, VerifyMode mode) {
    // a sink that transforms content verified what it sent; the plaintext's CRC-64 to compare with is not kept
    this.on = mode == VerifyMode.REREAD && sink.capability(TransformsContent.class).isEmpty();
    this.reader = sink.capability(ObjectReader.class).orElse(null);
    this.guard = sink instanceof ReachabilityGuard g ? g : null;
  }

  /** The result to settle an object with, and how it was verified (null: unverifiable). */
  record Verdict(PutResult result, String verifiedBy) {}

  /** Whether an object verified by {@code verifiedBy} (null: not verified) is to be read back. */
  boolean applies(String verifiedBy) {
    return on && verifiedBy == null;
  }

  /**
   * Reads back the stored object of {@code t} and compares its CRC-64 with {@code expected}.
   *
   * @param r what the sink answered for the object (unverifiable)
   * @param expected the CRC-64 of the source's bytes (as read and sent, or as the source gave it); empty to read the
   *     source for it (a server-side copy of a source that gave none). The size compared is {@link ObjectTask#size()}
   *     (for an object listed with an unknown size, the bytes read)
   */
  Verdict check(ObjectFlow f, ObjectTask t, PutResult r, OptionalLong expected)
      throws IOException, InterruptedException {
    if (reader == null) {
      String why = r.unverifiableReason().orElse(MigrationReport.UNVERIFIABLE_NO_SINK_CRC)
          + "; this destination cannot be read back";
      return new Verdict(new PutResult(r.etag(), r.crc64(), Verification.UNVERIFIABLE, r.versionId(),
          Optional.of(why)), null);
    }
    long want = expected.isPresent() ? expected.getAsLong() : f.sourceCrc(t.info);
    f.limits.sinkRequest();
    Crc64 crc = new Crc64();
    long size = 0;
    try (InputStream in = f.metered(guard == null ? reader.read(t.destKey) : guard.guarded(() ->
        reader.read(t.destKey)))) {
      byte[] buf = new byte[BUFFER];
      int n;
      while ((n = in.read(buf)) > 0) {
        crc.update(buf, 0, n);
        size += n;
      }
    }
    f.sinkSuccess();
    long got = crc.getValue();
    if (got == want && size == t.size()) {
      return new Verdict(r.verifiedAs(got), MigrationReport.VERIFIED_CONTENT_REREAD);
    }
    throw new MigrateException(ErrorKind.INTEGRITY_MISMATCH, "'" + t.destKey + "' read back from the destination ("
        + size + " bytes, CRC-64 " + Long.toUnsignedString(got) + ") differs from the source '" + t.info.key()
        + "' (" + t.size() + " bytes, CRC-64 " + Long.toUnsignedString(want) + ")" + delete(f, t.destKey));
  }

  private static String delete(ObjectFlow f, String destKey) {
    try {
      f.limits.sinkRequest();
      f.sink.delete(destKey);
      return "; the stored object was deleted";
    } catch (IOException | RuntimeException e) {
      return "; deleting it failed too (" + RetryPolicy.reason(e) + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
