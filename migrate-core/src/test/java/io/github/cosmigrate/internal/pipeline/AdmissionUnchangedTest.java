package io.github.cosmigrate.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.ObjectState;
import io.github.cosmigrate.model.Verification;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AdmissionUnchangedTest {
  private static final MigrationOptions OPTIONS = MigrationOptions.builder().build();

  private static ObjectInfo info(Optional<Instant> mtime, Optional<String> etag) {
    return new ObjectInfo("a/b.bin", 100, mtime, etag, OptionalLong.empty(), ObjectMetadata.empty());
  }

  private static LedgerEntry migrated(ObjectInfo as) {
    return new LedgerEntry(as.key(), "dst/a/b.bin", as.fingerprint(), ObjectState.MIGRATED, "", Optional.of("e"),
        OptionalLong.of(7), Optional.of(Verification.VERIFIED), 1, Instant.EPOCH);
  }

  @Test
  void theSameVersionIsUnchangedAndAnotherIsNot() {
    ObjectInfo v1 = info(Optional.of(Instant.ofEpochSecond(1000)), Optional.of("etag-1"));
    ObjectInfo v2 = info(Optional.of(Instant.ofEpochSecond(1000)), Optional.of("etag-2"));
    assertThat(Admission.unchanged(OPTIONS, migrated(v1), v1, "dst/a/b.bin")).isTrue();
    assertThat(Admission.unchanged(OPTIONS, migrated(v1), v2, "dst/a/b.bin")).isFalse();
    assertThat(Admission.unchanged(OPTIONS, migrated(v1), v1, "dst/other")).isFalse();
    assertThat(Admission.unchanged(OPTIONS, null, v1, "dst/a/b.bin")).isFalse();
  }

  @Test
  void anObjectWhoseFingerprintTellsNoVersionApartIsNeverUnchanged() {
    ObjectInfo bare = info(Optional.empty(), Optional.empty()); // a URL without ETag and Last-Modified
    assertThat(bare.fingerprint().identifiesVersion()).isFalse();
    assertThat(Admission.unchanged(OPTIONS, migrated(bare), bare, "dst/a/b.bin")).isFalse();
    ObjectInfo timed = info(Optional.of(Instant.ofEpochSecond(5)), Optional.empty());
    ObjectInfo tagged = info(Optional.empty(), Optional.of("t"));
    assertThat(Admission.unchanged(OPTIONS, migrated(timed), timed, "dst/a/b.bin")).isTrue();
    assertThat(Admission.unchanged(OPTIONS, migrated(tagged), tagged, "dst/a/b.bin")).isTrue();
  }
}
