package io.github.cosmigrate.ledger.rocksdb;

import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectState;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.SourceFingerprint;
import io.github.cosmigrate.model.UploadCheckpoint;
import io.github.cosmigrate.model.Verification;
import io.github.cosmigrate.spi.Ledger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The child process of {@link RocksDbLedgerKillTest}: writes batches forever and prints {@code wrote N} after
 * each write of batch N returns. Batch N holds {@link #ENTRIES_PER_BATCH} entries {@code b<N>/<i>} (attempts = N),
 * sets cursor {@code scope} to N, starts checkpoint {@code cp/<N>} with part N and clears {@code cp/<N-1>}.
 */
public final class LedgerKillChild {
  static final int ENTRIES_PER_BATCH = 25;
  static final JobIdentity JOB = new JobIdentity("local:/kill/test/src", "cos:ap-guangzhou/kill-1250000000/dst/");

  private LedgerKillChild() {}

  static String key(int batch, int i) {
    return String.format("b%07d/%02d", batch, i);
  }

  static LedgerEntry entry(int batch, int i) {
    return new LedgerEntry(key(batch, i), "dst/" + key(batch, i), new SourceFingerprint(i, batch, "v" + batch),
        ObjectState.MIGRATED, "", Optional.of("etag-" + batch), OptionalLong.of(-batch), Optional.of(
        Verification.VERIFIED), batch, Instant.ofEpochSecond(batch));
  }

  static UploadCheckpoint checkpoint(int batch) {
    return new UploadCheckpoint("cp/" + batch, "dst/cp", "upload-" + batch, new SourceFingerprint(1 << 30, batch, ""),
        1 << 30, 8 << 20, Instant.ofEpochSecond(batch), List.of(new PartResult(batch % 10_000 + 1, 8 << 20,
        "p" + batch, batch, Verification.VERIFIED)));
  }

  public static void main(String[] args) throws Exception {
    try (RocksDbLedger ledger = RocksDbLedger.open(Path.of(args[0]), JOB)) {
      for (int n = 0; ; n++) {
        Ledger.Batch b = new Ledger.Batch();
        for (int i = 0; i < ENTRIES_PER_BATCH; i++) {
          b.put(entry(n, i));
        }
        b.putCursor("scope", new ListCursor(Integer.toString(n)));
        b.putCheckpoint(checkpoint(n));
        b.clearCheckpoint("cp/" + (n - 1));
        ledger.write(b);
        System.out.println("wrote " + n);
        System.out.flush();
      }
    }
  }
}
