package io.github.cosmigrate.ledger.rocksdb;

import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.provider.LedgerProvider;
import io.github.cosmigrate.spi.provider.PluginSettings;
import io.github.cosmigrate.spi.provider.SettingSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Provider of type {@code rocksdb}: a {@link RocksDbLedger} from flat settings. The job identity is given as its
 * two descriptions ({@code job-source}, {@code job-destination}); the store lives in {@code directory/<job id>/}.
 */
public final class RocksDbLedgerProvider implements LedgerProvider {
  public static final String TYPE = "rocksdb";
  public static final String DIRECTORY = "directory";
  public static final String JOB_SOURCE = "job-source";
  public static final String JOB_DESTINATION = "job-destination";
  public static final String SYNC = "sync";
  public static final String BLOCK_CACHE = "block-cache";
  public static final String MAX_OPEN_FILES = "max-open-files";
  public static final String WRITE_BUFFER = "write-buffer";

  private static final List<SettingSpec> SETTINGS = List.of(
      SettingSpec.required(DIRECTORY, "the base directory; one store per job inside"),
      SettingSpec.required(JOB_SOURCE, "the job's source description, e.g. local:/data/photos"),
      SettingSpec.required(JOB_DESTINATION, "the job's destination description, e.g. cos:ap-guangzhou/b-125/p/"),
      SettingSpec.withDefault(SYNC, "process-crash-safe",
          "process-crash-safe|power-loss-safe: whether each batch is also fsynced"),
      SettingSpec.withDefault(BLOCK_CACHE, "32MiB", "size of the block cache (at least 1MiB)"),
      SettingSpec.withDefault(MAX_OPEN_FILES, String.valueOf(RocksDbLedgerConfig.DEFAULT_MAX_OPEN_FILES),
          "table files kept open (at least 16)"),
      SettingSpec.withDefault(WRITE_BUFFER, "16MiB", "size of one memtable (at least 64KiB)"));

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String description() {
    return "a RocksDB store on the local disk, one per job";
  }

  @Override
  public List<SettingSpec> settings() {
    return SETTINGS;
  }

  /** The settings of the ledger of {@code job} in {@code directory}, with defaults for the rest. */
  public static java.util.Map<String, String> settingsOf(Path directory, JobIdentity job) {
    return java.util.Map.of(DIRECTORY, directory.toString(), JOB_SOURCE, job.source(), JOB_DESTINATION,
        job.destination());
  }

  /** The config these settings describe, without opening anything. */
  public RocksDbLedgerConfig config(PluginSettings s) {
    Path dir = s.path(DIRECTORY).orElseThrow(() -> s.invalid(DIRECTORY, "is required"));
    JobIdentity job = new JobIdentity(s.require(JOB_SOURCE), s.require(JOB_DESTINATION));
    RocksDbLedgerConfig.SyncPolicy sync = s.choice(SYNC, "process-crash-safe", "power-loss-safe")
        .equals("power-loss-safe") ? RocksDbLedgerConfig.SyncPolicy.POWER_LOSS_SAFE
        : RocksDbLedgerConfig.SyncPolicy.PROCESS_CRASH_SAFE;
    long blockCache = s.size(BLOCK_CACHE);
    if (blockCache < (1L << 20)) {
      throw s.invalid(BLOCK_CACHE, "must be at least 1MiB, was '" + s.require(BLOCK_CACHE) + "'");
    }
    int openFiles = s.positiveInt(MAX_OPEN_FILES);
    if (openFiles < 16) {
      throw s.invalid(MAX_OPEN_FILES, "must be at least 16, was '" + openFiles + "'");
    }
    long writeBuffer = s.size(WRITE_BUFFER);
    if (writeBuffer < (64L << 10)) {
      throw s.invalid(WRITE_BUFFER, "must be at least 64KiB, was '" + s.require(WRITE_BUFFER) + "'");
    }
    return new RocksDbLedgerConfig(dir, job, sync, blockCache, openFiles, writeBuffer);
  }

  @Override
  public Ledger create(PluginSettings settings) throws IOException {
    return RocksDbLedger.open(config(settings));
  }
}
