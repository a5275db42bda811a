package io.github.cosmigrate.source.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.ManifestSource;
import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.Migrator;
import io.github.cosmigrate.ledger.rocksdb.RocksDbLedger;
import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.testkit.fakes.DiscardingSink;
import io.github.cosmigrate.testkit.fakes.InMemorySource;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manifest mode in a child JVM with a 128 MiB heap: a 100,000-line S3 Inventory (gzip; with the long
 * {@code ObjectAccessControlList} column its text is larger than the heap) lists 100,000 objects through the
 * engine into a RocksDB ledger. The store is an in-process synthetic source and the destination a discarding
 * sink, so that the run measures the manifest and the engine alone.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ManifestMemoryTest {
  static final int LINES = 100_000;
  static final int OBJECT_SIZE = 256;
  static final String BUCKET = "huge-bucket";
  static final String SCHEMA = "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag, "
      + "StorageClass, IsMultipartUploaded, ReplicationStatus, EncryptionStatus, ObjectAccessControlList, "
      + "ObjectOwner";

  @TempDir Path tmp;

  /** The child: migrates from the manifest {@code args[0]} with the ledger in {@code args[1]}; exit 0 when all arrived. */
  public static void main(String[] args) throws Exception {
    Path manifest = Path.of(args[0]);
    Path ledgerDir = Path.of(args[1]);
    DiscardingSink sink = new DiscardingSink();
    MigrationReport report;
    try (ManifestSource source = ManifestSource.builder(InMemorySource.synthetic(LINES, OBJECT_SIZE), manifest)
            .bucket(BUCKET).schema(SCHEMA).build();
         RocksDbLedger ledger = RocksDbLedger.open(ledgerDir, new JobIdentity("s3://" + BUCKET + "/", "discard:"))) {
      report = Migrator.builder().source(source).sink(sink).ledger(ledger)
          .options(MigrationOptions.builder().concurrency(16).build()).build().start().completion()
          .get(500, TimeUnit.SECONDS);
    }
    System.out.println("RESULT migrated=" + report.migrated() + " failed=" + report.failed() + " bytes="
        + sink.bytes() + " listingComplete=" + report.listingComplete() + " maxHeap="
        + Runtime.getRuntime().maxMemory());
    boolean ok = report.migrated() == LINES && report.failed() == 0 && report.listingComplete()
        && sink.bytes() == (long) LINES * OBJECT_SIZE;
    System.exit(ok ? 0 : 1);
  }

  /** Writes the inventory: one row per synthetic object; returns the uncompressed size. */
  static long writeInventory(Path file) throws IOException {
    String acl = "eyJ2ZXJzaW9uIjoiMjAyMi0xMS0xMCIsInN0YXR1cyI6IkFWQUlMQUJMRSIsImdyYW50cyI6W3sicGVybWlzc2lvbiI6"
        .repeat(20);
    long chars = 0;
    try (Writer w = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file),
        1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
      for (int i = 0; i < LINES; i++) {
        String row = "\"" + BUCKET + "\",\"" + InMemorySource.syntheticKey(i) + "\",\"\",\"true\",\"false\",\""
            + OBJECT_SIZE + "\",\"2024-01-01T00:00:00.000Z\",\"\",\"STANDARD\",\"FALSE\",\"\",\"SSE-S3\",\"" + acl
            + i + "\",\"owner-" + i + "\"\n";
        w.write(row);
        chars += row.length();
      }
    }
    return chars;
  }

  @Test
  void aHundredThousandLineInventoryMigratesIn128MibOfHeap() throws Exception {
    Path manifest = tmp.resolve("inventory-100k.csv.gz");
    long t0 = System.nanoTime();
    long textBytes = writeInventory(manifest);
    long written = System.nanoTime();
    assertThat(textBytes).as("the manifest's text is larger than the child's heap").isGreaterThan(128L << 20);
    Path log = tmp.resolve("child.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = List.of(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:+HeapDumpOnOutOfMemoryError",
        "-XX:HeapDumpPath=" + tmp, "-cp", System.getProperty("java.class.path"), ManifestMemoryTest.class.getName(),
        manifest.toString(), tmp.resolve("ledger").toString());
    Process child = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    assertThat(child.waitFor(540, TimeUnit.SECONDS)).as("child finished").isTrue();
    long done = System.nanoTime();
    String out = Files.readString(log);
    System.out.printf("manifest memory test: %d MiB of text (%d KiB gzip) written in %d ms, child JVM %d ms: %s%n",
        textBytes >> 20, Files.size(manifest) >> 10, TimeUnit.NANOSECONDS.toMillis(written - t0),
        TimeUnit.NANOSECONDS.toMillis(done - written), out.lines().filter(l -> l.startsWith("RESULT")).findFirst()
            .orElse("no result"));
    assertThat(out).doesNotContain("OutOfMemoryError");
    assertThat(child.exitValue()).as("exit status; output: %s", out.length() > 4000
        ? out.substring(out.length() - 4000) : out).isZero();
    assertThat(out).contains("RESULT migrated=" + LINES + " failed=0 bytes=" + (long) LINES * OBJECT_SIZE
        + " listingComplete=true");
    long maxHeap = Long.parseLong(out.replaceAll("(?s).*maxHeap=(\\d+).*", "$1"));
    assertThat(maxHeap).as("the child's heap").isLessThanOrEqualTo(128L << 20);
  }
}
