package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.capability.ObjectReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encryption flags of the command line on the in-process COS: client-side encryption reported as verified by
 * the ciphertext sent, {@code verify} comparing the decrypted content with the source (a tampered ciphertext is
 * named, another key stops it), a key file that cannot serve refused before anything is sent, and SSE-KMS headers
 * as the server sees them.
 */
class EncryptionCliTest {
  private static final Map<String, String> CREDS = Map.of("COS_SECRET_ID", "dummy-id", "COS_SECRET_KEY",
      "dummy-key");
  private static final long PART = 5L << 20;

  @RegisterExtension
  static final CosFixture cos = CosFixture.perClass();

  @TempDir
  Path tmp;

  Path src;
  Path keyFile;
  String bucket;

  @BeforeEach
  void treeKeyAndBucket() throws IOException {
    src = Files.createDirectories(tmp.resolve("src"));
    for (int i = 0; i < 6; i++) {
      TestTrees.write(src.resolve("docs/file-" + i + ".txt"), 300 + i * 101, i);
    }
    TestTrees.writeLarge(src.resolve("big/two-parts.bin"), PART + 999, 5);
    byte[] key = new byte[32];
    new Random(3).nextBytes(key);
    keyFile = tmp.resolve("cos.key");
    Files.write(keyFile, key);
    bucket = cos.newBucket("enc");
  }

  private List<String> args(String... extra) {
    List<String> a = new ArrayList<>(List.of("local", "--source", src.toString(), "--bucket", bucket, "--region",
        CosFixture.REGION, "--endpoint", cos.endpoint(), "--path-style", "--sink-limits", "s3", "--ledger",
        tmp.resolve("ledger").toString(), "--part-size", String.valueOf(PART), "--small-file-threshold",
        String.valueOf(PART), "--concurrency", "4", "--quiet"));
    a.addAll(List.of(extra));
    return a;
  }

  private MainTest.Result run(List<String> args) {
    return MainTest.main(CREDS, args.toArray(String[]::new));
  }

  private MainTest.Result verify(String... extra) {
    List<String> a = new ArrayList<>(List.of("verify"));
    a.addAll(args(extra));
    return run(a);
  }

  @Test
  void encryptedObjectsAreVerifiedByTheirCiphertextAndVerifyComparesThePlaintext() throws IOException {
    MainTest.Result migrated = run(args("--client-encryption-key", keyFile.toString()));
    assertThat(migrated.status()).as(migrated.out() + migrated.err()).isEqualTo(Main.OK);
    assertThat(migrated.out() + migrated.err()).contains("crc64 of the ciphertext sent");
    try (Sink plain = cos.sink(bucket)) {
      ObjectInfo stored = plain.stat("docs/file-2.txt").orElseThrow();
      assertThat(stored.metadata().userMetadata()).containsKey("client-side-encryption-key");
      byte[] cipher;
      try (InputStream in = plain.capability(ObjectReader.class).orElseThrow().read("docs/file-2.txt")) {
        cipher = in.readAllBytes();
      }
      assertThat(cipher).isNotEqualTo(Files.readAllBytes(src.resolve("docs/file-2.txt")));
    }

    MainTest.Result ok = verify("--client-encryption-key", keyFile.toString());
    assertThat(ok.status()).as(ok.out() + ok.err()).isEqualTo(Main.OK);
    assertThat(ok.out()).contains("7 objects listed: 7 match, 0 differ");
    // without the key, the stored ciphertext differs from the source: verify says so, it does not pretend
    MainTest.Result noKey = verify();
    assertThat(noKey.status()).isEqualTo(Main.INCOMPLETE);
    assertThat(noKey.out()).contains("CRC_DIFFERS");

    // a ciphertext changed in place (its metadata kept) decrypts to other bytes: named, by the decrypted CRC-64
    try (Sink plain = cos.sink(bucket)) {
      ObjectInfo stored = plain.stat("docs/file-4.txt").orElseThrow();
      byte[] cipher;
      try (InputStream in = plain.capability(ObjectReader.class).orElseThrow().read("docs/file-4.txt")) {
        cipher = in.readAllBytes();
      }
      cipher[cipher.length / 2] ^= 0x40;
      plain.put("docs/file-4.txt", new ByteArrayInputStream(cipher), cipher.length,
          ObjectMetadata.builder().userMetadata(stored.metadata().userMetadata()).build());
    }
    MainTest.Result bad = verify("--client-encryption-key", keyFile.toString());
    assertThat(bad.status()).as(bad.out() + bad.err()).isEqualTo(Main.INCOMPLETE);
    assertThat(bad.out()).contains("CRC_DIFFERS \"docs/file-4.txt\"").contains("decrypted destination")
        .contains("6 match, 1 differ");

    // another key cannot open the envelopes: a configuration error, not "differences"
    Path other = tmp.resolve("other.key");
    byte[] otherKey = new byte[32];
    new Random(4).nextBytes(otherKey);
    Files.write(other, otherKey);
    MainTest.Result wrong = verify("--client-encryption-key", other.toString());
    assertThat(wrong.status()).as(wrong.out() + wrong.err()).isEqualTo(Main.CONFIG);
    assertThat(wrong.err()).contains("another key");
  }

  @Test
  void aKeyFileThatCannotServeStopsTheRunBeforeAnythingIsSent() throws IOException {
    Path hex = tmp.resolve("hex.key");
    Files.writeString(hex, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n");
    for (Path bad : List.of(hex, tmp, tmp.resolve("missing.key"))) {
      cos.proxy.clearRequests();
      MainTest.Result r = run(args("--client-encryption-key", bad.toString()));
      assertThat(r.status()).as(bad + ": " + r.err()).isEqualTo(Main.CONFIG);
      assertThat(r.err()).contains("--client-encryption-key").contains(bad.toString())
          .doesNotContain("00112233445566778899");
      assertThat(cos.proxy.requests()).as("nothing sent for " + bad).noneMatch(q ->
          q.operation() == Operation.PUT_OBJECT || q.operation() == Operation.INITIATE_MULTIPART);
    }
  }

  @Test
  void sseKmsFlagsReachTheServer() {
    cos.proxy.clearRequests();
    MainTest.Result r = run(args("--sse", "kms", "--sse-kms-key-id", "kms-key-7", "--sse-kms-context",
        "{\"team\":\"data\"}"));
    assertThat(r.status()).as(r.out() + r.err()).isEqualTo(Main.OK);
    String context = Base64.getEncoder().encodeToString("{\"team\":\"data\"}".getBytes(
        java.nio.charset.StandardCharsets.UTF_8));
    List<RecordedRequest> writes = cos.proxy.requests().stream().filter(q -> q.operation() == Operation.PUT_OBJECT
        || q.operation() == Operation.INITIATE_MULTIPART).toList();
    assertThat(writes).hasSize(7).allSatisfy(q -> assertThat(q.dialectHeaders())
        .containsEntry("x-cos-server-side-encryption", "cos/kms")
        .containsEntry("x-cos-server-side-encryption-cos-kms-key-id", "kms-key-7")
        .containsEntry("x-cos-server-side-encryption-context", context));

    MainTest.Result lone = run(args("--sse-kms-key-id", "kms-key-7"));
    assertThat(lone.status()).isEqualTo(Main.CONFIG);
    assertThat(lone.err()).contains("--sse-kms-key-id").contains("sse=kms");
  }
}
