package io.github.cosmigrate.source.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceEntry;
import io.github.cosmigrate.model.SourceRead;
import io.github.cosmigrate.server.ObjectStoreServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * OssSource against S3Proxy behind the OSS dialect proxy, OSS signature V1 checked: paging, prefixes and odd keys,
 * CRC-64, metadata, configuration errors.
 */
class OssSourceTest {

  /** Lists every page; returns the pages. */
  static List<ListBatch> pages(OssSource s) throws Exception {
    return pages(s, Optional.empty());
  }

  static List<ListBatch> pages(OssSource s, Optional<ListCursor> from) throws Exception {
    List<ListBatch> out = new ArrayList<>();
    Optional<ListCursor> c = from;
    do {
      ListBatch b = s.list(c);
      out.add(b);
      c = b.next();
    } while (c.isPresent());
    return out;
  }

  static List<SourceEntry> all(List<ListBatch> pages) {
    List<SourceEntry> out = new ArrayList<>();
    pages.forEach(p -> out.addAll(p.entries()));
    return out;
  }

  private static void seed(String bucket, int n) {
    ObjectStoreServer store = OssFixture.store();
    for (int i = 0; i < n; i++) {
      store.putObject(bucket, String.format("k/%05d", i), ("v" + i).getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void moreThanAThousandKeysOverSmallPagesAndAResumeInANewInstance() throws Exception {
    String bucket = OssFixture.newBucket();
    seed(bucket, 1_230);
    List<String> keys = new ArrayList<>();
    try (OssSource s = OssSource.open(OssFixture.config(bucket).pageSize(100).build())) {
      List<ListBatch> pages = pages(s);
      assertThat(pages).hasSize(13);
      assertThat(pages).allSatisfy(p -> assertThat(p.entries().size()).isLessThanOrEqualTo(100));
      all(pages).forEach(e -> keys.add(e.key()));
      assertThat(keys).hasSize(1_230).doesNotHaveDuplicates().isSorted().first().isEqualTo("k/00000");
      assertThat(all(pages)).allSatisfy(e -> assertThat(e).isInstanceOf(SourceEntry.Found.class));
      // the cursor is the last full key: it works in a new process
      ListCursor fifth = pages.get(4).next().orElseThrow();
      assertThat(fifth.token()).isEqualTo("k/00499");
      try (OssSource restarted = OssSource.open(OssFixture.config(bucket).pageSize(100).build())) {
        assertThat(restarted.list(Optional.of(new ListCursor(fifth.token()))).entries().get(0).key())
            .isEqualTo("k/00500");
      }
    }
  }

  @Test
  void defaultPageSizeIsAThousand() throws Exception {
    String bucket = OssFixture.newBucket();
    seed(bucket, 1_050);
    try (OssSource s = OssSource.open(OssFixture.config(bucket).build())) {
      assertThat(pages(s)).extracting(p -> p.entries().size()).containsExactly(1000, 50);
    }
  }

  @Test
  void oddKeysBelowAPrefixRoundTripOverPagesAndResumeFromAnOddCursor() throws Exception {
    String bucket = OssFixture.newBucket();
    List<String> odd = List.of("a & b.txt", "c+d %41 %.txt", "plus+only", "sp ace/x", "unicode 中文 é/😀.bin",
        "~tilde#hash?q=1");
    for (String k : odd) {
      OssFixture.put(bucket, "data set/" + k, ("content of " + k).getBytes(StandardCharsets.UTF_8));
    }
    OssFixture.put(bucket, "data set/sub dir/", new byte[0]);
    OssFixture.put(bucket, "data set+other/no", new byte[] {1});
    OssFixture.put(bucket, "data/no", new byte[] {1});
    try (OssSource s = OssSource.open(OssFixture.config(bucket).prefix("data set").pageSize(2).build())) {
      assertThat(s.config().prefix()).isEqualTo("data set/");
      List<ListBatch> pages = pages(s);
      assertThat(pages).hasSizeGreaterThan(2);
      List<SourceEntry> entries = all(pages);
      List<String> expected = new ArrayList<>(odd);
      expected.add("sub dir/");
      expected.sort(null);
      assertThat(entries).extracting(SourceEntry::key).containsExactlyElementsOf(expected);
      assertThat(entries).filteredOn(e -> e.key().equals("sub dir/")).singleElement()
          .isInstanceOfSatisfying(SourceEntry.Skipped.class, sk -> assertThat(sk.reason()).contains("directory marker"));
      for (String k : odd) {
        ObjectInfo o = s.stat(k);
        try (SourceRead r = s.open(o)) {
          assertThat(new String(r.body().readAllBytes(), StandardCharsets.UTF_8)).as(k).isEqualTo("content of " + k);
        }
        try (InputStream in = s.openRange(o, 3, 5)) {
          assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as(k).isEqualTo("tent ");
        }
        assertThat(s.provenance(o)).hasValue("oss://" + bucket + "/data set/" + k);
      }
      // every cursor is a decoded full key; resuming from each in a new instance yields exactly the rest
      try (OssSource restarted = OssSource.open(OssFixture.config(bucket).prefix("data set/").pageSize(2).build())) {
        int emitted = 0;
        for (ListBatch p : pages.subList(0, pages.size() - 1)) {
          emitted += p.entries().size();
          ListCursor c = p.next().orElseThrow();
          assertThat(c.token()).startsWith("data set/").doesNotContain("%2", "%E");
          assertThat(all(pages(restarted, Optional.of(c)))).extracting(SourceEntry::key)
              .containsExactlyElementsOf(expected.subList(emitted, expected.size()));
        }
      }
    }
  }

  @Test
  void crcContentTypeUserMetadataAndStorageClassAreObservedOnStatAndOpen() throws Exception {
    String bucket = OssFixture.newBucket();
    byte[] data = "<p>hello oss</p>".getBytes(StandardCharsets.UTF_8);
    com.aliyun.oss.model.ObjectMetadata md = new com.aliyun.oss.model.ObjectMetadata();
    md.setContentType("application/x-doc");
    md.setCacheControl("max-age=60");
    md.setContentDisposition("attachment; filename=\"doc.html\"");
    md.addUserMetadata("origin", "camera-7");
    md.addUserMetadata("owner", "ana");
    md.setHeader("x-oss-storage-class", "IA");
    OssFixture.writer().putObject(bucket, "doc.html", new ByteArrayInputStream(data), md);
    byte[] seeded = "stored without the proxy".getBytes(StandardCharsets.UTF_8);
    OssFixture.store().putObject(bucket, "direct.bin", seeded);
    try (OssSource s = OssSource.open(OssFixture.config(bucket).build())) {
      assertThat(s.listsMetadata()).isFalse();
      assertThat(s.pinsReads()).isTrue();
      List<SourceEntry> entries = all(pages(s));
      ObjectInfo listed = ((SourceEntry.Found) entries.get(1)).object();
      assertThat(listed.key()).isEqualTo("doc.html");
      assertThat(listed.crc64()).as("a listing has no CRC-64").isEmpty();
      assertThat(listed.metadata().contentType()).as("a listing has no Content-Type").isEmpty();
      ObjectInfo stat = s.stat("doc.html");
      try (SourceRead r = s.open(listed)) {
        ObjectInfo seen = r.observed();
        for (ObjectInfo o : List.of(stat, seen)) {
          assertThat(o.crc64()).as("x-oss-hash-crc64ecma").hasValue(Crc64.of(data));
          assertThat(o.metadata().contentType()).hasValue("application/x-doc");
          assertThat(o.metadata().cacheControl()).hasValue("max-age=60");
          assertThat(o.metadata().contentDisposition()).hasValue("attachment; filename=\"doc.html\"");
          assertThat(o.metadata().userMetadata()).containsEntry("origin", "camera-7").containsEntry("owner", "ana");
          assertThat(o.metadata().storageClass()).hasValue("IA");
          assertThat(o.size()).isEqualTo(data.length);
          assertThat(o.etag()).isEqualTo(listed.etag());
          assertThat(o.lastModified()).isEqualTo(listed.lastModified());
        }
        assertThat(seen.fingerprint()).isEqualTo(listed.fingerprint());
        assertThat(r.body().readAllBytes()).isEqualTo(data);
      }
      ObjectInfo direct = s.stat("direct.bin");
      assertThat(direct.crc64()).hasValue(Crc64.of(seeded));
      try (SourceRead r = s.open(direct)) {
        assertThat(r.observed().crc64()).hasValue(Crc64.of(seeded));
        assertThat(r.body().readAllBytes()).isEqualTo(seeded);
      }
    }
  }

  @Test
  void aWrongSecretFailsTheListingAsAConfigurationErrorNamingTheBucketAndNeverShowsASecret() throws Exception {
    String bucket = OssFixture.newBucket();
    OssFixture.put(bucket, "k", new byte[] {1});
    String wrong = "wrong-secret-value-123";
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try (OssSource s = OssSource.open(OssFixture.config(bucket).credentials(OssFixture.ACCESS_KEY_ID, wrong)
        .build())) {
      MigrateException e = catchThrowableOfType(MigrateException.class, () -> s.list(Optional.empty()));
      assertThat(e.kind()).isEqualTo(ErrorKind.FATAL_CONFIGURATION);
      assertThat(e.getMessage()).contains("oss://" + bucket, "403", "SignatureDoesNotMatch", "credentials")
          .doesNotContain(wrong, OssFixture.SECRET, "StringToSign", "SignatureProvided");
      assertThat(e.getCause()).as("the SDK exception (with the signed string) is not kept").isNull();
      // an object read with the same keys is ACCESS_DENIED, not fatal (as in the S3 source)
      MigrateException stat = catchThrowableOfType(MigrateException.class, () -> s.stat("k"));
      assertThat(stat.kind()).isEqualTo(ErrorKind.ACCESS_DENIED);
      assertThat(stat.getMessage()).contains("oss://" + bucket, "'k'").doesNotContain(wrong, OssFixture.SECRET);
      MigrateException get = catchThrowableOfType(MigrateException.class,
          () -> s.open(ObjectInfo.of("k", 1, java.time.Instant.EPOCH)));
      assertThat(get.kind()).isEqualTo(ErrorKind.ACCESS_DENIED);
      assertThat(get.getMessage()).contains("SignatureDoesNotMatch").doesNotContain(wrong, "StringToSign");
      assertThat(s.toString()).doesNotContain(wrong);
    } finally {
      root.detachAppender(logs);
    }
    assertThat(logs.list).allSatisfy(ev -> assertThat(ev.getFormattedMessage())
        .doesNotContain(wrong, OssFixture.SECRET, "StringToSign", "SignatureProvided"));
  }

  @Test
  void anUnknownAccessKeyIdIsAConfigurationError() throws Exception {
    String bucket = OssFixture.newBucket();
    try (OssSource s = OssSource.open(OssFixture.config(bucket).credentials("LTAIunknownkey", OssFixture.SECRET)
        .build())) {
      MigrateException e = catchThrowableOfType(MigrateException.class, () -> s.list(Optional.empty()));
      assertThat(e.kind()).isEqualTo(ErrorKind.FATAL_CONFIGURATION);
      assertThat(e.getMessage()).contains("oss://" + bucket, "InvalidAccessKeyId", "AccessKey ID")
          .doesNotContain(OssFixture.SECRET);
    }
  }

  @Test
  void aMissingBucketIsAConfigurationError() throws Exception {
    try (OssSource s = OssSource.open(OssFixture.config("no-such-bucket-here").build())) {
      MigrateException e = catchThrowableOfType(MigrateException.class, () -> s.list(Optional.empty()));
      assertThat(e.kind()).isEqualTo(ErrorKind.FATAL_CONFIGURATION);
      assertThat(e.getMessage()).contains("oss://no-such-bucket-here", "NoSuchBucket", "does not exist");
    }
  }

  @Test
  void aCursorOfAnotherPrefixIsAConfigurationError() throws Exception {
    String bucket = OssFixture.newBucket();
    try (OssSource s = OssSource.open(OssFixture.config(bucket).prefix("p/").build())) {
      MigrateException e = catchThrowableOfType(MigrateException.class,
          () -> s.list(Optional.of(new ListCursor("q/k"))));
      assertThat(e.kind()).isEqualTo(ErrorKind.FATAL_CONFIGURATION);
      assertThat(e.getMessage()).contains("oss://" + bucket, "'p/'");
    }
  }

  @Test
  void describeNamesTheBucketPrefixAndHostAndACallAfterCloseFails() throws Exception {
    String bucket = OssFixture.newBucket();
    OssSource s = OssSource.open(OssFixture.config(bucket).prefix("x/").build());
    assertThat(s.describe()).isEqualTo("oss://" + bucket + "/x/ (127.0.0.1)");
    s.close();
    s.close();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.list(Optional.empty()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

}
