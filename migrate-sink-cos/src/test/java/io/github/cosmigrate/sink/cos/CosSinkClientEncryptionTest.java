package io.github.cosmigrate.sink.cos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.COSEncryptionClient;
import com.qcloud.cos.internal.crypto.CryptoMode;
import com.qcloud.cos.internal.crypto.EncryptionMaterials;
import com.qcloud.cos.model.CompleteMultipartUploadRequest;
import com.qcloud.cos.model.InitiateMultipartUploadRequest;
import com.qcloud.cos.model.PartETag;
import com.qcloud.cos.model.PutObjectRequest;
import com.qcloud.cos.model.UploadPartRequest;
import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.Verification;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.sink.cos.internal.Envelope;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.capability.ObjectReader;
import io.github.cosmigrate.spi.capability.ServerSideCopier;
import io.github.cosmigrate.spi.capability.TransformsContent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Client-side encryption of the COS sink against cos_api's own {@code COSEncryptionClient} on the same server
 * (S3Proxy behind the COS dialect proxy): what the sink writes decrypts with the SDK and the same key (single puts,
 * multipart uploads sent in parallel and out of order, an upload resumed by another sink instance from its id alone,
 * AES and RSA keys); what the SDK writes has the same metadata layout and decrypts with the sink's envelope.
 */
class CosSinkClientEncryptionTest {
  private static final int PART = 5 * 1024 * 1024 + 5; // S3's minimum part, and not a multiple of the AES block
  private static final byte[] AES_KEY = new byte[32];
  private static String bucket;
  private static COSClient raw;

  @BeforeAll
  static void start() throws IOException {
    new Random(7).nextBytes(AES_KEY);
    bucket = CosTestServers.newBucket();
    raw = CosTestServers.rawClient(bucket);
  }

  @AfterAll
  static void stop() {
    raw.shutdown();
  }

  private static Sink sink(ClientEncryptionKey key) throws IOException {
    return CosSink.open(CosTestServers.config(bucket).clientEncryption(key).build());
  }

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] stored(String key) throws IOException {
    try (InputStream in = raw.getObject(bucket, key).getObjectContent()) {
      return in.readAllBytes();
    }
  }

  private static Map<String, String> userMetadata(String key) {
    return new TreeMap<>(raw.getObjectMetadata(bucket, key).getUserMetadata());
  }

  private static long crc(byte[] b) {
    Crc64 c = new Crc64();
    c.update(b, 0, b.length);
    return c.getValue();
  }

  @ParameterizedTest
  @EnumSource(value = CryptoMode.class, names = {"AesCtrEncryption", "AuthenticatedEncryption"})
  void aPutDecryptsWithCosEncryptionClientAndItsCrcIsTheCiphertexts(CryptoMode mode) throws Exception {
    byte[] plain = bytes(100_003, 1);
    String key = "put/" + mode;
    PutResult r;
    try (Sink sink = sink(ClientEncryptionKey.aes(AES_KEY))) {
      r = sink.put(key, new ByteArrayInputStream(plain), plain.length,
          ObjectMetadata.builder().contentType("text/plain").putUserMetadata("owner", "ops").build());
    }
    byte[] cipher = stored(key);
    assertThat(cipher).hasSize(plain.length).isNotEqualTo(plain);
    // verified: COS's CRC-64 of the stored bytes equals that of the bytes sent, the ciphertext (not the plaintext)
    assertThat(r.verification()).isEqualTo(Verification.VERIFIED);
    assertThat(r.crc64()).isEqualTo(crc(cipher)).isNotEqualTo(crc(plain));
    COSEncryptionClient sdk = SdkEncryptionClients.create(new EncryptionMaterials(new SecretKeySpec(AES_KEY, "AES")),
        mode);
    try {
      assertThat(SdkEncryptionClients.decrypt(sdk, bucket, key)).isEqualTo(plain);
    } finally {
      sdk.shutdown();
    }
    Map<String, String> meta = userMetadata(key);
    assertThat(meta).containsEntry("owner", "ops")
        .containsEntry("client-side-encryption-cek-alg", "AES/CTR/NoPadding")
        .containsEntry("client-side-encryption-wrap-alg", "AESWrap")
        .containsEntry("client-side-encryption-unencrypted-content-length", String.valueOf(plain.length));
    assertThat(raw.getObjectMetadata(bucket, key).getContentType()).isEqualTo("text/plain");
  }

  @Test
  void everyObjectGetsAFreshDataKeyAndIv() throws Exception {
    byte[] plain = bytes(4096, 2);
    try (Sink sink = sink(ClientEncryptionKey.aes(AES_KEY))) {
      sink.put("fresh/a", new ByteArrayInputStream(plain), plain.length, ObjectMetadata.empty());
      sink.put("fresh/b", new ByteArrayInputStream(plain), plain.length, ObjectMetadata.empty());
    }
    Map<String, String> a = userMetadata("fresh/a");
    Map<String, String> b = userMetadata("fresh/b");
    assertThat(a.get("client-side-encryption-key")).isNotEqualTo(b.get("client-side-encryption-key"));
    assertThat(a.get("client-side-encryption-start")).isNotEqualTo(b.get("client-side-encryption-start"));
    assertThat(stored("fresh/a")).isNotEqualTo(stored("fresh/b"));
  }

  @Test
  void multipartPartsGoInParallelOutOfOrderAndAnotherSinkResumesFromTheUploadIdAlone() throws Exception {
    byte[] plain = bytes(3 * PART + 1234, 3);
    String key = "mpu/resumed";
    String uploadId;
    List<PartResult> parts = new ArrayList<>();
    try (Sink first = sink(ClientEncryptionKey.aes(AES_KEY))) {
      uploadId = first.initiateMultipart(key, ObjectMetadata.empty(), plain.length, PART);
      // parts 4 and 2 at once, before part 1: each is encrypted alone from its offset
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<PartResult>> f = List.of(pool.submit(() -> part(first, key, uploadId, 4, plain)),
            pool.submit(() -> part(first, key, uploadId, 2, plain)));
        for (Future<PartResult> x : f) {
          parts.add(x.get());
        }
      } finally {
        pool.shutdown();
      }
    } // the first process is gone; its ledger kept the upload id and the parts
    assertThat(uploadId).startsWith(Sink.serviceUploadId(uploadId) + "#cse1:");
    try (Sink second = sink(ClientEncryptionKey.load(keyFile()))) {
      parts.add(part(second, key, uploadId, 3, plain));
      parts.add(part(second, key, uploadId, 1, plain));
      assertThat(second.listParts(key, uploadId)).hasSize(4);
      PutResult r = second.completeMultipart(key, uploadId, parts);
      assertThat(r.verification()).isEqualTo(Verification.VERIFIED);
      assertThat(r.crc64()).isEqualTo(crc(stored(key)));
    }
    for (PartResult p : parts) {
      assertThat(p.verification()).isEqualTo(Verification.VERIFIED);
    }
    COSEncryptionClient sdk = SdkEncryptionClients.create(new EncryptionMaterials(new SecretKeySpec(AES_KEY, "AES")),
        CryptoMode.AesCtrEncryption);
    try {
      assertThat(SdkEncryptionClients.decrypt(sdk, bucket, key)).isEqualTo(plain);
    } finally {
      sdk.shutdown();
    }
    Map<String, String> meta = userMetadata(key);
    assertThat(meta).containsEntry("client-side-encryption-data-size", String.valueOf(plain.length))
        .containsEntry("client-side-encryption-part-size", String.valueOf(PART));
    // the id (kept in the ledger) carries the wrapped data key, as the metadata does, never the data key itself
    Envelope e = Envelope.open(ClientEncryptionKey.aes(AES_KEY),
        Base64.getDecoder().decode(meta.get("client-side-encryption-key")),
        Base64.getDecoder().decode(meta.get("client-side-encryption-start")));
    byte[] cek = e.cek().getEncoded();
    assertThat(uploadId).doesNotContain(Base64.getEncoder().encodeToString(cek))
        .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(cek));
    assertThat(uploadId).doesNotContain(new String(cek, StandardCharsets.ISO_8859_1));
  }

  private static java.nio.file.Path keyFile() throws IOException {
    java.nio.file.Path f = java.nio.file.Files.createTempFile("cse", ".key");
    java.nio.file.Files.write(f, AES_KEY);
    f.toFile().deleteOnExit();
    return f;
  }

  private static PartResult part(Sink sink, String key, String uploadId, int n, byte[] plain) throws IOException {
    long off = (long) (n - 1) * PART;
    int len = (int) Math.min(PART, plain.length - off);
    return sink.uploadPart(key, uploadId, n, new ByteArrayInputStream(plain, (int) off, len), len);
  }

  @Test
  void anRsaKeyPairWorksAsWithTheSdk() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair pair = g.generateKeyPair();
    ClientEncryptionKey kek = ClientEncryptionKey.rsa((RSAPrivateCrtKey) pair.getPrivate());
    byte[] small = bytes(5000, 4);
    byte[] large = bytes(PART + 77, 5);
    try (Sink sink = sink(kek)) {
      sink.put("rsa/small", new ByteArrayInputStream(small), small.length, ObjectMetadata.empty());
      String id = sink.initiateMultipart("rsa/large", ObjectMetadata.empty(), large.length, PART);
      List<PartResult> parts = List.of(part(sink, "rsa/large", id, 2, large), part(sink, "rsa/large", id, 1, large));
      sink.completeMultipart("rsa/large", id, parts);
    }
    COSEncryptionClient sdk = SdkEncryptionClients.create(new EncryptionMaterials(pair),
        CryptoMode.AuthenticatedEncryption);
    try {
      assertThat(SdkEncryptionClients.decrypt(sdk, bucket, "rsa/small")).isEqualTo(small);
      assertThat(SdkEncryptionClients.decrypt(sdk, bucket, "rsa/large")).isEqualTo(large);
    } finally {
      sdk.shutdown();
    }
    assertThat(userMetadata("rsa/small")).containsEntry("client-side-encryption-wrap-alg",
        "RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
  }

  @Test
  void whatCosEncryptionClientWritesHasTheSameLayoutAndDecryptsWithOurEnvelope() throws Exception {
    COSEncryptionClient sdk = SdkEncryptionClients.create(new EncryptionMaterials(new SecretKeySpec(AES_KEY, "AES")),
        CryptoMode.AesCtrEncryption);
    byte[] plain = bytes(70_001, 6);
    int sdkPart = 5 * 1024 * 1024; // the SDK wants parts of whole AES blocks
    byte[] large = bytes(sdkPart + 100, 7);
    try {
      com.qcloud.cos.model.ObjectMetadata om = new com.qcloud.cos.model.ObjectMetadata();
      om.setContentLength(plain.length);
      sdk.putObject(new PutObjectRequest(bucket, "sdk/small", new ByteArrayInputStream(plain), om));
      String id = sdk.initiateMultipartUpload(new InitiateMultipartUploadRequest(bucket, "sdk/large", large.length,
          sdkPart)).getUploadId();
      List<PartETag> etags = new ArrayList<>();
      for (int n = 1; n <= 2; n++) {
        int off = (n - 1) * sdkPart;
        int len = Math.min(sdkPart, large.length - off);
        UploadPartRequest up = new UploadPartRequest().withBucketName(bucket).withKey("sdk/large").withUploadId(id)
            .withPartNumber(n).withPartSize(len).withInputStream(new ByteArrayInputStream(large, off, len));
        up.setLastPart(n == 2);
        etags.add(sdk.uploadPart(up).getPartETag());
      }
      sdk.completeMultipartUpload(new CompleteMultipartUploadRequest(bucket, "sdk/large", id, etags));
    } finally {
      sdk.shutdown();
    }
    try (Sink sink = sink(ClientEncryptionKey.aes(AES_KEY))) {
      sink.put("ours/small", new ByteArrayInputStream(plain), plain.length, ObjectMetadata.empty());
      String id = sink.initiateMultipart("ours/large", ObjectMetadata.empty(), large.length, sdkPart);
      sink.completeMultipart("ours/large", id, List.of(part(sink, "ours/large", id, 1, large, sdkPart),
          part(sink, "ours/large", id, 2, large, sdkPart)));
    }
    for (String kind : List.of("small", "large")) {
      Map<String, String> theirs = userMetadata("sdk/" + kind);
      Map<String, String> ours = userMetadata("ours/" + kind);
      assertThat(ours.keySet()).as(kind).isEqualTo(theirs.keySet());
      for (String name : ours.keySet()) {
        if (name.equals("client-side-encryption-key") || name.equals("client-side-encryption-start")) {
          // random per object: the same encoding and length (wrapped 32-byte key, encrypted 16-byte IV)
          assertThat(Base64.getDecoder().decode(ours.get(name))).as(name)
              .hasSameSizeAs(Base64.getDecoder().decode(theirs.get(name)));
        } else {
          assertThat(ours.get(name)).as(name).isEqualTo(theirs.get(name));
        }
      }
      assertThat(stored("ours/" + kind)).hasSameSizeAs(stored("sdk/" + kind));
      // the reverse: the SDK's object decrypts with the sink's envelope, from its metadata alone
      Envelope e = Envelope.open(ClientEncryptionKey.aes(AES_KEY),
          Base64.getDecoder().decode(theirs.get("client-side-encryption-key")),
          Base64.getDecoder().decode(theirs.get("client-side-encryption-start")));
      byte[] cipher = stored("sdk/" + kind);
      Cipher c = e.cipherAt(0);
      assertThat(c.doFinal(cipher)).isEqualTo(kind.equals("small") ? plain : large);
      // and from any offset, as a resumed part is encrypted
      int off = cipher.length - 37;
      assertThat(e.cipherAt(off).doFinal(Arrays.copyOfRange(cipher, off, cipher.length)))
          .isEqualTo(Arrays.copyOfRange(kind.equals("small") ? plain : large, off, cipher.length));
    }
  }

  private static PartResult part(Sink sink, String key, String id, int n, byte[] plain, int partSize)
      throws IOException {
    int off = (n - 1) * partSize;
    int len = Math.min(partSize, plain.length - off);
    return sink.uploadPart(key, id, n, new ByteArrayInputStream(plain, off, len), len);
  }

  @Test
  void noServerSideCopyAReadBackDecryptsAndTheEngineIsToldTheContentIsTransformed() throws Exception {
    byte[] plain = bytes(20_000, 12);
    COSEncryptionClient sdk = SdkEncryptionClients.create(new EncryptionMaterials(new SecretKeySpec(AES_KEY, "AES")),
        CryptoMode.AesCtrEncryption);
    try {
      com.qcloud.cos.model.ObjectMetadata om = new com.qcloud.cos.model.ObjectMetadata();
      om.setContentLength(plain.length);
      sdk.putObject(new PutObjectRequest(bucket, "read/by-sdk", new ByteArrayInputStream(plain), om));
    } finally {
      sdk.shutdown();
    }
    try (Sink sink = sink(ClientEncryptionKey.aes(AES_KEY))) {
      assertThat(sink.capability(ServerSideCopier.class)).isEmpty();
      assertThat(sink.capability(TransformsContent.class)).isPresent();
      sink.put("read/by-us", new ByteArrayInputStream(plain), plain.length, ObjectMetadata.empty());
      ObjectReader reader = sink.capability(ObjectReader.class).orElseThrow();
      for (String key : List.of("read/by-us", "read/by-sdk")) {
        try (InputStream in = reader.read(key)) {
          assertThat(in.readAllBytes()).as(key).isEqualTo(plain);
        }
      }
      assertThatThrownBy(() -> reader.read("read/missing")).isInstanceOfSatisfying(MigrateException.class,
          e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }
    try (Sink other = sink(ClientEncryptionKey.aes(bytes(32, 13)))) {
      assertThatThrownBy(() -> other.capability(ObjectReader.class).orElseThrow().read("read/by-us"))
          .isInstanceOfSatisfying(MigrateException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.FATAL_CONFIGURATION));
    }
    try (Sink sink = sink(ClientEncryptionKey.aes(AES_KEY))) {
      assertThat(sink.capability(io.github.cosmigrate.spi.capability.Probe.class)).isPresent();
      assertThat(sink.toString()).doesNotContain(Base64.getEncoder().encodeToString(AES_KEY));
    }
    try (Sink unencrypted = CosSink.open(CosTestServers.config(bucket).build())) {
      assertThat(unencrypted.capability(TransformsContent.class)).isEmpty();
    }
  }

  @Test
  void anObjectEncryptedAlreadyIsRefusedNotEncryptedTwice() throws IOException {
    byte[] b = bytes(10, 8);
    try (Sink sink = sink(ClientEncryptionKey.aes(AES_KEY))) {
      assertThatThrownBy(() -> sink.put("twice", new ByteArrayInputStream(b), b.length, ObjectMetadata.builder()
          .putUserMetadata("client-side-encryption-key", "abc").build()))
          .isInstanceOfSatisfying(MigrateException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
          .hasMessageContaining("client-side encrypted already");
      assertThatThrownBy(() -> sink.uploadPart("plainid", "1234abcd", 1, new ByteArrayInputStream(b), b.length))
          .hasMessageContaining("was not started with client-side encryption");
    }
  }

  @Test
  void resumingWithAnotherKeyIsAConfigurationErrorNotCorruptData() throws Exception {
    byte[] plain = bytes(PART + 10, 9);
    byte[] otherKey = bytes(32, 10);
    try (Sink a = sink(ClientEncryptionKey.aes(AES_KEY)); Sink b = sink(ClientEncryptionKey.aes(otherKey))) {
      String id = a.initiateMultipart("wrong-key", ObjectMetadata.empty(), plain.length, PART);
      assertThatThrownBy(() -> part(b, "wrong-key", id, 1, plain))
          .isInstanceOfSatisfying(MigrateException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.FATAL_CONFIGURATION))
          .hasMessageContaining("another client-side encryption key");
      a.abortMultipart("wrong-key", id);
    }
  }

  @Test
  void sseKmsAndSseCosHeadersReachTheServer() throws IOException {
    DialectProxy proxy = CosTestServers.proxy();
    byte[] b = bytes(1000, 11);
    CosSinkConfig.SseKms kms = new CosSinkConfig.SseKms(java.util.Optional.of("kms-key-1"),
        java.util.Optional.of("{\"project\":\"photos\"}"));
    proxy.clearRequests();
    try (Sink sink = CosSink.open(CosTestServers.config(bucket).sseKms(kms).build())) {
      sink.put("sse/kms", new ByteArrayInputStream(b), b.length, ObjectMetadata.empty());
      String id = sink.initiateMultipart("sse/kms-mpu", ObjectMetadata.empty(), PART + 1, PART);
      sink.abortMultipart("sse/kms-mpu", id);
    }
    try (Sink sink = CosSink.open(CosTestServers.config(bucket).sseCos(true).build())) {
      sink.put("sse/cos", new ByteArrayInputStream(b), b.length, ObjectMetadata.empty());
    }
    String context = Base64.getEncoder().encodeToString("{\"project\":\"photos\"}".getBytes(StandardCharsets.UTF_8));
    for (String key : List.of("sse/kms", "sse/kms-mpu")) {
      RecordedRequest r = proxy.requests().stream().filter(q -> q.key().equals(key)
          && (q.operation() == Operation.PUT_OBJECT || q.operation() == Operation.INITIATE_MULTIPART))
          .findFirst().orElseThrow();
      assertThat(r.dialectHeaders()).containsEntry("x-cos-server-side-encryption", "cos/kms")
          .containsEntry("x-cos-server-side-encryption-cos-kms-key-id", "kms-key-1")
          .containsEntry("x-cos-server-side-encryption-context", context);
    }
    RecordedRequest cos = proxy.requests().stream().filter(q -> q.key().equals("sse/cos")
        && q.operation() == Operation.PUT_OBJECT).findFirst().orElseThrow();
    assertThat(cos.dialectHeaders()).containsEntry("x-cos-server-side-encryption", "AES256")
        .doesNotContainKey("x-cos-server-side-encryption-cos-kms-key-id");
    // the proxy keeps the SSE value (S3Proxy itself implements no SSE) and answers it on HEAD, as COS does
    assertThat(raw.getObjectMetadata(bucket, "sse/kms").getSSEAlgorithm()).isEqualTo("cos/kms");
  }

  @Test
  void sseCosAndKmsTogetherAreRefused() {
    assertThatThrownBy(() -> CosTestServers.config(bucket).sseCos(true)
        .sseKms(new CosSinkConfig.SseKms(java.util.Optional.empty(), java.util.Optional.empty())).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
  }
}
