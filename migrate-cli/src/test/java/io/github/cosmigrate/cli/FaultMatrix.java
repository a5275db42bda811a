package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.cli.internal.CosTarget;
import io.github.cosmigrate.cli.internal.MigrationJob;
import io.github.cosmigrate.cli.internal.Plugins;
import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ObjectState;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.spi.Ledger;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What every case of a fault matrix checks after a run, reading back what the run claims at its keys: every source
 * object ended migrated with its exact bytes at its key, or failed with one of the allowed kinds (none lost);
 * nothing the ledger records as migrated is missing or differs (none wrongly done); nothing else is in the bucket
 * (none misplaced); no multipart upload is left open. Prints one row of the matrix table.
 */
final class FaultMatrix {
  private static final Pattern FAILURE = Pattern.compile("\"key\":\"((?:[^\"\\\\]++|\\\\.)*+)\",\"kind\":\"([A-Z_]+)\"");

  /** One row of the table. */
  record Row(String layer, String fault, int status, int migrated, int failed, int lost, int wronglyDone,
      int misplaced, String message) {
    void print() {
      System.out.printf("FAULT-MATRIX | %s | %s | exit %d | migrated %d | failed %d | lost %d | wrongly done %d |"
          + " misplaced %d | %s%n", layer, fault, status, migrated, failed, lost, wronglyDone, misplaced, message);
    }
  }

  private FaultMatrix() {}

  /** The failed keys and their error kinds, from a failures file (absent: none). */
  static Map<String, String> failures(Path failuresFile) throws IOException {
    Map<String, String> m = new TreeMap<>();
    if (!Files.exists(failuresFile)) {
      return m;
    }
    for (String line : Files.readAllLines(failuresFile)) {
      Matcher x = FAILURE.matcher(line);
      if (x.find()) {
        m.put(x.group(1).replace("\\\"", "\"").replace("\\\\", "\\"), x.group(2));
      }
    }
    return m;
  }

  private static final Pattern REASON = Pattern.compile("\"reason\":\"((?:[^\"\\\\]++|\\\\.)*+)\"");

  /**
   * What a user sees: the first failed object's reason from the failures file, else the last line of stderr
   * other than the plain-HTTP warning every test run gets ("-" when none).
   */
  static String message(MainTest.Result r, Path failuresFile) throws IOException {
    if (Files.exists(failuresFile)) {
      for (String line : Files.readAllLines(failuresFile)) {
        Matcher m = REASON.matcher(line);
        Matcher k = FAILURE.matcher(line);
        if (m.find() && k.find()) {
          String reason = m.group(1).replace("\\\"", "\"");
          return k.group(1) + ": " + k.group(2) + ": " + (reason.length() > 220 ? reason.substring(0, 220) + "..."
              : reason);
        }
      }
    }
    return Arrays.stream(r.err().split("\\R")).filter(l -> !l.isBlank() && !l.contains("plain HTTP"))
        .reduce((x, y) -> y).orElse("-");
  }

  static S3Client backend(CosFixture cos) {
    return S3Client.builder().endpointOverride(cos.server.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(AnonymousCredentialsProvider.create()).build();
  }

  /** The job identity the command uses for {@code sourceIdentity} into {@code bucket} on {@code cos}. */
  static JobIdentity job(String sourceIdentity, CosFixture cos, String bucket) {
    CosTarget target = new CosTarget(bucket, CosFixture.REGION, Optional.of(URI.create(cos.endpoint())), true, true,
        "x", "y", Optional.empty());
    return MigrationJob.identity(sourceIdentity, target, "");
  }

  /**
   * Checks a finished run whose source holds {@code expected} (key to bytes, read after the run) and returns its
   * row; {@code allowedFailures} are the error kinds an object may fail with in this case (empty: none may fail).
   */
  static Row check(String layer, String fault, MainTest.Result run, CosFixture cos, String bucket, Path ledgerDir,
      JobIdentity job, Path failuresFile, Map<String, byte[]> expected, Set<String> allowedFailures)
      throws IOException {
    Map<String, String> failed = failures(failuresFile);
    int lost = 0;
    int wrong = 0;
    int misplaced = 0;
    int migrated = 0;
    List<String> problems = new ArrayList<>();
    try (S3Client backend = backend(cos)) {
      Map<String, S3Object> listed = new TreeMap<>();
      backend.listObjectsV2Paginator(q -> q.bucket(bucket)).contents().forEach(o -> listed.put(o.key(), o));
      for (Map.Entry<String, byte[]> e : expected.entrySet()) {
        String key = e.getKey();
        boolean there = listed.containsKey(key)
            && Arrays.equals(backend.getObjectAsBytes(q -> q.bucket(bucket).key(key)).asByteArray(), e.getValue());
        if (failed.containsKey(key)) {
          if (!allowedFailures.contains(failed.get(key))) {
            problems.add(key + " failed as " + failed.get(key) + ", allowed " + allowedFailures);
          }
        } else if (there) {
          migrated++;
        } else {
          lost++;
          problems.add(key + " neither failed nor stored with its content");
        }
      }
      for (String key : listed.keySet()) {
        if (!expected.containsKey(key)) {
          misplaced++;
          problems.add("unexpected key in the bucket: " + key);
        }
      }
      List<LedgerEntry> done = new ArrayList<>();
      try (Ledger ledger = Plugins.ledger(ledgerDir, job)) {
        ledger.forEachEntry(e -> {
          if (e.state() == ObjectState.MIGRATED) {
            done.add(e);
          }
        });
      }
      for (LedgerEntry e : done) {
        byte[] want = expected.get(e.key());
        boolean ok = want != null && e.destinationKey().equals(e.key()) && listed.containsKey(e.destinationKey())
            && Arrays.equals(backend.getObjectAsBytes(q -> q.bucket(bucket).key(e.destinationKey())).asByteArray(),
                want);
        if (!ok) {
          wrong++;
          problems.add("the ledger records " + e.key() + " as migrated to " + e.destinationKey()
              + " but the bucket does not hold its content there");
        }
      }
      assertThat(backend.listMultipartUploads(q -> q.bucket(bucket)).uploads()).as(fault + ": uploads left open")
          .isEmpty();
    }
    Path report = failuresFile.resolveSibling(failuresFile.getFileName() + ".report.json");
    if (Files.exists(report)) {
      Matcher u = Pattern.compile("\"unverifiable\"\\s*:\\s*(\\d+)").matcher(Files.readString(report));
      assertThat(u.find()).as("unverifiable count in the report").isTrue();
      if (!u.group(1).equals("0")) {
        problems.add(u.group(1) + " objects migrated but not verified");
      }
    }
    Row row = new Row(layer, fault, run.status(), migrated, failed.size(), lost, wrong, misplaced,
        message(run, failuresFile));
    row.print();
    assertThat(problems).as("%s / %s: %s", layer, fault, run.err()).isEmpty();
    assertThat(run.status()).as("%s / %s exit status: %s", layer, fault, run.err())
        .isEqualTo(failed.isEmpty() ? Main.OK : Main.INCOMPLETE);
    return row;
  }

  /** Requests that carry or finish data at the sink (PUT, part, initiate, complete), as counted at the proxy. */
  static long writes(List<RecordedRequest> requests, String bucket) {
    return requests.stream().filter(r -> r.bucket().equals(bucket))
        .filter(r -> r.operation() == Operation.PUT_OBJECT || r.operation() == Operation.UPLOAD_PART
            || r.operation() == Operation.INITIATE_MULTIPART || r.operation() == Operation.COMPLETE_MULTIPART)
        .count();
  }
}
