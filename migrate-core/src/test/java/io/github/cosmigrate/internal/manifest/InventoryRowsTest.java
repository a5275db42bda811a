package io.github.cosmigrate.internal.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceEntry;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InventoryRowsTest {
  private static final String FULL_S3 = "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, "
      + "ETag, StorageClass, IsMultipartUploaded, ReplicationStatus, EncryptionStatus";

  private static InventoryRows rows(String schema, String prefix) {
    return new InventoryRows(ManifestSchema.parse(schema), "photos", prefix, "inv.csv.gz");
  }

  private static ObjectInfo found(InventoryRows.Row row) {
    assertThat(row).isInstanceOf(InventoryRows.Listed.class);
    SourceEntry e = ((InventoryRows.Listed) row).entry();
    assertThat(e).isInstanceOf(SourceEntry.Found.class);
    return ((SourceEntry.Found) e).object();
  }

  private static SourceEntry.Failed failed(InventoryRows.Row row) {
    assertThat(row).isInstanceOf(InventoryRows.Listed.class);
    SourceEntry e = ((InventoryRows.Listed) row).entry();
    assertThat(e).isInstanceOf(SourceEntry.Failed.class);
    SourceEntry.Failed f = (SourceEntry.Failed) e;
    assertThat(f.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    return f;
  }

  @Test
  void theDefaultSchemaGivesSizeAndEtagAndTheKeyIsFormDecoded() {
    InventoryRows r = rows(ManifestSchema.DEFAULT, "");
    ObjectInfo o = found(r.row(1, "\"photos\",\"a+b%2Bc%E4%B8%AD%2F%25.txt\",\"1234\",\"d41d8cd98f00b204e9800998ecf8427e\""));
    assertThat(o.key()).isEqualTo("a b+c中/%.txt");
    assertThat(o.size()).isEqualTo(1234);
    assertThat(o.etag()).hasValue("d41d8cd98f00b204e9800998ecf8427e");
    assertThat(o.lastModified()).isEmpty();
    assertThat(o.versionId()).isEmpty();
    assertThat(o.metadata().storageClass()).isEmpty();
    assertThat(o.crc64()).isEmpty();
  }

  @Test
  void columnsFollowTheSchemaInAnyOrderAndUnknownColumnsAreIgnored() {
    InventoryRows r = rows("Size, ETag, EncryptionStatus, Key, LastModifiedDate, StorageClass, Bucket", "");
    ObjectInfo o = found(r.row(7, "\"42\",\"\"\"abc-2\"\"\",\"SSE-S3\",\"dir/k\",\"2024-01-31T12:34:56.789Z\","
        + "\"STANDARD_IA\",\"photos\""));
    assertThat(o.key()).isEqualTo("dir/k");
    assertThat(o.size()).isEqualTo(42);
    assertThat(o.etag()).as("an ETag in quotes loses them, as everywhere").hasValue("abc-2");
    assertThat(o.lastModified()).as("cut to whole seconds as the S3 source cuts its times")
        .hasValue(Instant.parse("2024-01-31T12:34:56Z"));
    assertThat(o.metadata().storageClass()).hasValue("STANDARD_IA");
    // names are matched without regard to case and spaces
    ObjectInfo lower = found(rows(" key ,size", "").row(1, "\"x\",\"3\""));
    assertThat(lower.key()).isEqualTo("x");
    assertThat(lower.size()).isEqualTo(3);
    // an offset time, and unquoted fields, are accepted
    ObjectInfo offset = found(rows("Key, Size, LastModifiedDate", "").row(1, "k,5,2024-01-31T20:00:00+08:00"));
    assertThat(offset.lastModified()).hasValue(Instant.parse("2024-01-31T12:00:00Z"));
  }

  @Test
  void versionsOfAVersionedInventory() {
    InventoryRows r = rows(FULL_S3, "");
    String latest = "\"photos\",\"k\",\"v2\",\"true\",\"false\",\"10\",\"2024-01-01T00:00:00.000Z\",\"e2\","
        + "\"STANDARD\",\"FALSE\",\"\",\"SSE-S3\"";
    ObjectInfo o = found(r.row(1, latest));
    assertThat(o.versionId()).hasValue("v2");
    assertThat(o.etag()).hasValue("e2");
    assertThat(r.row(2, "\"photos\",\"k\",\"v1\",\"false\",\"false\",\"9\",\"2023-01-01T00:00:00.000Z\",\"e1\","
        + "\"STANDARD\",\"FALSE\",\"\",\"SSE-S3\"")).as("an old version is not listed").isNull();
    assertThat(r.row(3, "\"photos\",\"k\",\"v3\",\"true\",\"true\",\"\",\"2024-02-01T00:00:00.000Z\",\"\","
        + "\"\",\"\",\"\",\"\"")).as("a delete marker is not listed").isNull();
    // a version id left empty (an object from before versioning) is no version id
    ObjectInfo unversioned = found(r.row(4, "\"photos\",\"u\",\"\",\"true\",\"false\",\"1\",\"\",\"e\",\"\",\"\","
        + "\"\",\"\""));
    assertThat(unversioned.versionId()).isEmpty();
    assertThat(failed(r.row(5, "\"photos\",\"k\",\"v\",\"yes\",\"false\",\"1\",\"\",\"e\",\"\",\"\",\"\",\"\""))
        .reason()).contains("line 5", "IsLatest is 'yes'");
  }

  @Test
  void keysOutsideThePrefixAreNotPartOfTheJobAndKeysInsideAreMadeRelative() {
    InventoryRows r = rows(ManifestSchema.DEFAULT, "backup/2024/");
    assertThat(r.row(1, "\"photos\",\"backup/2023/a\",\"1\",\"e\"")).isNull();
    assertThat(r.row(2, "\"photos\",\"other\",\"1\",\"e\"")).isNull();
    assertThat(found(r.row(3, "\"photos\",\"backup%2F2024%2Fa%2Fb\",\"1\",\"e\"")).key()).isEqualTo("a/b");
    SourceEntry prefix = ((InventoryRows.Listed) r.row(4, "\"photos\",\"backup/2024/\",\"0\",\"e\"")).entry();
    assertThat(prefix).isEqualTo(new SourceEntry.Skipped("backup/2024/",
        "the key equals the prefix 'backup/2024/' (a directory marker)"));
    SourceEntry marker = ((InventoryRows.Listed) r.row(5, "\"photos\",\"backup/2024/d/\",\"0\",\"e\"")).entry();
    assertThat(marker).isEqualTo(new SourceEntry.Skipped("d/", "directory marker (a zero-byte key ending in '/')"));
    assertThat(found(r.row(6, "\"photos\",\"backup/2024/d2/\",\"3\",\"e\"")).key()).isEqualTo("d2/");
  }

  @Test
  void badRowsFailWithTheFileAndLineAndTheReason() {
    InventoryRows r = rows(ManifestSchema.DEFAULT, "p/");
    SourceEntry.Failed count = failed(r.row(3, "\"photos\",\"p/k\",\"1\""));
    assertThat(count.key()).as("no key to trust: the line's own").isEqualTo("inv.csv.gz:3");
    assertThat(count.reason()).isEqualTo("manifest inv.csv.gz line 3: expected 4 fields (Bucket, Key, Size, ETag),"
        + " found 3");
    SourceEntry.Failed bucket = failed(r.row(4, "\"other\",\"p/k\",\"1\",\"e\""));
    assertThat(bucket.key()).isEqualTo("inv.csv.gz:4");
    assertThat(bucket.reason()).contains("line 4", "bucket 'other', not 'photos'");
    SourceEntry.Failed size = failed(r.row(5, "\"photos\",\"p/k\",\"12x\",\"e\""));
    assertThat(size.key()).as("the row's key when it names one in this job").isEqualTo("k");
    assertThat(size.reason()).contains("line 5", "Size is '12x'");
    assertThat(failed(r.row(6, "\"photos\",\"p/k\",\"-1\",\"e\"")).reason()).contains("negative");
    assertThat(failed(r.row(7, "\"photos\",\"p/k\",\"\",\"e\"")).reason()).contains("Size is ''");
    assertThat(failed(r.row(8, "\"photos\",\"p/k%E4%B8\",\"1\",\"e\"")).reason())
        .contains("line 8", "does not decode to UTF-8");
    assertThat(failed(r.row(9, "\"photos\",\"p/k%G1\",\"1\",\"e\"")).reason()).contains("bad escape '%G1'");
    assertThat(failed(r.row(10, "\"photos\",\"p/k%2\",\"1\",\"e\"")).reason()).contains("incomplete escape");
    assertThat(failed(r.row(11, "\"photos\",\"p/k,\"1\",\"e\"")).reason()).contains("line 11", "not a CSV row");
    assertThat(failed(r.row(12, "\"photos\",\"p/k\" ,\"1\",\"e\"")).reason()).contains("after its closing quote");
    assertThat(failed(r.row(13, "\"photos\",\"p/k")).reason()).contains("not closed");
    InventoryRows timed = rows("Key, Size, LastModifiedDate", "");
    assertThat(failed(timed.row(14, "\"k\",\"1\",\"yesterday\"")).reason()).contains("LastModifiedDate is 'yesterday'");
  }

  @Test
  void aPlainLineOrASchemaWithoutSizeAsksForAStat() {
    InventoryRows plain = new InventoryRows(null, "photos", "p/", "keys.txt");
    assertThat(plain.looksUp()).isTrue();
    assertThat(plain.row(1, "p/a b+c%2B.txt")).as("a plain key is taken as it is")
        .isEqualTo(new InventoryRows.Lookup("a b+c%2B.txt", Optional.empty()));
    assertThat(plain.row(2, "q/x")).isNull();
    InventoryRows noSize = rows("Bucket, Key, VersionId", "");
    assertThat(noSize.looksUp()).isTrue();
    assertThat(noSize.row(1, "\"photos\",\"a%20b\",\"v9\"")).isEqualTo(new InventoryRows.Lookup("a b",
        Optional.of("v9")));
    assertThat(rows(ManifestSchema.DEFAULT, "").looksUp()).isFalse();
  }

  @Test
  void aSchemaNeedsAKeyAndNamesEachColumnOnce() {
    assertThatThrownBy(() -> ManifestSchema.parse(" ")).hasMessageContaining("empty");
    assertThatThrownBy(() -> ManifestSchema.parse("Bucket, Size")).hasMessageContaining("no 'Key' column");
    assertThatThrownBy(() -> ManifestSchema.parse("Key, Size, key")).hasMessageContaining("'key' twice");
    assertThatThrownBy(() -> ManifestSchema.parse("Key,,Size")).hasMessageContaining("position 2");
    assertThat(ManifestSchema.parse(ManifestSchema.DEFAULT).columns()).isEqualTo(4);
  }

  @Test
  void csvFieldsAndFormDecoding() {
    assertThat(CsvFields.split("\"a\",\"b\"\"c\",\"\"")).containsExactly("a", "b\"c", "");
    assertThat(CsvFields.split("\"a\",")).containsExactly("a", "");
    assertThat(CsvFields.split("")).containsExactly("");
    assertThat(FormDecoding.decode("plain-key")).isEqualTo("plain-key");
    assertThat(FormDecoding.decode("%F0%9F%98%80+%2B")).isEqualTo("😀 +");
    assertThat(FormDecoding.decode("中+文")).as("characters left unencoded are kept").isEqualTo("中 文");
  }
}
