package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.SkipMode;
import io.github.cosmigrate.cli.Main;
import io.github.cosmigrate.ledger.rocksdb.RocksDbLedgerConfig;
import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.model.SourceEntry;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code --dry-run}: lists the source and decides, as a run would, what would be migrated and what skipped and
 * why, and prints one line per object, then counts, bytes and an estimate of the requests and of the time at the
 * configured limits. Sends nothing: it reads the source's listing, the job's ledger when one exists (it creates
 * none), and with {@code --skip-mode destination} the destination's object heads.
 */
public final class DryRun {
  private DryRun() {}

  /** What a dry run found. */
  record Tally(long migrate, long migrateBytes, long small, long multipart, long parts,
      Map<String, Long> skipped, Map<String, Long> failed, long listRequests) {

    long cosRequests() {
      return small + 2 * multipart + parts;
    }
  }

  /** Runs the preview; returns 0 when nothing would fail, 1 otherwise, 2 for a configuration error. */
  public static int run(MigrationJob job, PrintStream out, PrintStream err) throws UsageException {
    MigrationOptions o = job.options();
    SinkLimits limits = job.target().s3Limits() ? SinkLimits.s3() : SinkLimits.cos();
    Source source = Plugins.source(job.source());
    Ledger ledger = null;
    Sink sink = null;
    try {
      if (Files.isDirectory(RocksDbLedgerConfig.of(job.ledgerDir(), job.identity()).storeDirectory())) {
        ledger = Plugins.ledger(job.ledgerDir(), job.identity());
      }
      if (o.skipMode() == SkipMode.DESTINATION) {
        sink = Plugins.cosSink(job.target(), o.concurrency());
      }
      Tally t = tally(source, ledger, sink, o, limits, out);
      out.print(summary(t, job));
      return t.failed().isEmpty() ? Main.OK : Main.INCOMPLETE;
    } catch (IOException e) {
      err.println("cos-migrate: dry run stopped: " + MigrationRun.oneLine(String.valueOf(e.getMessage())));
      return Main.INCOMPLETE;
    } finally {
      closeQuietly(ledger);
      closeQuietly(sink);
      closeQuietly(source);
    }
  }

  static Tally tally(Source source, Ledger ledger, Sink sink, MigrationOptions o, SinkLimits limits, PrintStream out)
      throws IOException {
    long migrate = 0;
    long bytes = 0;
    long small = 0;
    long multipart = 0;
    long parts = 0;
    long lists = 0;
    Map<String, Long> skipped = new TreeMap<>();
    Map<String, Long> failed = new TreeMap<>();
    Optional<ListCursor> cursor = Optional.empty();
    while (true) {
      ListBatch batch = source.list(cursor);
      lists++;
      List<String> keys = new ArrayList<>();
      batch.entries().forEach(e -> keys.add(e.key()));
      Map<String, LedgerEntry> previous = ledger == null ? Map.of() : ledger.getAll(keys);
      for (SourceEntry e : batch.entries()) {
        if (e instanceof SourceEntry.Skipped s) {
          skipped.merge(s.reason(), 1L, Long::sum);
          out.println("skip     " + s.key() + ": " + s.reason());
        } else if (e instanceof SourceEntry.Failed f) {
          failed.merge(f.kind().toString(), 1L, Long::sum);
          out.println("fail     " + f.key() + ": " + f.kind() + " " + f.reason());
        } else {
          ObjectInfo info = ((SourceEntry.Found) e).object();
          String dest = o.destinationKey(info.key());
          Optional<String> why = skipReason(o, previous.get(info.key()), info, dest, sink);
          if (why.isPresent()) {
            skipped.merge(why.get(), 1L, Long::sum);
            out.println("skip     " + info.key() + ": " + why.get());
            continue;
          }
          migrate++;
          long size = Math.max(0, info.size());
          bytes += size;
          if (!info.sizeKnown() || size >= o.multipartThreshold() || size > limits.maxSinglePutSize()) {
            multipart++;
            if (info.sizeKnown()) {
              try {
                parts += io.github.cosmigrate.internal.multipart.PartPlanner.plan(info.key(), size, o.partSize(),
                    limits).partCount();
              } catch (io.github.cosmigrate.error.MigrateException tooLarge) {
                multipart--;
                migrate--;
                bytes -= size;
                failed.merge(tooLarge.kind().toString(), 1L, Long::sum);
                out.println("fail     " + info.key() + ": " + tooLarge.getMessage());
                continue;
              }
            } else {
              parts++; // streamed: at least one part; the count is known only once it is read
            }
          } else {
            small++;
          }
          out.println("migrate  " + info.key() + " -> " + dest + " (" + (info.sizeKnown() ? Sizes.bytes(size)
              : "size unknown") + ")");
        }
      }
      if (batch.isLast()) {
        break;
      }
      cursor = batch.next();
    }
    return new Tally(migrate, bytes, small, multipart, parts, skipped, failed, lists);
  }

  private static Optional<String> skipReason(MigrationOptions o, LedgerEntry prev, ObjectInfo info, String dest,
      Sink sink) throws IOException {
    if (o.unchangedSince(prev, info, dest)) {
      return Optional.of("unchanged since it was migrated (ledger)");
    }
    if (sink != null) {
      Optional<ObjectInfo> there = sink.stat(dest);
      if (there.isPresent() && info.sizeKnown() && there.get().size() == info.size()) {
        return Optional.of("same size at the destination (skipped if its CRC-64 matches too)");
      }
    }
    return Optional.empty();
  }

  static String summary(Tally t, MigrationJob job) {
    StringBuilder sb = new StringBuilder();
    String nl = System.lineSeparator();
    sb.append("dry run: nothing was sent").append(nl);
    sb.append("would migrate ").append(Sizes.count(t.migrate())).append(" objects, ")
        .append(Sizes.bytes(t.migrateBytes())).append(" (").append(t.migrateBytes()).append(" bytes; ")
        .append(Sizes.count(t.small())).append(" single PUT, ").append(Sizes.count(t.multipart()))
        .append(" multipart)").append(nl);
    long skipped = t.skipped().values().stream().mapToLong(Long::longValue).sum();
    sb.append("would skip ").append(Sizes.count(skipped)).append(" objects").append(reasons(t.skipped())).append(nl);
    long failed = t.failed().values().stream().mapToLong(Long::longValue).sum();
    sb.append("would fail ").append(Sizes.count(failed)).append(" objects").append(reasons(t.failed())).append(nl);
    sb.append("requests to COS: about ").append(Sizes.count(t.cosRequests())).append(" (")
        .append(Sizes.count(t.small())).append(" PUT, ").append(Sizes.count(t.parts())).append(" part uploads, ")
        .append(Sizes.count(2 * t.multipart())).append(" initiate/complete); listing: ")
        .append(Sizes.count(t.listRequests())).append(" pages").append(nl);
    sb.append("time at the configured limits: ").append(estimate(t, job)).append(nl);
    return sb.toString();
  }

  /** The time the limits alone impose, or a sentence saying there are none. */
  static String estimate(Tally t, MigrationJob job) {
    Optional<Duration> byBytes = job.bandwidth().map(b -> Duration.ofMillis((long) Math.ceil(
        t.migrateBytes() * 1000.0 / b)));
    Optional<Duration> byRequests = job.requestsPerSecond().map(r -> Duration.ofMillis((long) Math.ceil(
        t.cosRequests() * 1000.0 / r)));
    if (byBytes.isEmpty() && byRequests.isEmpty()) {
      return "no bandwidth or request limit configured (bound by the network and COS; at 100 MiB/s the bytes"
          + " alone take " + Sizes.duration(Duration.ofMillis((long) (t.migrateBytes() * 1000.0 / (100 << 20))))
          + ")";
    }
    Duration d = Duration.ZERO;
    List<String> how = new ArrayList<>();
    if (byBytes.isPresent()) {
      d = byBytes.get();
      how.add(Sizes.rate(job.bandwidth().get()));
    }
    if (byRequests.isPresent()) {
      d = d.compareTo(byRequests.get()) >= 0 ? d : byRequests.get();
      how.add(String.format(java.util.Locale.ROOT, "%.0f requests/s", job.requestsPerSecond().get()));
    }
    return "at least " + Sizes.duration(d) + " (" + String.join(", ", how) + ")";
  }

  private static String reasons(Map<String, Long> m) {
    if (m.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder(": ");
    new TreeMap<>(m).forEach((k, v) -> sb.append(sb.length() == 2 ? "" : "; ").append(k).append(" (")
        .append(Sizes.count(v)).append(')'));
    return sb.toString();
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // a preview: nothing was written that closing could lose
      }
    }
  }
}
