package io.github.cosmigrate.flink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.SourceEntry;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The binary forms of splits and of the enumerator's state: what a checkpoint holds comes back equal. */
class SplitSerializersTest {
  static final ObjectInfo FULL = new ObjectInfo("dir/naïve 文件 %2F.txt", 12345, Optional.of(Instant.ofEpochMilli(1700000000123L)),
      Optional.of("d41d8cd98f00b204e9800998ecf8427e-3"), OptionalLong.of(-42L),
      ObjectMetadata.builder().contentType("text/plain").cacheControl("max-age=60").contentDisposition("inline")
          .contentEncoding("gzip").contentLanguage("zh").expires("Wed, 21 Oct 2026 07:28:00 GMT")
          .putUserMetadata("owner", "ann").putUserMetadata("empty", "").storageClass("STANDARD_IA")
          .serverSideEncryption("AES256").build(),
      Optional.of("v-7"));
  static final ObjectInfo BARE = new ObjectInfo("a", ObjectInfo.UNKNOWN_SIZE, Optional.empty(), Optional.empty(),
      OptionalLong.empty(), ObjectMetadata.empty());
  static final List<SourceEntry> ENTRIES = List.of(new SourceEntry.Found(FULL), new SourceEntry.Found(BARE),
      new SourceEntry.Skipped("b", "excluded by --exclude"), new SourceEntry.Failed("c", ErrorKind.ACCESS_DENIED,
          "permission denied: " + "x".repeat(70_000)));

  @Test
  void aSplitKeepsEveryEntryItHasNotEmitted() throws IOException {
    SplitSerializers.Splits s = new SplitSerializers.Splits();
    PageSplit split = new PageSplit("page-3", ENTRIES, 0, null);
    assertThat(s.deserialize(s.getVersion(), s.serialize(split))).isEqualTo(split);

    PageSplit partly = split.from(1);
    PageSplit back = s.deserialize(s.getVersion(), s.serialize(partly));
    assertThat(back.entries()).isEqualTo(ENTRIES.subList(1, 4));
    assertThat(back.offset()).isZero();
    assertThat(back.splitId()).isEqualTo("page-3");

    PageSplit stopped = new PageSplit("listing-stopped-9", List.of(), 0, "bucket gone");
    assertThat(s.deserialize(s.getVersion(), s.serialize(stopped))).isEqualTo(stopped);
  }

  @Test
  void theEnumeratorsStateComesBackEqual() throws IOException {
    SplitSerializers.Checkpoints c = new SplitSerializers.Checkpoints();
    ListingCheckpoint state = new ListingCheckpoint("cursor-after-page-2", false, 3,
        List.of(new PageSplit("page-2", ENTRIES, 0, null)));
    assertThat(c.deserialize(c.getVersion(), c.serialize(state))).isEqualTo(state);
    ListingCheckpoint done = new ListingCheckpoint(null, true, 0, List.of());
    assertThat(c.deserialize(c.getVersion(), c.serialize(done))).isEqualTo(done);
  }

  @Test
  void stateOfAnUnknownVersionIsRefusedWithAReason() {
    assertThatThrownBy(() -> new SplitSerializers.Splits().deserialize(2, new byte[0]))
        .isInstanceOf(IOException.class).hasMessageContaining("version 2");
  }

  @Test
  void listedElementsCarryTheEntryThrough() {
    for (SourceEntry e : ENTRIES) {
      Listed l = Listed.of(e);
      assertThat(l.key).isEqualTo(e.key());
      assertThat(l.decode()).isEqualTo(e);
    }
  }
}
