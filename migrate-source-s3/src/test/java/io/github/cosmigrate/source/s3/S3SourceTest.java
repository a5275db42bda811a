package io.github.cosmigrate.source.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceEntry;
import io.github.cosmigrate.model.SourceRead;
import io.github.cosmigrate.server.ObjectStoreServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.StorageClass;

/** S3Source against S3Proxy with SigV4 checked: paging, prefixes, metadata, configuration errors, archives. */
class S3SourceTest {

  /** Lists every page; returns the pages. */
  static List<ListBatch> pages(S3Source s) throws Exception {
    List<ListBatch> out = new ArrayList<>();
    Optional<ListCursor> c = Optional.empty();
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
    ObjectStoreServer server = S3Fixture.server();
    for (int i = 0; i < n; i++) {
      server.putObject(bucket, String.format("k/%05d", i), ("v" + i).getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void moreThanAThousandKeysOverSmallPagesAndAResumeInANewInstance() throws Exception {
    String bucket = S3Fixture.newBucket();
    seed(bucket, 1_230);
    List<String> keys = new ArrayList<>();
    try (S3Source s = S3Source.open(S3Fixture.config(bucket).pageSize(100).build())) {
      List<ListBatch> pages = pages(s);
      assertThat(pages).hasSize(13);
      assertThat(pages).allSatisfy(p -> assertThat(p.entries().size()).isLessThanOrEqualTo(100));
      all(pages).forEach(e -> keys.add(e.key()));
      assertThat(keys).hasSize(1_230).doesNotHaveDuplicates().isSorted().first().isEqualTo("k/00000");
      // the cursor is the last full key: it works in a new process and names no continuation token
      ListCursor fifth = pages.get(4).next().orElseThrow();
      assertThat(fifth.token()).isEqualTo("k/00499");
      try (S3Source restarted = S3Source.open(S3Fixture.config(bucket).pageSize(100).build())) {
        assertThat(restarted.list(Optional.of(new ListCursor(fifth.token()))).entries().get(0).key())
            .isEqualTo("k/00500");
      }
    }
  }

  @Test
  void aCursorOfAnotherPrefixIsAConfigurationError() throws Exception {
    String bucket = S3Fixture.newBucket();
    try (S3Source s = S3Source.open(S3Fixture.config(bucket).prefix("p/").build())) {
      MigrateException e = catchThrowableOfType(MigrateException.class,
          () -> s.list(Optional.of(new ListCursor("q/k"))));
      assertThat(e.kind()).isEqualTo(ErrorKind.FATAL_CONFIGURATION);
      assertThat(e.getMessage()).contains("'" + bucket + "'", "'p/'");
    }
  }

  @Test
  void defaultPageSizeIsAThousand() throws Exception {
    String bucket = S3Fixture.newBucket();
    seed(bucket, 1_050);
    try (S3Source s = S3Source.open(S3Fixture.config(bucket).build())) {
      List<ListBatch> pages = pages(s);
      assertThat(pages).extracting(p -> p.entries().size()).containsExactly(1000, 50);
      assertThat(all(pages)).allSatisfy(e -> assertThat(e).isInstanceOf(SourceEntry.Found.class));
    }
  }

  @Test
  void prefixKeysAreRelativeAndDirectoryMarkersAreSkippedWithAReason() throws Exception {
    String bucket = S3Fixture.newBucket();
    S3Fixture.put(bucket, "data/a.txt", "a".getBytes(StandardCharsets.UTF_8));
    S3Fixture.put(bucket, "data/sub/", new byte[0]);
    S3Fixture.put(bucket, "data/sub/b + c %41 ü.txt", "bc".getBytes(StandardCharsets.UTF_8));
    S3Fixture.put(bucket, "data/empty", new byte[0]);
    S3Fixture.put(bucket, "database.txt", "no".getBytes(StandardCharsets.UTF_8));
    S3Fixture.put(bucket, "other/x", "no".getBytes(StandardCharsets.UTF_8));
    try (S3Source s = S3Source.open(S3Fixture.config(bucket).prefix("data/").pageSize(2).build())) {
      List<SourceEntry> entries = all(pages(s));
      assertThat(entries).extracting(SourceEntry::key)
          .containsExactly("a.txt", "empty", "sub/", "sub/b + c %41 ü.txt");
      assertThat(entries.get(2)).isInstanceOfSatisfying(SourceEntry.Skipped.class,
          sk -> assertThat(sk.reason()).contains("directory marker"));
      assertThat(entries.get(1)).isInstanceOfSatisfying(SourceEntry.Found.class,
          f -> assertThat(f.object().size()).isZero());
      ObjectInfo odd = s.stat("sub/b + c %41 ü.txt");
      try (SourceRead r = s.open(odd)) {
        assertThat(r.body().readAllBytes()).isEqualTo("bc".getBytes(StandardCharsets.UTF_8));
      }
      try (SourceRead r = s.open(s.stat("empty"))) {
        assertThat(r.body().readAllBytes()).isEmpty();
      }
      assertThat(s.provenance(odd)).hasValue("s3://" + bucket + "/data/sub/b + c %41 ü.txt");
      assertThat(s.describe()).isEqualTo("s3://" + bucket + "/data/ (endpoint " + S3Fixture.server().endpoint()
          + ")");
      assertThat(s.pinsReads()).isTrue();
      assertThat(s.listsMetadata()).isFalse();
    }
  }

  @Test
  void metadataIsObservedOnOpenAndStat() throws Exception {
    String bucket = S3Fixture.newBucket();
    S3Fixture.writer().putObject(r -> r.bucket(bucket).key("doc.html").contentType("application/x-doc")
        .cacheControl("max-age=60").contentDisposition("attachment; filename=\"doc.html\"")
        .contentLanguage("de").metadata(Map.of("Origin", "camera-7", "owner", "ana")),
        RequestBody.fromString("<p>hi</p>"));
    try (S3Source s = S3Source.open(S3Fixture.config(bucket).build())) {
      ObjectInfo listed = ((SourceEntry.Found) s.list(Optional.empty()).entries().get(0)).object();
      assertThat(listed.metadata().contentType()).as("ListObjectsV2 carries no Content-Type").isEmpty();
      ObjectInfo stat = s.stat("doc.html");
      try (SourceRead r = s.open(listed)) {
        ObjectInfo seen = r.observed();
        for (ObjectInfo o : List.of(stat, seen)) {
          assertThat(o.metadata().contentType()).hasValue("application/x-doc");
          assertThat(o.metadata().cacheControl()).hasValue("max-age=60");
          assertThat(o.metadata().contentDisposition()).hasValue("attachment; filename=\"doc.html\"");
          assertThat(o.metadata().contentLanguage()).hasValue("de");
          assertThat(o.metadata().userMetadata()).containsEntry("origin", "camera-7").containsEntry("owner", "ana");
          assertThat(o.size()).isEqualTo(9);
          assertThat(o.etag()).isEqualTo(listed.etag());
        }
        assertThat(seen.fingerprint()).isEqualTo(listed.fingerprint());
        assertThat(r.body().readAllBytes()).isEqualTo("<p>hi</p>".getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void aWrongSecretFailsTheListingAsAConfigurationErrorNamingTheBucket() throws Exception {
    String bucket = S3Fixture.newBucket();
    S3Fixture.put(bucket, "k", new byte[] {1});
    String wrong = "wrong-secret-value-123";
    try (S3Source s = S3Source.open(S3Fixture.config(bucket).credentials(StaticCredentialsProvider.create(
        AwsBasicCredentials.create(S3Fixture.ACCESS_KEY, wrong))).build())) {
      MigrateException e = catchThrowableOfType(MigrateException.class, () -> s.list(Optional.empty()));
      assertThat(e.kind()).isEqualTo(ErrorKind.FATAL_CONFIGURATION);
      assertThat(e.getMessage()).contains("'" + bucket + "'", "403", "credentials", "region", "bucket policy")
          .doesNotContain(wrong, S3Fixture.SECRET_KEY, "Signature=", "X-Amz-");
      // an object read with the same keys is ACCESS_DENIED, not fatal
      MigrateException o = catchThrowableOfType(MigrateException.class, () -> s.stat("k"));
      assertThat(o.kind()).isEqualTo(ErrorKind.ACCESS_DENIED);
      assertThat(o.getMessage()).contains("s3://" + bucket + "/k").doesNotContain(wrong);
    }
  }

  @Test
  void aMissingBucketFailsTheListingAsAConfigurationError() throws Exception {
    try (S3Source s = S3Source.open(S3Fixture.config("no-such-bucket-here").build())) {
      MigrateException e = catchThrowableOfType(MigrateException.class, () -> s.list(Optional.empty()));
      assertThat(e.kind()).isEqualTo(ErrorKind.FATAL_CONFIGURATION);
      assertThat(e.getMessage()).contains("'no-such-bucket-here'", "NoSuchBucket", "exists");
    }
  }

  @Test
  void virtualHostStyleAddressesTheBucketByHostName() throws Exception {
    String domain = "s3.test";
    try (ObjectStoreServer vhost = ObjectStoreServer.startInMemoryRoutingByHost(
        ObjectStoreServer.Auth.awsV4(S3Fixture.ACCESS_KEY, S3Fixture.SECRET_KEY), domain)) {
      String bucket = "vhost-bucket";
      vhost.createBucket(bucket);
      vhost.putObject(bucket, "dir/v.txt", "virtual".getBytes(StandardCharsets.UTF_8), Map.of());
      Set<String> resolved = new HashSet<>();
      DnsResolver loopback = new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) {
          resolved.add(host);
          return new InetAddress[] {InetAddress.getLoopbackAddress()};
        }

        @Override
        public String resolveCanonicalHostname(String host) {
          return host;
        }
      };
      S3SourceConfig config = S3SourceConfig.builder(bucket).region("us-east-1").credentials(S3Fixture.credentials())
          .endpoint(URI.create("http://" + domain + ":" + vhost.port())).pathStyle(false).build();
      try (S3Source s = S3Source.open(config, loopback)) {
        assertThat(all(pages(s))).extracting(SourceEntry::key).containsExactly("dir/v.txt");
        ObjectInfo o = s.stat("dir/v.txt");
        try (InputStream in = s.openRange(o, 1, 3)) {
          assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("irt");
        }
      }
      assertThat(resolved).as("requests went to the bucket's own host name").containsExactly(bucket + "." + domain);
    }
  }

  @Test
  void archivedObjectsAreListedAsFailedWithAdviceToRestoreThem() throws Exception {
    String bucket = S3Fixture.newBucket();
    for (StorageClass c : List.of(StorageClass.GLACIER, StorageClass.DEEP_ARCHIVE, StorageClass.GLACIER_IR,
        StorageClass.STANDARD_IA)) {
      S3Fixture.writer().putObject(r -> r.bucket(bucket).key(c + ".bin").storageClass(c), RequestBody.fromString(
          "cold " + c));
    }
    try (S3Source s = S3Source.open(S3Fixture.config(bucket).build())) {
      List<SourceEntry> entries = all(pages(s));
      assertThat(entries).extracting(SourceEntry::key)
          .containsExactly("DEEP_ARCHIVE.bin", "GLACIER.bin", "GLACIER_IR.bin", "STANDARD_IA.bin");
      for (SourceEntry e : entries.subList(0, 2)) {
        assertThat(e).isInstanceOfSatisfying(SourceEntry.Failed.class, f -> {
          assertThat(f.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
          assertThat(f.kind().retryable()).isFalse();
          assertThat(f.reason()).contains("s3://" + bucket + "/" + f.key(), "restore it first");
        });
      }
      assertThat(entries.subList(2, 4)).allSatisfy(e -> assertThat(e).isInstanceOf(SourceEntry.Found.class));
    }
  }
}
