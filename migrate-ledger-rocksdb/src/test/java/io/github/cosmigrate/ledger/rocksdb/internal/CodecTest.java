package io.github.cosmigrate.ledger.rocksdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectState;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.SourceFingerprint;
import io.github.cosmigrate.model.UploadCheckpoint;
import io.github.cosmigrate.model.Verification;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CodecTest {

  static final LedgerEntry FULL = new LedgerEntry("k/ü/😀", "d/ü", new SourceFingerprint(Long.MAX_VALUE, -1, "\"e\""),
      ObjectState.FAILED, "why: ü", Optional.of("etag"), OptionalLong.of(Long.MIN_VALUE + 5),
      Optional.of(Verification.UNVERIFIABLE), 17, Instant.ofEpochSecond(-86_400L * 365, 1));

  @Test
  void entriesRoundTrip() {
    for (ObjectState state : ObjectState.values()) {
      LedgerEntry e = new LedgerEntry(FULL.key(), FULL.destinationKey(), FULL.fingerprint(), state, FULL.reason(),
          FULL.destinationEtag(), FULL.crc64(), FULL.verification(), FULL.attempts(), FULL.updated());
      assertThat(EntryCodec.decode(e.key(), EntryCodec.encode(e))).isEqualTo(e);
    }
    LedgerEntry bare = new LedgerEntry("", "", new SourceFingerprint(0, 0, ""), ObjectState.MIGRATED, "",
        Optional.empty(), OptionalLong.empty(), Optional.empty(), 0, Instant.EPOCH);
    byte[] bytes = EntryCodec.encode(bare);
    assertThat(EntryCodec.decode("", bytes)).isEqualTo(bare);
    assertThat(bytes[0]).isEqualTo((byte) EntryCodec.VERSION);
    assertThat(bytes.length).as("compact").isLessThanOrEqualTo(12);
  }

  @Test
  void checkpointsPartsAndCursorsRoundTrip() {
    UploadCheckpoint h = new UploadCheckpoint("k", "d", "upload-id/+=", new SourceFingerprint(1L << 40, 7, "v"),
        1L << 40, 64L << 20, Instant.parse("2026-11-25T21:00:00.123456789Z"), List.of());
    assertThat(CheckpointCodec.decodeHeader("k", CheckpointCodec.encodeHeader(h))).isEqualTo(h);
    for (Verification v : Verification.values()) {
      PartResult p = new PartResult(10_000, 5L << 30, "etag", -1L, v);
      assertThat(CheckpointCodec.decodePart("k", 10_000, CheckpointCodec.encodePart(p))).isEqualTo(p);
    }
    assertThat(CursorCodec.decode("s", CursorCodec.encode(new ListCursor("tok ü")))).isEqualTo(new ListCursor("tok ü"));
  }

  @Test
  void varintsRoundTripAtTheEdges() {
    long[] values = {0, 1, -1, 63, 64, -64, -65, 127, 128, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
        Long.MIN_VALUE};
    Bytes.Writer w = new Bytes.Writer(1);
    for (long v : values) {
      w.writeZigZag(v).writeVarLong(v).writeFixed64(v);
    }
    Bytes.Reader r = new Bytes.Reader(w.toByteArray());
    for (long v : values) {
      assertThat(r.readZigZag()).isEqualTo(v);
      assertThat(r.readVarLong()).isEqualTo(v);
      assertThat(r.readFixed64()).isEqualTo(v);
    }
    r.expectEnd();
  }

  @Test
  void unknownVersionsAndDamagedRecordsFailClearly() {
    byte[] good = EntryCodec.encode(FULL);
    byte[] newer = good.clone();
    newer[0] = 2;
    assertThatThrownBy(() -> EntryCodec.decode("k", newer)).isInstanceOf(RecordFormatException.class)
        .hasMessageContaining("key 'k'").hasMessageContaining("format version 2")
        .hasMessageContaining("only version 1");
    assertThatThrownBy(() -> EntryCodec.decode("k", Arrays.copyOf(good, good.length - 1)))
        .isInstanceOf(RecordFormatException.class).hasMessageContaining("truncated");
    assertThatThrownBy(() -> EntryCodec.decode("k", Arrays.copyOf(good, good.length + 1)))
        .isInstanceOf(RecordFormatException.class).hasMessageContaining("trailing");
    assertThatThrownBy(() -> EntryCodec.decode("k", new byte[0])).isInstanceOf(RecordFormatException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> CheckpointCodec.decodePart("k", 3, new byte[] {(byte) 200}))
        .isInstanceOf(RecordFormatException.class).hasMessageContaining("part 3").hasMessageContaining("200");
    assertThatThrownBy(() -> CursorCodec.decode("s", new byte[] {1, 50, 'a'}))
        .isInstanceOf(RecordFormatException.class).hasMessageContaining("scope 's'");
  }

  @Test
  void partKeysOfDifferentKeysAndUploadsNeverShareAPrefix() {
    String[] keys = {"a", "a\u0000", "a\u0000b", "a\u0001", "ab", ""};
    for (String k1 : keys) {
      for (String k2 : keys) {
        if (!k1.equals(k2)) {
          byte[] p1 = Keys.partsOfKey(k1);
          byte[] p2 = Keys.partsOfKey(k2);
          assertThat(Keys.startsWith(p1, p2)).as("%s vs %s", k1, k2).isFalse();
          assertThat(Keys.startsWith(Keys.part(k1, "u", 1), p2)).isFalse();
          assertThat(Keys.startsWith(Keys.part(k1, "u", 1), Keys.partsOfUpload(k1, "u\u0000"))).isFalse();
        }
      }
    }
    byte[] pk = Keys.part("k", "u", 0x01020304);
    assertThat(Keys.partNumber(pk)).isEqualTo(0x01020304);
    assertThat(Keys.startsWith(pk, Keys.partsOfUpload("k", "u"))).isTrue();
    byte[] prefix = Keys.partsOfKey("k");
    assertThat(Arrays.compare(Keys.endOfPrefix(prefix), pk)).isPositive();
    assertThat(Keys.suffix(Keys.entry("ü/😀"))).isEqualTo("ü/😀");
    assertThatThrownBy(() -> Keys.entry("\uDC00x")).isInstanceOf(IllegalArgumentException.class);
  }
}
