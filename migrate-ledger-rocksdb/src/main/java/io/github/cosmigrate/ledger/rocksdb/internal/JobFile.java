package io.github.cosmigrate.ledger.rocksdb.internal;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.JobIdentity;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The human-readable {@code JOB} file in a store directory: which job (source and destination descriptions,
 * never secrets) the store belongs to. Written once, atomically, before the store is first created; checked on
 * every open.
 */
public final class JobFile {
  public static final String NAME = "JOB";

  private JobFile() {}

  /**
   * Makes sure {@code storeDir} belongs to {@code job}: creates the directory and the JOB file for a new store,
   * checks the file of an existing one.
   */
  public static void claim(Path storeDir, JobIdentity job) throws IOException {
    try {
      PrivateDirectories.create(storeDir);
    } catch (IOException e) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "cannot create ledger directory " + storeDir
          + ": " + e + "; check that the --ledger directory is writable", e);
    }
    Path file = storeDir.resolve(NAME);
    if (Files.exists(file)) {
      check(storeDir, file, job);
      return;
    }
    if (Files.exists(storeDir.resolve("CURRENT"))) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "ledger " + storeDir + " holds a RocksDB store but"
          + " no " + NAME + " file naming its job, so it cannot be told apart from another job's ledger; move it"
          + " away or use another --ledger directory");
    }
    write(storeDir, file, job);
  }

  /** The job a store directory belongs to, when it has a readable JOB file naming one. */
  public static java.util.Optional<JobIdentity> read(Path storeDir) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(storeDir.resolve(NAME), StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
    String source = p.getProperty("source");
    String destination = p.getProperty("destination");
    return source == null || destination == null ? java.util.Optional.empty()
        : java.util.Optional.of(new JobIdentity(source, destination));
  }

  private static void check(Path storeDir, Path file, JobIdentity job) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "cannot read " + file + " (the ledger's job"
          + " description): " + e.getMessage() + "; restore it or use another --ledger directory", e);
    }
    String source = p.getProperty("source");
    String destination = p.getProperty("destination");
    if (source == null || destination == null) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, file + " (the ledger's job description) lacks"
          + " source= or destination=; restore it or use another --ledger directory");
    }
    if (!source.equals(job.source()) || !destination.equals(job.destination())) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "ledger " + storeDir + " belongs to another job"
          + " (source " + source + " -> destination " + destination + "), not to source " + job.source()
          + " -> destination " + job.destination() + "; use that job's own ledger or another --ledger directory");
    }
  }

  private static void write(Path storeDir, Path file, JobIdentity job) throws IOException {
    Properties p = new Properties();
    p.setProperty("source", job.source());
    p.setProperty("destination", job.destination());
    p.setProperty("id", job.id());
    p.setProperty("format", "1");
    Path tmp = null;
    try {
      tmp = Files.createTempFile(storeDir, NAME + ".", ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        p.store(w, "cos-migrate ledger: this directory holds the records of one migration job. Do not edit.");
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      if (tmp != null) {
        Files.deleteIfExists(tmp);
      }
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "cannot write " + file + ": " + e
          + "; check that the --ledger directory is writable", e);
    }
  }
}
