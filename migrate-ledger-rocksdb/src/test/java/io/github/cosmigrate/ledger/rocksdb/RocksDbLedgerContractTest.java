package io.github.cosmigrate.ledger.rocksdb;

import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.testkit.AbstractLedgerContractTest;
import java.io.IOException;
import java.nio.file.Path;

class RocksDbLedgerContractTest extends AbstractLedgerContractTest {
  static final JobIdentity JOB = new JobIdentity("local:/data/photos", "cos:ap-guangzhou/bucket-1250000000/backup/");

  @Override
  protected Ledger openLedger(Path dir) throws IOException {
    // a small cache and write buffer, so the 20k-entry test also exercises flushed table files
    return RocksDbLedger.open(RocksDbLedgerConfig.of(dir, JOB).withBlockCacheBytes(4L << 20)
        .withWriteBufferBytes(256L << 10));
  }
}
