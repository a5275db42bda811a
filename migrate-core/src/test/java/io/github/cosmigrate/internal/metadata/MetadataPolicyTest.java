package io.github.cosmigrate.internal.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MetadataPolicyTest {
  static final Optional<String> NO_URI = Optional.empty();

  static ObjectInfo info(ObjectMetadata m) {
    return new ObjectInfo("a/b.txt", 3, Optional.of(Instant.EPOCH), Optional.of("\"abc\""), OptionalLong.empty(), m,
        Optional.empty());
  }

  static MetadataPolicy.Mapped map(ObjectMetadata explicit, ObjectMetadata source) {
    return new MetadataPolicy(explicit, true).map(info(source), NO_URI);
  }

  @Test
  void theUsersStorageClassAndSseWinOverTheSourcesWithoutANote() {
    MetadataPolicy.Mapped m = map(ObjectMetadata.builder().storageClass("STANDARD_IA").serverSideEncryption("AES256")
        .build(), ObjectMetadata.builder().storageClass("GLACIER").serverSideEncryption("aws:kms").build());
    assertThat(m.metadata().storageClass()).contains("STANDARD_IA");
    assertThat(m.metadata().serverSideEncryption()).contains("AES256");
    assertThat(m.notes()).isEmpty();
  }

  @Test
  void headersAndUserMetadataCarryOverAndTheUsersHeadersOnlyFillIn() {
    ObjectMetadata source = ObjectMetadata.builder().contentType("image/png").cacheControl("max-age=60")
        .contentDisposition("inline").contentEncoding("gzip").contentLanguage("en")
        .expires("Thu, 01 Jan 2026 00:00:00 GMT").putUserMetadata("owner", "ann").putUserMetadata("team", "src")
        .build();
    ObjectMetadata explicit = ObjectMetadata.builder().contentType("text/plain").contentLanguage("fr")
        .putUserMetadata("team", "ops").build();
    ObjectMetadata out = map(explicit, source).metadata();
    assertThat(out.contentType()).contains("image/png");
    assertThat(out.cacheControl()).contains("max-age=60");
    assertThat(out.contentDisposition()).contains("inline");
    assertThat(out.contentEncoding()).contains("gzip");
    assertThat(out.contentLanguage()).contains("en");
    assertThat(out.expires()).contains("Thu, 01 Jan 2026 00:00:00 GMT");
    assertThat(out.userMetadata()).containsExactlyInAnyOrderEntriesOf(Map.of("owner", "ann", "team", "ops"));

    ObjectMetadata bare = map(explicit, ObjectMetadata.empty()).metadata();
    assertThat(bare.contentType()).contains("text/plain");
    assertThat(bare.contentLanguage()).contains("fr");
  }

  @ParameterizedTest
  @CsvSource({
      "STANDARD, STANDARD, false", "standard, STANDARD, false", "Standard, STANDARD, false",
      "STANDARD_IA, STANDARD_IA, false", "standard-ia, STANDARD_IA, false", "IA, STANDARD_IA, true",
      "ONEZONE_IA, STANDARD_IA, true", "GLACIER_IR, STANDARD_IA, true",
      "INTELLIGENT_TIERING, INTELLIGENT_TIERING, false", "REDUCED_REDUNDANCY, STANDARD, true",
      "EXPRESS_ONEZONE, STANDARD, true", "GLACIER, ARCHIVE, true", "glacier, ARCHIVE, true",
      "Archive, ARCHIVE, false", "ColdArchive, ARCHIVE, true", "DEEP_ARCHIVE, DEEP_ARCHIVE, false",
      "DeepColdArchive, DEEP_ARCHIVE, true", "MAZ_STANDARD_IA, MAZ_STANDARD_IA, false"})
  void storageClassesMapCaseInsensitivelyWithANoteWhenTheNameChanges(String source, String cos, boolean noted) {
    MetadataPolicy.Mapped m = map(ObjectMetadata.empty(), ObjectMetadata.builder().storageClass(source).build());
    assertThat(m.metadata().storageClass()).contains(cos);
    if (noted) {
      assertThat(m.notes()).containsExactly("storage class " + source + " mapped to " + cos);
    } else {
      assertThat(m.notes()).isEmpty();
    }
  }

  @Test
  void aStorageClassWithNoCosMeaningIsDroppedWithANote() {
    MetadataPolicy.Mapped m = map(ObjectMetadata.empty(), ObjectMetadata.builder().storageClass("OUTPOSTS").build());
    assertThat(m.metadata().storageClass()).isEmpty();
    assertThat(m.notes()).containsExactly("storage class OUTPOSTS has no COS equivalent: dropped");
  }

  @ParameterizedTest
  @CsvSource({"AES256", "aes256", "SSE-COS"})
  void sseCosIsKeptAsAes256(String sse) {
    MetadataPolicy.Mapped m = map(ObjectMetadata.empty(), ObjectMetadata.builder().serverSideEncryption(sse).build());
    assertThat(m.metadata().serverSideEncryption()).contains("AES256");
    assertThat(m.notes()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"aws:kms", "KMS", "SM4", "aws:kms:dsse"})
  void otherSseIsDroppedWithANote(String sse) {
    MetadataPolicy.Mapped m = map(ObjectMetadata.empty(), ObjectMetadata.builder().serverSideEncryption(sse).build());
    assertThat(m.metadata().serverSideEncryption()).isEmpty();
    assertThat(m.notes()).containsExactly("server-side encryption " + sse
        + " dropped (COS takes AES256, SSE-COS, only)");
  }

  @Test
  void userMetadataCosCannotCarryIsDroppedWithOneNoteEachAndTheRestKept() {
    ObjectMetadata source = ObjectMetadata.builder().putUserMetadata("名前", "x").putUserMetadata("a b", "x")
        .putUserMetadata("city", "Zürich").putUserMetadata("ok", "fine").build();
    MetadataPolicy.Mapped m = map(ObjectMetadata.empty(), source);
    assertThat(m.metadata().userMetadata()).containsExactlyEntriesOf(Map.of("ok", "fine"));
    assertThat(m.notes()).containsExactly(MetadataPolicy.NOTE_BAD_NAME, MetadataPolicy.NOTE_BAD_VALUE);
    assertThat(m.details()).hasSize(3).anySatisfy(d -> assertThat(d).contains("'city'"));
    assertThat(m.notes()).noneMatch(n -> n.contains("city"));
  }

  @Test
  void userMetadataPastTwoKilobytesIsDroppedButTheUsersAndProvenanceKeysAreKept() {
    ObjectMetadata.Builder source = ObjectMetadata.builder();
    for (int i = 0; i < 10; i++) {
      source.putUserMetadata("k" + i, "v".repeat(300));
    }
    ObjectMetadata explicit = ObjectMetadata.builder().putUserMetadata("mine", "x".repeat(500)).build();
    MetadataPolicy.Mapped m = new MetadataPolicy(explicit, true).map(info(source.build()),
        Optional.of("s3://bucket/a/b.txt"));
    Map<String, String> out = m.metadata().userMetadata();
    assertThat(out).containsEntry("mine", "x".repeat(500)).containsEntry(MetadataPolicy.KEY_SOURCE,
        "s3://bucket/a/b.txt").containsEntry(MetadataPolicy.KEY_SOURCE_ETAG, "abc");
    int bytes = out.entrySet().stream().mapToInt(e -> ("x-cos-meta-" + e.getKey() + e.getValue()).length()).sum();
    assertThat(bytes).isLessThanOrEqualTo(MetadataPolicy.MAX_USER_METADATA_BYTES);
    // 515 (mine) + 44 + 33 (provenance) + 4 x 313 = 1844; a fifth source key would make 2157
    assertThat(out).containsKeys("k0", "k1", "k2", "k3").doesNotContainKeys("k4", "k9");
    assertThat(m.notes()).containsExactly(MetadataPolicy.NOTE_TOO_LARGE);
  }

  @Test
  void provenanceKeysAreAddedPercentEncodedAndReplaceTheSourcesButNotTheUsers() {
    ObjectInfo versioned = new ObjectInfo("dir/日本.txt", 1, Optional.empty(), Optional.of("e1"),
        OptionalLong.empty(), ObjectMetadata.builder().putUserMetadata("migrate-source", "oss://old/x").build(),
        Optional.of("v7"));
    ObjectMetadata out = new MetadataPolicy(ObjectMetadata.empty(), true)
        .map(versioned, Optional.of("s3://b/dir/日本 100%.txt")).metadata();
    assertThat(out.userMetadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "migrate-source", "s3://b/dir/%E6%97%A5%E6%9C%AC 100%25.txt", "migrate-source-etag", "e1",
        "migrate-source-version-id", "v7"));

    ObjectMetadata users = ObjectMetadata.builder().putUserMetadata("migrate-source", "mine").build();
    assertThat(new MetadataPolicy(users, true).map(versioned, Optional.of("s3://b/k")).metadata().userMetadata())
        .containsEntry("migrate-source", "mine");
  }

  @Test
  void provenanceOffOrAbsentAddsNothing() {
    ObjectInfo i = info(ObjectMetadata.empty());
    assertThat(new MetadataPolicy(ObjectMetadata.empty(), false).map(i, Optional.of("s3://b/k")).metadata())
        .isEqualTo(ObjectMetadata.empty());
    assertThat(new MetadataPolicy(ObjectMetadata.empty(), true).map(i, NO_URI).metadata())
        .isEqualTo(ObjectMetadata.empty());
  }
}
