package io.github.cosmigrate.testkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.Migrator;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.spi.ForwardingSource;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.testkit.fakes.InMemoryLedger;
import io.github.cosmigrate.testkit.fakes.InMemorySink;
import io.github.cosmigrate.testkit.fakes.InMemorySource;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine sends what MetadataPolicy maps, counts its notes once per object and adds provenance. */
class MetadataPipelineTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final String KMS_NOTE = "server-side encryption aws:kms dropped (COS takes AES256, SSE-COS, only)";

  final InMemorySource memory = InMemorySource.create();
  final InMemorySink sink = new InMemorySink();

  /** A source that names where its objects came from, as the S3 and OSS sources do. */
  final Source withProvenance = new ForwardingSource(memory) {
    @Override
    public Optional<String> provenance(ObjectInfo object) {
      return Optional.of("s3://from/" + object.key());
    }
  };

  @AfterEach
  void closed() {
    memory.checkNoOpenStreams();
    sink.checkNoOpenUploads();
  }

  static ObjectMetadata glacierKms() {
    return ObjectMetadata.builder().contentType("image/jpeg").cacheControl("max-age=3600")
        .putUserMetadata("camera", "x100").storageClass("GLACIER").serverSideEncryption("aws:kms").build();
  }

  MigrationReport run(Source source, Consumer<MigrationOptions.Builder> edit) throws Exception {
    MigrationOptions.Builder b = PipelineTest.fast();
    edit.accept(b);
    return Migrator.builder().source(source).sink(sink).ledger(new InMemoryLedger()).options(b.build()).build()
        .start().completion().get(PipelineTest.SAFETY_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void aGlacierKmsObjectMigratesWithTheUsersStorageClassANoteAndItsHeadersAndUserMetadata() throws Exception {
    memory.put("small.jpg", PipelineTest.bytes(1000, 1), T0, glacierKms());
    memory.put("big.jpg", PipelineTest.bytes(3 * PipelineTest.MIB + 5, 2), T0, glacierKms());
    // a failed first put: the retry must not count the object's note twice
    sink.failNext(1, InMemorySink.Op.PUT, k -> k.equals("small.jpg"), new IOException("connection reset"));

    MigrationReport r = run(withProvenance, o -> o.defaultMetadata(ObjectMetadata.builder()
        .storageClass("STANDARD_IA").build()));

    assertThat(r.migrated()).isEqualTo(2);
    assertThat(r.failed()).isZero();
    assertThat(r.metadataNotes()).isEqualTo(Map.of(KMS_NOTE, 2L));
    for (String key : new String[] {"small.jpg", "big.jpg"}) {
      ObjectMetadata got = sink.stat(key).orElseThrow().metadata();
      assertThat(got.storageClass()).as(key).contains("STANDARD_IA");
      assertThat(got.serverSideEncryption()).as(key).isEmpty();
      assertThat(got.contentType()).as(key).contains("image/jpeg");
      assertThat(got.cacheControl()).as(key).contains("max-age=3600");
      assertThat(got.userMetadata()).as(key).containsEntry("camera", "x100")
          .containsEntry("migrate-source", "s3://from/" + key);
    }
  }

  @Test
  void withoutTheUsersStorageClassTheSourcesIsMappedAndProvenanceCanBeTurnedOff() throws Exception {
    memory.put("a.jpg", PipelineTest.bytes(10, 3), T0, glacierKms());

    MigrationReport r = run(withProvenance, o -> o.provenance(false));

    assertThat(r.migrated()).isEqualTo(1);
    assertThat(r.metadataNotes()).isEqualTo(Map.of(KMS_NOTE, 1L, "storage class GLACIER mapped to ARCHIVE", 1L));
    ObjectMetadata got = sink.stat("a.jpg").orElseThrow().metadata();
    assertThat(got.storageClass()).contains("ARCHIVE");
    assertThat(got.userMetadata()).isEqualTo(Map.of("camera", "x100"));
  }
}
