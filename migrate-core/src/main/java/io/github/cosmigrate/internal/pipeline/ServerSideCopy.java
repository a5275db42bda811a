package io.github.cosmigrate.internal.pipeline;

import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.internal.retry.RetryPolicy;
import io.github.cosmigrate.model.CopyResult;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectLocation;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.Verification;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.capability.ObjectLocator;
import io.github.cosmigrate.spi.capability.ServerSideCopier;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The server-side copy rule (see {@link io.github.cosmigrate.spi.capability}): when the sink is a
 * {@link ServerSideCopier} and the source an {@link ObjectLocator} that locates the object, the object is copied by
 * the service instead of streamed. {@link SmallTransfer} and {@link MultipartTransfer} ask it first; it answers
 * "stream" once the copier refused a copy ({@code UNSUPPORTED}: another account, another endpoint), for that object
 * and every later one of the run. Copies pay the sink's request limiter and pass the reachability guard like any sink
 * request, and add nothing to the bytes transferred. Thread-safe.
 */
final class ServerSideCopy {
  private final ServerSideCopier copier;
  private final ObjectLocator locator;
  private final ReachabilityGuard guard;
  private final AtomicBoolean refused = new AtomicBoolean();

  ServerSideCopy(Sink sink, Source source) {
    this.copier = sink.capability(ServerSideCopier.class).orElse(null);
    this.locator = source.capability(ObjectLocator.class).orElse(null);
    this.guard = sink instanceof ReachabilityGuard g ? g : null;
  }

  /**
   * A copy failed because the copier cannot or may not copy it ({@code UNSUPPORTED}, not retried): the object is
   * streamed instead.
   */
  static final class Refused extends MigrateException {
    private static final long serialVersionUID = 1L;

    Refused(MigrateException cause) {
      super(ErrorKind.UNSUPPORTED, cause.getMessage(), cause);
    }
  }

  /** The CRC-64 of a copy differs from the source's (the copy was deleted). */
  static final class Mismatch extends MigrateException {
    private static final long serialVersionUID = 1L;

    Mismatch(String message) {
      super(ErrorKind.INTEGRITY_MISMATCH, message);
    }
  }

  /** A verified (or unverifiable) copy: what to settle the object with. */
  record Copied(PutResult result, String verifiedBy) {}

  /** True while copies may be tried: both sides can, and no copy of this run was refused. */
  boolean enabled() {
    return copier != null && locator != null && !refused.get();
  }

  /**
   * Where to copy {@code t} from, or empty to stream it. Stats the source first when the task's info lacks the
   * metadata or CRC-64 a copy needs (unless {@code statted}), so that the copy is pinned to the current version.
   */
  Optional<ObjectLocation> locate(ObjectFlow f, ObjectTask t, boolean statted) throws IOException {
    if (!enabled()) {
      return Optional.empty();
    }
    if (!statted && (!f.source.listsMetadata() || t.info.crc64().isEmpty())) {
      t.info = f.source.statListed(t.info);
    }
    return locator.locate(t.info);
  }

  /** Whether {@code info} fits one copy request of the sink. */
  boolean fitsOneCopy(Sink sink, ObjectInfo info) {
    return info.size() <= sink.limits().maxSingleCopySize();
  }

  /**
   * Copies {@code t} in one request and settles it; false when the object is to be streamed (copies disabled, the
   * source does not locate it, it is too large for one copy, or the copier refused: then copies stay off for the
   * run). Other failures are thrown, for the caller's retry.
   */
  boolean copyWhole(ObjectFlow f, ObjectTask t, boolean statted) throws IOException, InterruptedException {
    if (!enabled() || !fitsOneCopy(f.sink, t.info)) {
      return false;
    }
    Optional<ObjectLocation> from = locate(f, t, statted);
    if (from.isEmpty() || !fitsOneCopy(f.sink, t.info)) {
      return false;
    }
    CopyResult r;
    try {
      f.limits.sinkRequest();
      r = call(() -> copier.copy(from.get(), t.destKey, f.metadata(t, t.info)));
    } catch (Refused e) {
      refuse(t.info.key(), e);
      return false;
    }
    f.sinkSuccess();
    if (!f.source.pinsReads()) {
      f.checkUnchanged(t);
    }
    Copied c = verified(f, t, r);
    f.settle.migrated(t, c.result(), c.verifiedBy());
    return true;
  }

  /** Copies one part of a multipart copy; {@link Refused} when the copier refuses it. */
  PartResult copyPart(ObjectFlow f, ObjectLocation from, ObjectTask t, String uploadId, int n, long offset,
      long length) throws IOException, InterruptedException {
    f.limits.sinkRequest();
    return call(() -> copier.copyPart(from, t.destKey, uploadId, n, offset, length));
  }

  /** Completes a multipart copy and verifies it against the source's CRC-64 ({@link Mismatch} when they differ). */
  Copied complete(ObjectFlow f, ObjectTask t, String uploadId, List<PartResult> parts)
      throws IOException, InterruptedException {
    f.limits.sinkRequest();
    CopyResult r = call(() -> copier.completeCopy(t.destKey, uploadId, parts));
    f.sinkSuccess();
    return verified(f, t, r);
  }

  /** Copies stay off for the rest of the run; logged once. */
  void refuse(String key, Throwable why) {
    if (refused.compareAndSet(false, true)) {
      ObjectFlow.LOG.info("server-side copy refused ({}); streaming '{}' and every later object of this run",
          RetryPolicy.reason(why), key);
    }
  }

  /**
   * The copy's result for the ledger: verified when its CRC-64 equals the source's, unverifiable when either is
   * unknown; a difference deletes the copy (best effort) and throws {@link Mismatch}.
   */
  private Copied verified(ObjectFlow f, ObjectTask t, CopyResult r) throws MigrateException {
    OptionalLong source = t.info.crc64();
    if (source.isEmpty() || r.crc64().isEmpty()) {
      return new Copied(new PutResult(r.etag(), r.crc64().orElse(source.orElse(0L)), Verification.UNVERIFIABLE,
          r.versionId()), null);
    }
    if (source.getAsLong() != r.crc64().getAsLong()) {
      String removed;
      try {
        f.limits.sinkRequest();
        f.sink.delete(t.destKey);
        removed = "; the copy was deleted";
      } catch (IOException | RuntimeException e) {
        removed = "; deleting the copy failed too (" + RetryPolicy.reason(e) + ")";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        removed = "";
      }
      throw new Mismatch("CRC-64 of the server-side copy '" + t.destKey + "' ("
          + Long.toUnsignedString(r.crc64().getAsLong()) + ") differs from the CRC-64 the source gave for '"
          + t.info.key() + "' (" + Long.toUnsignedString(source.getAsLong()) + ")" + removed);
    }
    return new Copied(new PutResult(r.etag(), r.crc64().getAsLong(), Verification.VERIFIED, r.versionId()),
        MigrationReport.VERIFIED_SERVER_SIDE_COPY);
  }

  @FunctionalInterface
  private interface Call<T> {
    T call() throws IOException;
  }

  /** Through the reachability guard; an UNSUPPORTED answer becomes {@link Refused}. */
  private <T> T call(Call<T> c) throws IOException {
    try {
      return guard == null ? c.call() : guard.guarded(c::call);
    } catch (MigrateException e) {
      if (e.kind() == ErrorKind.UNSUPPORTED) {
        throw new Refused(e);
      }
      throw e;
    }
  }
}
