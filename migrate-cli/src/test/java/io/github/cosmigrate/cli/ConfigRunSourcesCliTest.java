package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.ObjectStoreServer;
import io.github.cosmigrate.server.OssSignatureVerifier;
import io.github.cosmigrate.server.RangeFileServer;
import io.github.cosmigrate.spi.Sink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cos-migrate run --config} with the original tool's cloud types, one config file each, against the
 * in-process servers: migrateAws (S3Proxy checking AWS signatures), migrateAli (the OSS dialect proxy checking OSS
 * signatures), migrateUrl (the Range file server) and migrateBucketCopy (the COS dialect proxy). Each checks the
 * objects at their keys with their CRC-64, the exit status and the outputs.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConfigRunSourcesCliTest {
  static final String AWS_KEY = "aws-access-key";
  static final String AWS_SECRET = "aws-secret-never-printed";
  static final String OSS_KEY = "oss-access-key";
  static final String OSS_SECRET = "oss-secret-never-printed";

  @TempDir
  static Path serverDir;

  static CosFixture cos;
  static ObjectStoreServer s3;
  static ObjectStoreServer ossStore;
  static DialectProxy oss;
  static RangeFileServer files;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() throws IOException {
    cos = CosFixture.startOnDisk(serverDir.resolve("cos"));
    s3 = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.awsV4(AWS_KEY, AWS_SECRET));
    ossStore = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none());
    oss = DialectProxy.start(Dialect.OSS, ossStore.endpoint());
    oss.requireSignatures(OssSignatureVerifier.of(OSS_KEY, OSS_SECRET));
    Files.createDirectories(serverDir.resolve("www"));
    files = RangeFileServer.serve(serverDir.resolve("www"));
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {files, oss, ossStore, s3, cos}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // the next one still closes
      }
    }
  }

  /** The [migrateType] and [common] sections of a config into {@code dst}, with cosPath /moved/. */
  String head(String type, String dst) {
    return """
        [migrateType]
        type=%s
        deprecatedType=on

        [common]
        secretId=AKIDconfig
        secretKey=cos-secret-never-printed
        bucketName=%s
        region=ap-guangzhou
        storageClass=standard
        cosPath=/moved/
        https=off
        tmpFolder=./tmp
        smallFileThreshold=5242880
        smallFileExecutorNum=8
        bigFileExecutorNum=4
        bigFileUploadPartSize=5242880
        executeTimeWindow=00:00,24:00
        endpoint=%s
        sinkLimits=s3
        ledger=%s

        """.formatted(type, dst, cos.endpoint(), tmp.resolve("ledger"));
  }

  Path write(String text) throws IOException {
    Path f = tmp.resolve("config.ini");
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return f;
  }

  static String name(String stem) {
    return stem + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
  }

  /** Writes {@code n} small objects with {@code put}; returns key to CRC-64. */
  static Map<String, Long> fill(int n, Put put) throws IOException {
    return fill(n, false, put);
  }

  /** Writes {@code n} small objects (and, when {@code big}, one of two parts); returns key to CRC-64. */
  static Map<String, Long> fill(int n, boolean big, Put put) throws IOException {
    Map<String, Long> crcs = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      byte[] b = S3ToCosCliTest.bytes(100 + i * 41, i);
      String key = "photos/d" + (i % 2) + "/p" + i + ".jpg";
      put.put(key, b);
      crcs.put(key, Crc64.of(b));
    }
    if (big) {
      byte[] b = S3ToCosCliTest.bytes((5 << 20) + 4321, 99);
      put.put("photos/big.bin", b);
      crcs.put("photos/big.bin", Crc64.of(b));
    }
    return crcs;
  }

  interface Put {
    void put(String key, byte[] b) throws IOException;
  }

  /** Runs the config; checks exit 0, the summary and every object at moved/ + its key relative to photos/. */
  void runAndCheck(Path config, String dst, Map<String, Long> crcs, String... extraArgs) throws IOException {
    String[] args = new String[3 + extraArgs.length];
    args[0] = "run";
    args[1] = "--config=" + config;
    args[2] = "--quiet";
    System.arraycopy(extraArgs, 0, args, 3, extraArgs.length);
    MainTest.Result r = MainTest.main(Map.of(), args);
    assertThat(r.status()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.out()).contains("migrated " + crcs.size() + ", skipped 0, failed 0 (of " + crcs.size()
        + " objects)");
    assertThat(r.err()).doesNotContain(AWS_SECRET, OSS_SECRET, "cos-secret-never-printed");
    try (Sink sink = cos.sink(dst)) {
      for (Map.Entry<String, Long> e : crcs.entrySet()) {
        String key = "moved/" + e.getKey().substring("photos/".length());
        assertThat(sink.stat(key)).as(key).hasValueSatisfying(o -> assertThat(o.crc64()).hasValue(e.getValue()));
      }
    }
    MainTest.Result again = MainTest.main(Map.of(), args);
    assertThat(again.status()).as(again.err()).isEqualTo(Main.OK);
    assertThat(again.out()).contains("migrated 0, skipped " + crcs.size());
  }

  @Test
  void migrateAwsReadsTheS3Bucket() throws Exception {
    String src = name("aws");
    s3.createBucket(src);
    Map<String, Long> crcs = fill(9, true, (k, b) -> s3.putObject(src, k, b));
    String dst = cos.newBucket("fromaws");
    Path config = write(head("migrateAws", dst) + """
        [migrateAws]
        bucket=%s
        accessKeyId=%s
        accessKeySecret=%s
        endPoint=%s
        prefix=/photos/
        region=us-east-1
        pathStyle=on
        """.formatted(src, AWS_KEY, AWS_SECRET, s3.endpoint()));
    runAndCheck(config, dst, crcs);
  }

  @Test
  void migrateQiniuReadsTheBucketThroughItsS3CompatibleEndpoint() throws Exception {
    String src = name("kodo");
    s3.createBucket(src);
    Map<String, Long> crcs = fill(5, (k, b) -> s3.putObject(src, k, b));
    String dst = cos.newBucket("fromqiniu");
    // endPoint is the original's download domain, unused; s3Endpoint stands for https://s3.<region>.qiniucs.com
    Path config = write(head("migrateQiniu", dst) + """
        [migrateQiniu]
        bucket=%s
        accessKeyId=%s
        accessKeySecret=%s
        endPoint=cdn.example.com
        needSign=on
        prefix=photos/
        region=us-east-1
        s3Endpoint=%s
        pathStyle=on
        """.formatted(src, AWS_KEY, AWS_SECRET, s3.endpoint()));
    runAndCheck(config, dst, crcs);
  }

  @Test
  void migrateAliReadsTheOssBucket() throws Exception {
    String src = name("ali");
    ossStore.createBucket(src);
    Map<String, Long> crcs = fill(9, (k, b) -> ossStore.putObject(src, k, b));
    String dst = cos.newBucket("fromali");
    Path config = write(head("migrateAli", dst) + """
        [migrateAli]
        bucket=%s
        accessKeyId=%s
        accessKeySecret=%s
        endPoint=%s
        prefix=photos/
        pathStyle=on
        """.formatted(src, OSS_KEY, OSS_SECRET, oss.endpoint()));
    runAndCheck(config, dst, crcs);
  }

  @Test
  void migrateUrlReadsTheListedFiles() throws Exception {
    Path www = serverDir.resolve("www");
    String dir = name("site");
    StringBuilder list = new StringBuilder("# the URL list\n");
    Map<String, Long> crcs = fill(6, (k, b) -> {
      Path f = www.resolve(dir).resolve(k);
      Files.createDirectories(f.getParent());
      Files.write(f, b);
      list.append(files.uriOf(dir + "/" + k)).append('\t').append(k).append('\n');
    });
    Path listFile = tmp.resolve("urls.txt");
    Files.writeString(listFile, list.toString(), StandardCharsets.UTF_8);
    String dst = cos.newBucket("fromurl");
    Path config = write(head("migrateUrl", dst).replace("cosPath=/moved/", "cosPath=/") + """
        [migrateUrl]
        urllistPath=%s
        isSkipHead=off
        """.formatted(listFile));
    // the list names keys photos/...: the destination prefix moved/ comes from the command line instead
    runAndCheckUrl(config, dst, crcs);
  }

  private void runAndCheckUrl(Path config, String dst, Map<String, Long> crcs) throws IOException {
    MainTest.Result r = MainTest.main(Map.of(), "run", "--config", config.toString(), "--quiet", "--prefix",
        "moved/");
    assertThat(r.status()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.out()).contains("migrated " + crcs.size() + ", skipped 0, failed 0");
    try (Sink sink = cos.sink(dst)) {
      for (Map.Entry<String, Long> e : crcs.entrySet()) {
        assertThat(sink.stat("moved/" + e.getKey())).as(e.getKey())
            .hasValueSatisfying(o -> assertThat(o.crc64()).hasValue(e.getValue()));
      }
    }
  }

  @Test
  void migrateBucketCopyCopiesTheCosBucket() throws Exception {
    String src = cos.newBucket("copysrc");
    Map<String, Long> crcs;
    try (Sink s = cos.sink(src)) {
      crcs = fill(9, true, (k, b) -> s.put(k, new ByteArrayInputStream(b), b.length, ObjectMetadata.builder().build()));
    }
    String dst = cos.newBucket("copydst");
    Path config = write(head("migrateBucketCopy", dst) + """
        [migrateBucketCopy]
        srcRegion=ap-guangzhou
        srcBucketName=%s
        srcSecretId=AKIDsrc
        srcSecretKey=src-secret
        srcCosPath=/photos/
        srcEndpoint=%s
        """.formatted(src, cos.endpoint()));
    runAndCheck(config, dst, crcs);
  }
}
