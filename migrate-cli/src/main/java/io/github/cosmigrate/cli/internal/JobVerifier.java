package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.internal.retry.Backoff;
import io.github.cosmigrate.internal.retry.RetryPolicy;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceEntry;
import io.github.cosmigrate.model.SourceRead;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.capability.ObjectReader;
import io.github.cosmigrate.spi.capability.Probe;
import io.github.cosmigrate.spi.capability.TransformsContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Compares a job's source with the destination, object by object, without writing anything: lists the source
 * page by page, HEADs each object's destination key and compares size and CRC-64 (the source's own CRC-64 when it
 * gives one, else the CRC-64 of its content, read whole); with client-side encryption the destination is read back
 * whole and decrypted, and the plaintext's CRC-64 compared instead of COS's (the ciphertext's). Every difference goes to the consumer as it is found
 * (from the worker threads, one at a time); nothing is collected, so memory does not grow with the job. At most
 * {@code concurrency} objects are checked at once, and at most twice that many listed objects wait. Retryable
 * errors are retried per the job's {@code maxAttempts}; an error that is fatal to a run (a missing bucket, the
 * destination unreachable from the start) stops the verification with that error.
 */
final class JobVerifier {
  /** How an object differs. */
  enum Kind {
    /** No object at the destination key. */
    MISSING,
    /** The destination's size differs from the source's. */
    SIZE_DIFFERS,
    /** The destination's CRC-64 differs from the source's. */
    CRC_DIFFERS,
    /** The sizes match but the destination gives no CRC-64: the content cannot be compared. */
    UNVERIFIABLE,
    /** The source could not list or read the object. */
    SOURCE_FAILED,
    /** The destination could not be asked (the HEAD failed). */
    CHECK_FAILED
  }

  /** One difference: the source key, the destination key, what differs, in words. */
  record Difference(Kind kind, String key, String destinationKey, String detail) {}

  /**
   * The outcome: {@code listed} = {@code matched} + {@code skipped} + the differences' sum.
   *
   * @param skipped entries the source itself skipped (filters), not compared
   * @param sourceBytesRead bytes read from the source to compute CRC-64s
   */
  record Result(long listed, long matched, long skipped, Map<Kind, Long> differences, boolean listingComplete,
      Optional<String> listingError, long sourceBytesRead, Duration elapsed) {
    long differed() {
      return differences.values().stream().mapToLong(Long::longValue).sum();
    }

    boolean success() {
      return listingComplete && differed() == 0;
    }
  }

  private static final String PROBE_KEY = ".cos-migrate-verify-probe";

  private final Source source;
  private final Sink sink;
  private final MigrationOptions opt;
  private final RetryPolicy policy;
  /** The destination stores a transformation of the content (client-side encryption): its CRC-64 is the ciphertext's. */
  private final boolean transformed;
  /** With {@code transformed}: reads the destination back decrypted, whose CRC-64 is compared with the source's. */
  private final ObjectReader plaintext;
  private final Consumer<Difference> out;
  private final LongAdder listed = new LongAdder();
  private final LongAdder matched = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final LongAdder bytesRead = new LongAdder();
  private final Map<Kind, LongAdder> differences = new EnumMap<>(Kind.class);
  private volatile Throwable fatal;

  JobVerifier(Source source, Sink sink, MigrationOptions opt, Consumer<Difference> out) {
    this.source = source;
    this.sink = sink;
    this.transformed = sink.capability(TransformsContent.class).isPresent();
    this.plaintext = transformed ? sink.capability(ObjectReader.class).orElse(null) : null;
    this.opt = opt;
    this.out = out;
    this.policy = new RetryPolicy(new Backoff(opt.initialBackoff(), opt.maxBackoff()), opt.maxAttempts());
    for (Kind k : Kind.values()) {
      differences.put(k, new LongAdder());
    }
  }

  /** The counts so far (listed, matched, skipped, differences), for progress lines; thread-safe. */
  String progress() {
    long d = differences.values().stream().mapToLong(LongAdder::sum).sum();
    return "listed " + listed.sum() + ", matched " + matched.sum() + ", differences " + d + ", skipped "
        + skipped.sum();
  }

  /** Verifies the whole job; throws the error that stopped it (a {@code MigrateException} fatal to a run). */
  Result run() throws IOException, InterruptedException {
    long start = System.nanoTime();
    probe();
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(opt.concurrency(), r -> {
      Thread t = new Thread(r, "cos-migrate-verify-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    Semaphore slots = new Semaphore(2 * opt.concurrency());
    Optional<ListCursor> cursor = Optional.empty();
    Optional<String> listingError = Optional.empty();
    boolean complete = false;
    try {
      while (fatal == null) {
        ListBatch page;
        try {
          page = listWithRetry(cursor);
        } catch (IOException e) {
          if (MigrateException.kindOf(e).fatalToRun()) {
            throw e;
          }
          listingError = Optional.of("listing " + source.describe() + " stopped: " + RetryPolicy.reason(e));
          break;
        }
        for (SourceEntry e : page.entries()) {
          if (fatal != null) {
            break;
          }
          listed.increment();
          if (e instanceof SourceEntry.Found f) {
            slots.acquire();
            pool.execute(() -> {
              try {
                check(f.object());
              } finally {
                slots.release();
              }
            });
          } else if (e instanceof SourceEntry.Skipped) {
            skipped.increment();
          } else if (e instanceof SourceEntry.Failed failed) {
            differ(Kind.SOURCE_FAILED, failed.key(), failed.kind() + ": " + failed.reason());
          }
        }
        if (page.isLast()) {
          complete = true;
          break;
        }
        cursor = page.next();
      }
    } finally {
      pool.shutdown();
      if (!pool.awaitTermination(365, TimeUnit.DAYS)) {
        pool.shutdownNow();
      }
    }
    Throwable f = fatal;
    if (f instanceof IOException io) {
      throw io;
    }
    if (f instanceof RuntimeException re) {
      throw re;
    }
    Map<Kind, Long> byKind = new EnumMap<>(Kind.class);
    differences.forEach((k, v) -> {
      if (v.sum() > 0) {
        byKind.put(k, v.sum());
      }
    });
    return new Result(listed.sum(), matched.sum(), skipped.sum(), byKind, complete && fatal == null, listingError,
        bytesRead.sum(), Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * The plugins' probes (as a migration runs them), then one HEAD before the listing: a destination that cannot be reached or read at all stops the verification as a
   * configuration error instead of failing every object.
   */
  private void probe() throws IOException, InterruptedException {
    pluginProbe(sink.capability(Probe.class));
    pluginProbe(source.capability(Probe.class));
    try {
      retried(() -> sink.stat(opt.destinationKey(PROBE_KEY)));
    } catch (IOException e) {
      ErrorKind kind = MigrateException.kindOf(e);
      if (kind.fatalToRun()) {
        throw e;
      }
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "cannot read the destination " + sink.describe()
          + " (" + kind + ": " + RetryPolicy.reason(e) + "); check --bucket, --region, --endpoint and the"
          + " credentials", e);
    }
  }

  /** A plugin's own probe: a fatal answer stops the verification; any other failure proves nothing. */
  private static void pluginProbe(Optional<Probe> probe) throws IOException {
    if (probe.isEmpty()) {
      return;
    }
    try {
      probe.get().probe();
    } catch (IOException | RuntimeException e) {
      if (e instanceof InterruptedIOException || MigrateException.kindOf(e).fatalToRun()) {
        throw e;
      }
    }
  }

  private ListBatch listWithRetry(Optional<ListCursor> cursor) throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return source.list(cursor);
      } catch (IOException | RuntimeException e) {
        RetryPolicy.Decision d = policy.decide(RetryPolicy.Scope.LISTING, e, attempt);
        if (!d.retry()) {
          throw e instanceof IOException io ? io : new MigrateException(d.kind(), d.reason(), e);
        }
        Thread.sleep(d.delay().toMillis());
      }
    }
  }

  private void check(ObjectInfo info) {
    if (fatal != null) {
      return;
    }
    String destKey = opt.destinationKey(info.key());
    Optional<ObjectInfo> there;
    try {
      there = retried(() -> sink.stat(destKey));
    } catch (IOException | RuntimeException e) {
      if (MigrateException.kindOf(e).fatalToRun()) {
        fatal = e;
      } else {
        differ(Kind.CHECK_FAILED, info.key(), "HEAD failed: " + MigrateException.kindOf(e) + " "
            + RetryPolicy.reason(e));
      }
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (there.isEmpty()) {
      differ(Kind.MISSING, info.key(), "no object at the destination");
      return;
    }
    ObjectInfo dest = there.get();
    boolean known = info.sizeKnown(); // a URL without Content-Length: its size is learnt by reading it
    if (known && dest.size() != info.size()) {
      differ(Kind.SIZE_DIFFERS, info.key(), "source " + info.size() + " bytes, destination " + dest.size()
          + " bytes");
      return;
    }
    if (known && dest.size() == 0) {
      matched.increment(); // two empty objects have the same content
      return;
    }
    if (transformed && plaintext == null) {
      differ(Kind.UNVERIFIABLE, info.key(), "the destination stores a transformation of the content that cannot"
          + " be read back here" + (known ? "; the sizes match (" + info.size() + " bytes)" : ""));
      return;
    }
    if (plaintext == null && dest.crc64().isEmpty()) {
      differ(Kind.UNVERIFIABLE, info.key(), "the destination returned no CRC-64 (x-cos-hash-crc64ecma) to"
          + " compare" + (known ? "; the sizes match (" + info.size() + " bytes)" : ""));
      return;
    }
    SourceCrc want;
    try {
      want = sourceCrc(info);
    } catch (IOException | RuntimeException e) {
      differ(Kind.SOURCE_FAILED, info.key(), "reading the source failed: " + MigrateException.kindOf(e) + " "
          + RetryPolicy.reason(e));
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (want.size() != dest.size()) {
      differ(Kind.SIZE_DIFFERS, info.key(), "source " + want.size() + " bytes (as read), destination "
          + dest.size() + " bytes");
      return;
    }
    long got;
    if (plaintext != null) {
      try {
        got = retried(() -> decryptedCrc(destKey));
      } catch (IOException | RuntimeException e) {
        if (MigrateException.kindOf(e).fatalToRun()) {
          fatal = e;
        } else {
          differ(Kind.CHECK_FAILED, info.key(), "reading it back decrypted failed: " + MigrateException.kindOf(e)
              + " " + RetryPolicy.reason(e));
        }
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    } else {
      got = dest.crc64().getAsLong();
    }
    if (got != want.crc()) {
      differ(Kind.CRC_DIFFERS, info.key(), (plaintext != null ? "CRC-64 of the decrypted destination "
          : "CRC-64 at the destination ") + Long.toUnsignedString(got) + ", source "
          + Long.toUnsignedString(want.crc()) + " (" + dest.size() + " bytes each)");
      return;
    }
    matched.increment();
  }

  /** The CRC-64 of the destination's content read back decrypted (client-side encryption). */
  private long decryptedCrc(String destKey) throws IOException {
    Crc64 crc = new Crc64();
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = plaintext.read(destKey)) {
      int r;
      while ((r = in.read(buf)) > 0) {
        crc.update(buf, 0, r);
      }
    }
    return crc.getValue();
  }

  private record SourceCrc(long crc, long size) {}

  /**
   * The source's CRC-64 and size: as listed, else as its read reports them, else computed from its content (and,
   * for an object listed without a size, the bytes read).
   */
  private SourceCrc sourceCrc(ObjectInfo info) throws IOException, InterruptedException {
    if (info.crc64().isPresent() && info.sizeKnown()) {
      return new SourceCrc(info.crc64().getAsLong(), info.size());
    }
    return retried(() -> {
      try (SourceRead read = source.open(info)) {
        OptionalLong seen = read.observed().crc64();
        if (seen.isPresent() && read.observed().sizeKnown()) {
          return new SourceCrc(seen.getAsLong(), read.observed().size());
        }
        Crc64 crc = new Crc64();
        byte[] buf = new byte[64 * 1024];
        long n = 0;
        InputStream in = read.body();
        int r;
        while ((r = in.read(buf)) > 0) {
          crc.update(buf, 0, r);
          n += r;
        }
        bytesRead.add(n);
        if (info.sizeKnown() && n != info.size()) {
          throw new MigrateException(ErrorKind.SOURCE_CHANGED, "'" + info.key() + "' was listed with "
              + info.size() + " bytes but " + n + " were read: it changed since it was listed");
        }
        return new SourceCrc(crc.getValue(), n);
      }
    });
  }

  @FunctionalInterface
  private interface Call<T> {
    T call() throws IOException;
  }

  private <T> T retried(Call<T> c) throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return c.call();
      } catch (IOException | RuntimeException e) {
        RetryPolicy.Decision d = policy.decide(RetryPolicy.Scope.OBJECT, e, attempt);
        if (!d.retry()) {
          throw e instanceof IOException io ? io : new MigrateException(d.kind(), d.reason(), e);
        }
        Thread.sleep(d.delay().toMillis());
      }
    }
  }

  private void differ(Kind kind, String key, String detail) {
    differences.get(kind).increment();
    out.accept(new Difference(kind, key, opt.destinationKey(key), detail));
  }
}
