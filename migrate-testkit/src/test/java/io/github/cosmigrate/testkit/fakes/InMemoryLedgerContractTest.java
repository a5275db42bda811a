package io.github.cosmigrate.testkit.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.LedgerEntry;
import io.github.cosmigrate.model.ObjectState;
import io.github.cosmigrate.model.SourceFingerprint;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.testkit.AbstractLedgerContractTest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class InMemoryLedgerContractTest extends AbstractLedgerContractTest {

  /** Per-directory contents, so reopen sees what the closed ledger wrote (as a durable store would). */
  private final Map<Path, InMemoryLedger> byDir = new HashMap<>();

  @Override
  protected Ledger openLedger(Path dir) {
    return byDir.compute(dir, (d, old) -> old == null ? new InMemoryLedger() : old.reopen());
  }

  @Test
  void anInjectedFailureFailsTheNextWriteOnlyAndAppliesNothing() throws IOException {
    InMemoryLedger fake = (InMemoryLedger) ledger;
    fake.failNextWrite(new MigrateException(ErrorKind.TRANSIENT, "disk hiccup"));
    LedgerEntry e = new LedgerEntry("k", "k", new SourceFingerprint(1, 1, ""), ObjectState.MIGRATED, "",
        Optional.empty(), OptionalLong.empty(), Optional.empty(), 1, Instant.EPOCH);
    assertThatThrownBy(() -> fake.record(e)).isInstanceOf(MigrateException.class).hasMessage("disk hiccup");
    assertThat(fake.get("k")).isEmpty();
    assertThat(fake.writeCount()).isZero();
    fake.record(e);
    assertThat(fake.get("k")).contains(e);
    assertThat(fake.writeCount()).isEqualTo(1);
    assertThat(fake.entriesSnapshot()).containsOnlyKeys("k");
  }

  @Test
  void nullOpsAreRejectedBeforeAnythingIsApplied() {
    InMemoryLedger fake = (InMemoryLedger) ledger;
    LedgerEntry e = new LedgerEntry("k", "k", new SourceFingerprint(1, 1, ""), ObjectState.MIGRATED, "",
        Optional.empty(), OptionalLong.empty(), Optional.empty(), 1, Instant.EPOCH);
    assertThatThrownBy(() -> fake.write(new Ledger.Batch().put(e).delete(null)))
        .isInstanceOf(NullPointerException.class);
    assertThat(fake.entriesSnapshot()).isEmpty();
    assertThatThrownBy(() -> fake.write(null)).isInstanceOf(NullPointerException.class);
  }
}
