package io.github.cosmigrate.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ObjectInfoTest {
  private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

  @Test
  void versionIdPinsReadsButIsNotPartOfTheFingerprint() {
    ObjectInfo listed = new ObjectInfo("k", 10, Optional.of(T), Optional.of("\"abc\""), OptionalLong.empty(),
        ObjectMetadata.empty());
    ObjectInfo headed = new ObjectInfo("k", 10, Optional.of(T), Optional.of("abc"), OptionalLong.empty(),
        ObjectMetadata.empty(), Optional.of("v1"));
    assertThat(headed.fingerprint()).isEqualTo(listed.fingerprint());
    assertThat(headed.withKey("j").versionId()).contains("v1");
    assertThat(headed.withMetadata(ObjectMetadata.empty()).versionId()).contains("v1");
  }

  @Test
  void fingerprintDiffersWhenSizeMtimeOrEtagDiffer() {
    ObjectInfo a = new ObjectInfo("k", 10, Optional.of(T), Optional.of("abc"), OptionalLong.empty(),
        ObjectMetadata.empty());
    assertThat(new ObjectInfo("k", 11, Optional.of(T), Optional.of("abc"), OptionalLong.empty(),
        ObjectMetadata.empty()).fingerprint()).isNotEqualTo(a.fingerprint());
    assertThat(new ObjectInfo("k", 10, Optional.of(T.plusSeconds(1)), Optional.of("abc"), OptionalLong.empty(),
        ObjectMetadata.empty()).fingerprint()).isNotEqualTo(a.fingerprint());
    assertThat(new ObjectInfo("k", 10, Optional.of(T), Optional.of("abd"), OptionalLong.empty(),
        ObjectMetadata.empty()).fingerprint()).isNotEqualTo(a.fingerprint());
  }
}
