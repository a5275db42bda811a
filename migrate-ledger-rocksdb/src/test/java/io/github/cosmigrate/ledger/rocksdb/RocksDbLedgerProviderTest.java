package io.github.cosmigrate.ledger.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.provider.PluginProvider;
import io.github.cosmigrate.testkit.AbstractProviderContractTest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RocksDbLedgerProviderTest extends AbstractProviderContractTest<Ledger> {

  @Override
  protected PluginProvider<Ledger> provider() {
    return new RocksDbLedgerProvider();
  }

  @Override
  protected Map<String, String> requiredSettings(Path dir) {
    return RocksDbLedgerProvider.settingsOf(dir.resolve("ledger"), new JobIdentity("local:/a", "cos:r/b-1250000000/"));
  }

  @Override
  protected Map<String, String> allSettings(Path dir) {
    return Map.of("directory", dir.resolve("ledger").toString(), "job-source", "local:/a",
        "job-destination", "cos:r/b-1250000000/", "sync", "power-loss-safe", "block-cache", "8MiB",
        "max-open-files", "64", "write-buffer", "1MiB");
  }

  @Test
  void everySettingReachesTheConfig() {
    RocksDbLedgerProvider p = new RocksDbLedgerProvider();
    RocksDbLedgerConfig c = p.config(p.bind(allSettings(dir)));
    assertThat(c.job()).isEqualTo(new JobIdentity("local:/a", "cos:r/b-1250000000/"));
    assertThat(c.syncPolicy()).isEqualTo(RocksDbLedgerConfig.SyncPolicy.POWER_LOSS_SAFE);
    assertThat(c.blockCacheBytes()).isEqualTo(8L << 20);
    assertThat(c.maxOpenFiles()).isEqualTo(64);
    assertThat(c.writeBufferBytes()).isEqualTo(1L << 20);
    assertThat(c.storeDirectory()).isEqualTo(dir.resolve("ledger").resolve(c.job().id()));
  }
}
