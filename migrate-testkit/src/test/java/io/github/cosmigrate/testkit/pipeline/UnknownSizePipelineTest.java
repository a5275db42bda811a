package io.github.cosmigrate.testkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.api.FailedObject;
import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.Migrator;
import io.github.cosmigrate.api.ObjectTransfer;
import io.github.cosmigrate.api.TransferOutcome;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.ObjectState;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.model.SourceRead;
import io.github.cosmigrate.model.UploadCheckpoint;
import io.github.cosmigrate.spi.ForwardingSource;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.testkit.fakes.InMemoryLedger;
import io.github.cosmigrate.testkit.fakes.InMemorySink;
import io.github.cosmigrate.testkit.fakes.InMemorySink.Op;
import io.github.cosmigrate.testkit.fakes.InMemorySource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Objects listed with {@link ObjectInfo#UNKNOWN_SIZE}, streamed from one read: put whole when the stream ends within
 * the first part, else a multipart upload of the parts as they fill; the CRC-64 of the bytes read is verified
 * against the sink's; never resumed mid-way.
 */
class UnknownSizePipelineTest {
  static final int MIB = 1 << 20;
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final long SAFETY_SECONDS = 60; // a hang guard, not a timing assertion

  final InMemorySource source = InMemorySource.create();
  InMemorySink sink = new InMemorySink();
  final InMemoryLedger ledger = new InMemoryLedger();

  @AfterEach
  void nothingLeftOpen() {
    source.checkNoOpenStreams();
    sink.checkNoOpenUploads();
  }

  static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static MigrationOptions options(Consumer<MigrationOptions.Builder> edit) {
    MigrationOptions.Builder b = MigrationOptions.builder().concurrency(4).partConcurrency(4).partsPerObject(3)
        .partSize(MIB).multipartThreshold(2L * MIB).maxAttempts(3).initialBackoff(Duration.ofMillis(1))
        .maxBackoff(Duration.ofMillis(5));
    edit.accept(b);
    return b.build();
  }

  MigrationReport run(Source src, Sink to) throws Exception {
    return Migrator.builder().source(src).sink(to).ledger(ledger).options(options(b -> {})).build().start()
        .completion().get(SAFETY_SECONDS, TimeUnit.SECONDS);
  }

  MigrationReport run() throws Exception {
    return run(source, sink);
  }

  @Test
  void objectsThatEndWithinTheFirstPartArePutWholeAndVerified() throws Exception {
    byte[] small = bytes(300_000, 1);
    byte[] onePart = bytes(MIB, 2);
    source.putUnknownSize("empty", new byte[0], T0);
    source.putUnknownSize("small", small, T0);
    source.putUnknownSize("one-part", onePart, T0);

    MigrationReport r = run();

    assertThat(r.failures()).isEmpty();
    assertThat(r.migrated()).isEqualTo(3);
    assertThat(r.verifiedBy()).containsEntry(MigrationReport.VERIFIED_END_TO_END, 3L);
    assertThat(sink.content("empty")).hasValue(new byte[0]);
    assertThat(sink.content("small")).hasValue(small);
    assertThat(sink.content("one-part")).hasValue(onePart);
    assertThat(sink.calls(Op.PUT)).isEqualTo(3);
    assertThat(sink.calls(Op.INITIATE)).as("no multipart upload for a stream that ends in its first part").isZero();
    assertThat(r.bytesTransferred()).isEqualTo(small.length + onePart.length);
    assertThat(source.openCount()).as("each object read once").isEqualTo(3);
    LedgerEntry e = ledger.get("small").orElseThrow();
    assertThat(e.state()).isEqualTo(ObjectState.MIGRATED);
    assertThat(e.crc64()).hasValue(Crc64.of(small));
    assertThat(e.fingerprint().size()).as("fingerprinted as listed: size unknown, mtime")
        .isEqualTo(ObjectInfo.UNKNOWN_SIZE);
    assertThat(e.fingerprint().modifiedMillis()).isEqualTo(T0.toEpochMilli());
  }

  @Test
  void aLongerStreamGoesInPartsAsTheyFillAndARerunSkipsItUnchanged() throws Exception {
    byte[] several = bytes(3 * MIB + 123, 3);
    byte[] exact = bytes(3 * MIB, 4);
    source.putUnknownSize("several", several, T0);
    source.putUnknownSize("exact", exact, T0);

    MigrationReport r = run();

    assertThat(r.failures()).isEmpty();
    assertThat(r.migrated()).isEqualTo(2);
    assertThat(r.verifiedBy()).containsEntry(MigrationReport.VERIFIED_END_TO_END, 2L);
    assertThat(sink.content("several")).hasValue(several);
    assertThat(sink.content("exact")).hasValue(exact);
    assertThat(sink.calls(Op.PUT)).isZero();
    assertThat(sink.calls(Op.INITIATE)).isEqualTo(2);
    assertThat(sink.calls(Op.UPLOAD_PART)).as("4 parts, then 3 (the end found right after the third)")
        .isEqualTo(7);
    assertThat(sink.calls(Op.COMPLETE)).isEqualTo(2);
    assertThat(source.openCount()).as("one sequential read per object").isEqualTo(2);
    assertThat(r.bytesTransferred()).isEqualTo(several.length + exact.length);
    assertThat(ledger.checkpoints()).isEmpty();
    assertThat(ledger.get("several").orElseThrow().crc64()).hasValue(Crc64.of(several));

    MigrationReport rerun = run();
    assertThat(rerun.migrated()).isZero();
    assertThat(rerun.skippedByReason()).containsEntry("unchanged", 2L);
    assertThat(source.openCount()).as("the rerun reads nothing").isEqualTo(2);

    byte[] changed = bytes(2 * MIB + 7, 5);
    source.putUnknownSize("several", changed, T0.plusSeconds(60));
    MigrationReport third = run();
    assertThat(third.migrated()).as("a new Last-Modified is a new version").isEqualTo(1);
    assertThat(sink.content("several")).hasValue(changed);
  }

  @Test
  void thePartsUploadWhileTheNextIsRead() throws Exception {
    byte[] content = bytes(4 * MIB, 6);
    source.putUnknownSize("big", content, T0);
    AtomicLong read = new AtomicLong();
    Source counting = new ForwardingSource(source) {
      @Override
      public SourceRead open(ObjectInfo object) throws IOException {
        SourceRead r = super.open(object);
        return new SourceRead(new FilterInputStream(r.body()) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            read.addAndGet(Math.max(0, n));
            return n;
          }
        }, r.observed());
      }
    };
    Doubles.HookedSink hooked = new Doubles.HookedSink(sink);
    AtomicBoolean secondReadDuringFirstUpload = new AtomicBoolean();
    hooked.beforePart = (key, n) -> {
      if (n == 1) {
        // part 1's upload waits until part 2 has been read from the stream meanwhile
        for (int i = 0; i < 10_000 && read.get() < 2L * MIB; i++) {
          sleep();
        }
        secondReadDuringFirstUpload.set(read.get() >= 2L * MIB);
      }
    };

    MigrationReport r = run(counting, hooked);

    assertThat(r.failures()).isEmpty();
    assertThat(secondReadDuringFirstUpload).as("part 2 was read while part 1 was uploading").isTrue();
    assertThat(sink.content("big")).hasValue(content);
  }

  @Test
  void aStreamThatBreaksMidWayIsSentAgainFromItsStartAndFailsWhenItKeepsBreaking() throws Exception {
    byte[] once = bytes(3 * MIB + 5, 7);
    byte[] always = bytes(3 * MIB + 5, 8);
    source.putUnknownSize("breaks-once", once, T0);
    source.putUnknownSize("breaks-always", always, T0);
    source.failReadAfter("breaks-once", 2L * MIB + 100, 1, ErrorKind.TRANSIENT);
    source.failReadAfter("breaks-always", 2L * MIB + 100, 1000, ErrorKind.TRANSIENT);

    MigrationReport r = run();

    assertThat(r.migrated()).isEqualTo(1);
    assertThat(sink.content("breaks-once")).as("sent again from its start").hasValue(once);
    assertThat(r.failed()).isEqualTo(1);
    FailedObject f = r.failures().get(0);
    assertThat(f.key()).isEqualTo("breaks-always");
    assertThat(f.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(f.reason()).contains("broke after");
    assertThat(sink.content("breaks-always")).isEmpty();
    assertThat(sink.openUploads()).as("every broken upload was aborted").isZero();
    assertThat(sink.calls(Op.ABORT)).as("one per broken read: 1 + maxAttempts").isEqualTo(4);
    assertThat(ledger.get("breaks-always").orElseThrow().state()).isEqualTo(ObjectState.FAILED);
    assertThat(ledger.checkpoints()).isEmpty();
  }

  @Test
  void anUploadLeftByAnEarlierRunIsAbortedAndTheObjectSentFromItsStart() throws Exception {
    byte[] content = bytes(2 * MIB + 9, 9);
    source.putUnknownSize("left", content, T0);
    ObjectInfo listed = source.stat("left");
    String old = sink.initiateMultipart("left", ObjectMetadata.empty());
    sink.uploadPart("left", old, 1, new java.io.ByteArrayInputStream(content, 0, MIB), MIB);
    ledger.write(new Ledger.Batch().putCheckpoint(new UploadCheckpoint("left", "left", old, listed.fingerprint(),
        ObjectInfo.UNKNOWN_SIZE, MIB, T0, List.of())));

    MigrationReport r = run();

    assertThat(r.migrated()).isEqualTo(1);
    assertThat(sink.content("left")).hasValue(content);
    assertThat(sink.calls(Op.ABORT)).as("the old upload").isEqualTo(1);
    assertThat(sink.calls(Op.LIST_PARTS)).as("nothing is resumed").isZero();
    assertThat(sink.calls(Op.UPLOAD_PART)).as("the old part, then all 3 again").isEqualTo(4);
  }

  @Test
  void aStreamLargerThanTheMostPartsCanHoldFailsSayingSo() throws Exception {
    sink = new InMemorySink(new SinkLimits(MIB, 5L << 30, 2, 5L << 40, 5L << 30, 850));
    source.putUnknownSize("huge", bytes(2 * MIB + 1, 10), T0);

    MigrationReport r = run();

    assertThat(r.failed()).isEqualTo(1);
    FailedObject f = r.failures().get(0);
    assertThat(f.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(f.reason()).contains("'huge'", "larger than " + 2 * MIB, "larger part size");
    assertThat(sink.openUploads()).isZero();
    assertThat(sink.keys()).isEmpty();
  }

  @Test
  void aDirectTransferStreamsItToo() throws Exception {
    byte[] content = bytes(2 * MIB + 3, 11);
    source.putUnknownSize("direct", content, T0);
    ObjectTransfer t = ObjectTransfer.builder().source(source).sink(sink).ledger(ledger)
        .options(options(b -> {})).build();

    TransferOutcome o = t.transfer(source.stat("direct"));

    assertThat(o.state()).isEqualTo(ObjectState.MIGRATED);
    assertThat(o.verifiedBy()).hasValue(MigrationReport.VERIFIED_END_TO_END);
    assertThat(sink.content("direct")).hasValue(content);
    assertThat(sink.calls(Op.UPLOAD_PART)).isEqualTo(3);
  }

  private static void sleep() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
