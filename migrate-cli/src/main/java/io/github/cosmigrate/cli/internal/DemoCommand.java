package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.api.FailedObject;
import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.cli.Main;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.spi.Sink;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code cos-migrate demo}: no cloud account needed. Generates a source tree under {@code work-data/demo/source}
 * (once), starts an embedded COS-compatible server storing under {@code work-data/demo/server} (fresh each
 * time), migrates into it with live progress, migrates again to show everything unchanged is skipped, verifies
 * every object's CRC-64 against the local file, and prints a summary. Exits 0 when the outcome is the expected
 * one: the traps failed with clear reasons, everything else migrated and verified.
 */
public final class DemoCommand {
  static final String BUCKET = "demo-1250000000";
  static final String REGION = "ap-guangzhou";

  private DemoCommand() {}

  /** The command's parser specification. */
  public static picocli.CommandLine.Model.CommandSpec spec() {
    return CliSpecs.spec("demo", new CliSpecs.Help("migrate generated data into an embedded COS-compatible server",
        "Usage: cos-migrate demo [--work DIR]", """
        Runs cos-migrate end to end without a cloud account: generates ~3,000 small files, two 110 MiB files,
        odd names and traps (a symlink loop, an unreadable file) under work-data/demo/source (once), starts an
        embedded COS-compatible server (S3Proxy on disk + COS dialect proxy on 127.0.0.1), migrates, migrates
        again (all skipped), verifies every object's CRC-64 and prints a summary.
        """, "Exit status 0 when the outcome is the expected one.\n"),
        List.of(Flag.value("work", "DIR", "where the demo keeps its data, server and ledger", "work-data/demo")));
  }

  public static String usage() {
    return CliSpecs.usage(spec());
  }

  /** Runs the demo; returns the exit status. */
  public static int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
    return run(CliSpecs.parse(spec(), args), out, err);
  }

  /** Runs the demo on parsed arguments; returns the exit status. */
  public static int run(CliArgs a, PrintStream out, PrintStream err) throws UsageException {
    Path home = Path.of(System.getProperty("cosmigrate.home", ".")).toAbsolutePath().normalize();
    Path work = a.get("work").map(Path::of).orElse(home.resolve("work-data/demo")).toAbsolutePath().normalize();
    Path source = work.resolve("source");
    Path serverDir = work.resolve("server");
    Path ledgerDir = work.resolve("ledger");
    boolean root = DemoData.runningAsRoot();
    boolean tty = Terminal.refreshInPlace(Terminal.STDOUT, System.getenv());

    out.println("== cos-migrate demo: a local folder, then an S3 bucket, into an embedded COS-compatible server ==");
    try {
      if (!Files.isDirectory(source)) {
        out.println("Generating demo data under " + source + " (once; kept for later runs) ...");
        long t0 = System.nanoTime();
        DemoData.generate(source);
        out.printf(Locale.ROOT, "  generated in %s%n", Sizes.duration(Duration.ofNanos(System.nanoTime() - t0)));
      }
      DemoData.deleteRecursively(serverDir);
      DemoData.deleteRecursively(ledgerDir);
      Files.createDirectories(ledgerDir);
    } catch (IOException e) {
      err.println("cos-migrate demo: could not prepare " + work + ": " + e.getMessage());
      return Main.ABORTED;
    }
    Expected expected;
    try {
      expected = Expected.scan(source);
    } catch (IOException e) {
      err.println("cos-migrate demo: could not read " + source + ": " + e.getMessage());
      return Main.ABORTED;
    }
    out.printf(Locale.ROOT, "Source: %s%n  %s regular files, %s, in nested folders (photos/ holds %s small files,"
            + " big/ %d x %s), odd names, an empty file,%n  and traps: %s (symlink to its own ancestor), %s (mode 000)%s%n",
        source, Sizes.count(expected.files), Sizes.bytes(expected.bytes), Sizes.count(DemoData.SMALL_FILES),
        DemoData.LARGE_FILES, Sizes.bytes(DemoData.LARGE_SIZE), DemoData.LOOP, DemoData.UNREADABLE,
        expected.dangling ? ", " + DemoData.DANGLING + " (dangling symlink)" : "");
    if (root) {
      out.println("  Note: running as root. chmod 000 does not stop root from reading, so " + DemoData.UNREADABLE
          + " will migrate;");
      out.println("  the dangling symlink " + DemoData.DANGLING + " is there so that a failure is always shown.");
    }

    try (EmbeddedCos cos = EmbeddedCos.startOnDisk(serverDir)) {
      cos.createBucket(BUCKET);
      out.println("Server: " + cos.endpoint() + " (S3Proxy storing under " + serverDir + ", behind the COS dialect"
          + " proxy), bucket " + BUCKET);
      CosTarget target = new CosTarget(BUCKET, REGION, Optional.of(cos.endpoint()), true, true, "demo-secret-id",
          "demo-secret-key", Optional.empty());
      MigrationOptions options = MigrationOptions.builder()
          .concurrency(16).partConcurrency(6).partsPerObject(3)
          .partSize(8L << 20).multipartThreshold(16L << 20).maxBytesInFlight(128L << 20)
          .progressInterval(Duration.ofSeconds(1))
          .build();
      MigrationJob settings = new MigrationJob(LocalCommand.spec(source, true, List.of(), Optional.empty()), target,
          options, ledgerDir, Optional.of(work.resolve("report-run1.json")), Optional.empty(), Duration.ofSeconds(2), false);

      out.println();
      out.println("Run 1: migrate everything (symlinks followed, so the loop is met)");
      MigrationRun.Outcome run1 = MigrationRun.run(settings, out, tty ? Duration.ofMillis(500) : Duration.ofSeconds(2),
          tty, false);
      if (run1.report().isEmpty()) {
        err.println("cos-migrate demo: run 1 did not complete: " + run1.reason().orElse("?"));
        return Main.ABORTED;
      }
      MigrationReport r1 = run1.report().get();
      out.print(indent(MigrationRun.summary(r1)));
      if (run1.stopped()) {
        err.println("cos-migrate demo: stopped by a signal during run 1");
        return Main.ABORTED;
      }
      printFailures(out, r1);

      out.println();
      out.println("Run 2: the same command again, nothing changed (unchanged files are skipped via the ledger)");
      MigrationJob again = new MigrationJob(LocalCommand.spec(source, true, List.of(), Optional.empty()), target,
          options, ledgerDir, Optional.of(work.resolve("report-run2.json")), Optional.empty(), Duration.ofSeconds(2), false);
      MigrationRun.Outcome run2 = MigrationRun.run(again, out, tty ? Duration.ofMillis(500) : Duration.ofSeconds(2),
          tty, false);
      if (run2.report().isEmpty()) {
        err.println("cos-migrate demo: run 2 did not complete: " + run2.reason().orElse("?"));
        return Main.ABORTED;
      }
      MigrationReport r2 = run2.report().get();
      out.print(indent(MigrationRun.summary(r2)));
      if (run2.stopped()) {
        err.println("cos-migrate demo: stopped by a signal during run 2");
        return Main.ABORTED;
      }

      out.println();
      out.println("Verify: HEAD every object and compare its CRC-64 (x-cos-hash-crc64ecma) with the local file's");
      Verification v;
      try (Sink sink = Plugins.cosSink(target, 8)) {
        v = verify(source, sink, expected);
      }
      out.printf(Locale.ROOT, "  %s verified, %s mismatched, %s missing, %s without a checksum (of %s files) in %s%n",
          Sizes.count(v.verified), Sizes.count(v.mismatched), Sizes.count(v.missing), Sizes.count(v.noChecksum),
          Sizes.count(expected.files), Sizes.duration(v.elapsed));
      v.problems.stream().limit(10).forEach(p -> out.println("    " + p));

      List<String> deviations = new ArrayList<>(check(expected, r1, r2, v));
      deviations.addAll(DemoS3Leg.run(cos, source, expected, ledgerDir, work.resolve("report-run3.json"), options,
          out, tty));
      if (deviations.contains(DemoS3Leg.STOPPED)) {
        err.println("cos-migrate demo: " + DemoS3Leg.STOPPED + "");
        return Main.ABORTED;
      }
      out.println();
      out.println("Summary");
      double secs1 = Math.max(0.001, r1.elapsed().toMillis() / 1000.0);
      out.printf(Locale.ROOT, "  run 1: migrated %s, skipped %s, failed %s; %s in %s (%s, %.0f objects/s)%n",
          Sizes.count(r1.migrated()), Sizes.count(r1.skipped()), Sizes.count(r1.failed()),
          Sizes.bytes(r1.bytesTransferred()), Sizes.duration(r1.elapsed()), Sizes.rate(r1.bytesTransferred() / secs1),
          r1.total() / secs1);
      out.printf(Locale.ROOT, "  run 2: migrated %s, skipped %s, failed %s; %s sent in %s%n",
          Sizes.count(r2.migrated()), Sizes.count(r2.skipped()), Sizes.count(r2.failed()),
          Sizes.bytes(r2.bytesTransferred()), Sizes.duration(r2.elapsed()));
      out.println("  failures (expected: the traps):");
      for (FailedObject f : r1.failures()) {
        out.println("    " + f.key() + ": " + f.kind() + ": " + f.reason());
      }
      out.printf(Locale.ROOT, "  verified: %s of %s objects carry the local file's CRC-64%n", Sizes.count(v.verified),
          Sizes.count(expected.files));
      out.println("  reports: " + work.resolve("report-run1.json") + ", " + work.resolve("report-run2.json") + ", "
          + work.resolve("report-run3.json"));
      if (deviations.isEmpty()) {
        out.println("  outcome: as expected (the traps failed with reasons; everything else migrated, was skipped"
            + " on the rerun, was copied again from S3, and verified)");
        return Main.OK;
      }
      out.println("  outcome: NOT as expected:");
      deviations.forEach(d -> out.println("    - " + d));
      err.println("cos-migrate demo: the outcome differs from the expected one (" + deviations.size() + " issue(s))");
      return Main.INCOMPLETE;
    } catch (IOException e) {
      err.println("cos-migrate demo: " + MigrationRun.oneLine(String.valueOf(e.getMessage())));
      return Main.ABORTED;
    }
  }

  private static void printFailures(PrintStream out, MigrationReport r) {
    for (FailedObject f : r.failures()) {
      out.println("  failed: " + f.key() + ": " + f.kind() + ": " + f.reason());
    }
  }

  private static String indent(String s) {
    return s.lines().map(l -> "  " + l + System.lineSeparator()).reduce("", String::concat);
  }

  /** Differences from the expected outcome; empty when all is as expected. */
  static List<String> check(Expected e, MigrationReport r1, MigrationReport r2, Verification v) {
    List<String> d = new ArrayList<>();
    if (!r1.listingComplete()) {
      d.add("run 1 listing incomplete: " + r1.listingError().orElse("?"));
    }
    if (r1.migrated() != e.files) {
      d.add("run 1 migrated " + r1.migrated() + ", expected " + e.files);
    }
    if (r1.failed() != e.failures.size()) {
      d.add("run 1 failed " + r1.failed() + ", expected " + e.failures.size() + " " + e.failures);
    }
    for (String trap : e.failures) {
      if (r1.failures().stream().noneMatch(f -> f.key().startsWith(trap) && !f.reason().isBlank())) {
        d.add("no failure with a reason reported for " + trap);
      }
    }
    if (r2.migrated() != 0) {
      d.add("run 2 migrated " + r2.migrated() + ", expected 0 (nothing changed)");
    }
    if (r2.skipped() != e.files) {
      d.add("run 2 skipped " + r2.skipped() + ", expected " + e.files);
    }
    if (r2.failed() != e.failures.size()) {
      d.add("run 2 failed " + r2.failed() + ", expected " + e.failures.size());
    }
    if (v.verified != e.files) {
      d.add("verified " + v.verified + " of " + e.files + " files");
    }
    return d;
  }

  /** What the demo expects, from the tree as it is on disk. */
  static final class Expected {
    long files;
    long bytes;
    boolean dangling;
    final List<String> failures = new ArrayList<>();
    final List<Path> regularFiles = new ArrayList<>();

    static Expected scan(Path root) throws IOException {
      Expected e = new Expected();
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile() && Files.isReadable(file)) {
            e.files++;
            e.bytes += attrs.size();
            e.regularFiles.add(file);
          }
          return FileVisitResult.CONTINUE;
        }
      });
      e.failures.add(DemoData.LOOP);
      if (!Files.isReadable(root.resolve(DemoData.UNREADABLE))) {
        e.failures.add(DemoData.UNREADABLE);
      }
      if (Files.isSymbolicLink(root.resolve(DemoData.DANGLING))) {
        e.dangling = true;
        e.failures.add(DemoData.DANGLING);
      }
      return e;
    }
  }

  /** The result of checking every object against its local file. */
  static final class Verification {
    long verified;
    long mismatched;
    long missing;
    long noChecksum;
    Duration elapsed = Duration.ZERO;
    final List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
  }

  /** HEADs every expected object and compares the CRC-64 with the local file's. */
  static Verification verify(Path root, Sink sink, Expected e) throws IOException {
    long t0 = System.nanoTime();
    Verification v = new Verification();
    AtomicLong ok = new AtomicLong();
    AtomicLong bad = new AtomicLong();
    AtomicLong missing = new AtomicLong();
    AtomicLong noCrc = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Path file : e.regularFiles) {
        futures.add(pool.submit(() -> {
          String key = keyOf(root, file);
          try {
            long local = crc64(file);
            Optional<ObjectInfo> remote = sink.stat(key);
            if (remote.isEmpty()) {
              missing.incrementAndGet();
              v.problems.add("missing: " + key);
            } else if (remote.get().crc64().isEmpty()) {
              noCrc.incrementAndGet();
              v.problems.add("no CRC-64 returned: " + key);
            } else if (remote.get().crc64().getAsLong() != local) {
              bad.incrementAndGet();
              v.problems.add("CRC-64 mismatch: " + key);
            } else {
              ok.incrementAndGet();
            }
          } catch (IOException ex) {
            missing.incrementAndGet();
            v.problems.add("cannot check " + key + ": " + ex.getMessage());
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while verifying", ex);
        } catch (java.util.concurrent.ExecutionException ex) {
          throw new IOException(ex.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    v.verified = ok.get();
    v.mismatched = bad.get();
    v.missing = missing.get();
    v.noChecksum = noCrc.get();
    v.elapsed = Duration.ofNanos(System.nanoTime() - t0);
    return v;
  }

  /** The source key of a file: its path relative to the root, with {@code /} separators. */
  public static String keyOf(Path root, Path file) {
    Path rel = root.relativize(file);
    StringBuilder sb = new StringBuilder();
    for (Path p : rel) {
      sb.append(sb.length() == 0 ? "" : "/").append(p);
    }
    return sb.toString();
  }

  /** The CRC-64/XZ of a file's content. */
  public static long crc64(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Crc64.of(in);
    }
  }
}
