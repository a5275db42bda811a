package io.github.cosmigrate.source.cos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectLocation;
import io.github.cosmigrate.model.SourceEntry;
import io.github.cosmigrate.model.SourceRead;
import io.github.cosmigrate.spi.capability.ObjectLocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What the COS source adds to the Source contract: prefix, filter, archive classes, metadata, CRC-64, location. */
class CosSourceTest {

  private static Map<String, SourceEntry> listAll(CosSource s) throws Exception {
    Map<String, SourceEntry> out = new TreeMap<>();
    Optional<io.github.cosmigrate.model.ListCursor> cursor = Optional.empty();
    do {
      ListBatch b = s.list(cursor);
      b.entries().forEach(e -> out.put(e.key(), e));
      cursor = b.next();
    } while (cursor.isPresent());
    return out;
  }

  @Test
  void listsBelowThePrefixSkippingMarkersAndFilteredClassesAndFailingArchivedObjects() throws Exception {
    String bucket = CosFixture.newBucket();
    CosFixture.put(bucket, "p/a.txt", "a".getBytes(StandardCharsets.UTF_8));
    CosFixture.put(bucket, "p/dir/", new byte[0]);
    CosFixture.put(bucket, "p/ia.bin", new byte[] {1, 2}, Map.of(), null, "STANDARD_IA");
    CosFixture.put(bucket, "p/cold.bin", new byte[] {3}, Map.of(), null, "ARCHIVE");
    CosFixture.put(bucket, "other/x", new byte[] {4});
    try (CosSource all = CosSource.open(CosFixture.source(bucket).prefix("p/").pageSize(2).build());
        CosSource filtered = CosSource.open(CosFixture.source(bucket).prefix("p/")
            .storageClasses(Set.of("standard", "ARCHIVE")).build())) {
      Map<String, SourceEntry> e = listAll(all);
      assertThat(e.keySet()).containsExactly("a.txt", "cold.bin", "dir/", "ia.bin");
      assertThat(e.get("a.txt")).isInstanceOf(SourceEntry.Found.class);
      assertThat(e.get("dir/")).isInstanceOf(SourceEntry.Skipped.class);
      assertThat(((SourceEntry.Found) e.get("ia.bin")).object().metadata().storageClass()).contains("STANDARD_IA");
      SourceEntry.Failed cold = (SourceEntry.Failed) e.get("cold.bin");
      assertThat(cold.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
      assertThat(cold.reason()).contains("cos://" + bucket + "/p/cold.bin").contains("ARCHIVE")
          .contains("not restored").contains("restore it first");

      Map<String, SourceEntry> f = listAll(filtered);
      assertThat(f.get("a.txt")).isInstanceOf(SourceEntry.Found.class);
      assertThat(f.get("cold.bin")).isInstanceOf(SourceEntry.Failed.class);
      assertThat(((SourceEntry.Skipped) f.get("ia.bin")).reason())
          .isEqualTo("storage class STANDARD_IA not in the storage-class filter ARCHIVE, STANDARD");
    }
  }

  @Test
  void statAndOpenCarryMetadataAndTheCrc64AndTheLocationIsPinned() throws Exception {
    String bucket = CosFixture.newBucket();
    byte[] data = "metadata and crc".getBytes(StandardCharsets.UTF_8);
    CosFixture.put(bucket, "src/k.txt", data, Map.of("owner", "me"), "text/plain", "STANDARD_IA");
    try (CosSource s = CosSource.open(CosFixture.source(bucket).prefix("src/").build())) {
      ObjectInfo listed = ((SourceEntry.Found) listAll(s).get("k.txt")).object();
      assertThat(listed.crc64()).isEmpty();
      ObjectInfo stat = s.stat("k.txt");
      assertThat(stat.crc64()).hasValue(Crc64.of(data));
      assertThat(stat.metadata().contentType()).contains("text/plain");
      assertThat(stat.metadata().userMetadata()).containsEntry("owner", "me");
      assertThat(stat.metadata().storageClass()).contains("STANDARD_IA");
      assertThat(stat.fingerprint()).isEqualTo(listed.fingerprint());
      try (SourceRead r = s.open(listed)) {
        assertThat(r.body().readAllBytes()).isEqualTo(data);
        assertThat(r.observed().crc64()).hasValue(Crc64.of(data));
        assertThat(r.observed().metadata().userMetadata()).containsEntry("owner", "me");
      }
      assertThat(s.provenance(listed)).contains("cos://" + bucket + "/src/k.txt");
      ObjectLocation at = s.capability(ObjectLocator.class).orElseThrow().locate(listed).orElseThrow();
      assertThat(at.service()).isEqualTo("cos@" + CosFixture.endpoint());
      assertThat(at.region()).isEqualTo(CosFixture.REGION);
      assertThat(at.bucket()).isEqualTo(bucket);
      assertThat(at.key()).isEqualTo("src/k.txt");
      assertThat(at.etag()).isEqualTo(listed.etag());
      assertThat(s.describe()).contains("cos://" + bucket + "/src/").contains(CosFixture.REGION);
    }
  }

  @Test
  void aMissingBucketStopsTheRunNamingIt() throws Exception {
    try (CosSource s = CosSource.open(CosFixture.source("absent-1250000000").build())) {
      assertThatThrownBy(() -> s.list(Optional.empty())).isInstanceOf(MigrateException.class)
          .satisfies(e -> {
            assertThat(((MigrateException) e).kind()).isEqualTo(ErrorKind.FATAL_CONFIGURATION);
            assertThat(e.getMessage()).contains("absent-1250000000").doesNotContain(CosFixture.SECRET_KEY);
          });
    }
  }

  @Test
  void aListingOfAnotherPrefixIsRefused() throws Exception {
    String bucket = CosFixture.newBucket();
    try (CosSource s = CosSource.open(CosFixture.source(bucket).prefix("a/").build())) {
      List<Throwable> seen = new ArrayList<>();
      try {
        s.list(Optional.of(new io.github.cosmigrate.model.ListCursor("b/x")));
      } catch (MigrateException e) {
        seen.add(e);
        assertThat(e.kind()).isEqualTo(ErrorKind.FATAL_CONFIGURATION);
      }
      assertThat(seen).hasSize(1);
    }
  }
}
