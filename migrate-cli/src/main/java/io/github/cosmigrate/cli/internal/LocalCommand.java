package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.model.JobIdentity;
import io.github.cosmigrate.source.local.LocalSourceProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code cos-migrate local}: a local directory tree into a COS bucket. */
public final class LocalCommand extends SourceCommand {
  /** The command. */
  public static final LocalCommand INSTANCE = new LocalCommand();

  /** The default ledger directory, relative to the working directory. */
  public static final String DEFAULT_LEDGER = MigrationFlags.DEFAULT_LEDGER;

  private LocalCommand() {}

  @Override
  public String name() {
    return "local";
  }

  @Override
  public String summary() {
    return "a local directory tree into a COS bucket";
  }

  @Override
  protected String synopsis() {
    return "Usage: cos-migrate local --source DIR --bucket NAME-APPID --region REGION [options]";
  }

  @Override
  protected String description() {
    return """
        Copies every file under DIR into the bucket (key = prefix + path relative to DIR). Files already
        migrated and unchanged since (same size, mtime, inode) are skipped, so a rerun after a crash or a
        failure sends only what is missing. Every object is verified by CRC-64: the CRC-64/XZ of the bytes read
        equals the x-cos-hash-crc64ecma COS returns (see --verify; `cos-migrate verify local ...` re-checks).
        """;
  }

  @Override
  protected List<Flag> sourceFlags() {
    return List.of(
        Flag.value("source", "DIR", "required: the directory to migrate"),
        Flag.value("symlinks", "follow|skip", "follow symbolic links (loops and dangling links are reported as"
            + " failures) or skip them", "follow"),
        Flag.repeatable("exclude", "PATH|glob:PATTERN", "leave out a path (relative to --source) or matching keys"
            + " (repeatable), e.g. tmp/ or 'glob:**/*.tmp'"),
        Flag.value("file-list", "FILE", "migrate only the files named in FILE (one path per line)"),
        Flag.repeatable("include-suffix", "S", "migrate only keys ending with S (repeatable; case-sensitive)"),
        Flag.repeatable("ignore-suffix", "S", "leave out keys ending with S (repeatable; case-sensitive)"),
        Flag.toggle("ignore-empty-files", "leave out files of length 0"),
        Flag.value("ignore-younger-than", "D", "leave out files modified less than D ago, e.g. 30s, 10m"));
  }

  @Override
  protected SourceSpec source(CliArgs a, Map<String, String> env) throws UsageException {
    String src = a.require("source", "the directory to migrate");
    Path source = Path.of(src).toAbsolutePath().normalize();
    if (!Files.exists(source)) {
      throw new UsageException("--source " + src + ": no such directory");
    }
    if (!Files.isDirectory(source)) {
      throw new UsageException("--source " + src + ": not a directory");
    }
    if (!Files.isReadable(source) || !Files.isExecutable(source)) {
      throw new UsageException("--source " + src + ": directory is not readable (check its permissions)");
    }
    try {
      source = source.toRealPath();
    } catch (IOException e) {
      throw new UsageException("--source " + src + ": cannot resolve the path (" + e.getMessage() + ")");
    }
    boolean follow = a.choice("symlinks", "follow", "follow", "skip").equals("follow");
    Optional<Path> fileList = a.get("file-list").map(f -> Path.of(f).toAbsolutePath());
    if (fileList.isPresent() && !Files.isReadable(fileList.get())) {
      throw new UsageException("--file-list " + fileList.get() + ": no such readable file");
    }
    SourceSpec base = spec(source, follow, a.all("exclude"), fileList);
    Map<String, String> s = new LinkedHashMap<>(base.settings());
    Map<String, String> flags = new LinkedHashMap<>(base.flags());
    s.put(LocalSourceProvider.INCLUDE_SUFFIX, String.join("\n", a.all("include-suffix")));
    s.put(LocalSourceProvider.IGNORE_SUFFIX, String.join("\n", a.all("ignore-suffix")));
    s.put(LocalSourceProvider.IGNORE_EMPTY_FILES, String.valueOf(a.has("ignore-empty-files")));
    a.get("ignore-younger-than").ifPresent(d -> s.put(LocalSourceProvider.IGNORE_YOUNGER_THAN, d));
    flags.put(LocalSourceProvider.INCLUDE_SUFFIX, "--include-suffix");
    flags.put(LocalSourceProvider.IGNORE_SUFFIX, "--ignore-suffix");
    flags.put(LocalSourceProvider.IGNORE_EMPTY_FILES, "--ignore-empty-files");
    flags.put(LocalSourceProvider.IGNORE_YOUNGER_THAN, "--ignore-younger-than");
    return new SourceSpec(base.type(), s, base.identity(), flags, base.subject());
  }

  @Override
  protected void check(MigrationJob job) throws UsageException {
    Path source = Path.of(job.source().settings().get(LocalSourceProvider.ROOT));
    if (job.ledgerDir().startsWith(source)) {
      throw new UsageException("--ledger " + job.ledgerDir() + " is inside --source " + source
          + "; the ledger would migrate itself (put it elsewhere)");
    }
  }

  /** The source of a local job over {@code root} (a real path). */
  public static SourceSpec spec(Path root, boolean followSymlinks, List<String> excludes, Optional<Path> fileList) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(LocalSourceProvider.ROOT, root.toString());
    s.put(LocalSourceProvider.SYMLINKS, followSymlinks ? "follow" : "skip");
    s.put(LocalSourceProvider.EXCLUDE, String.join("\n", excludes));
    fileList.ifPresent(f -> s.put(LocalSourceProvider.FILE_LIST, f.toString()));
    return new SourceSpec(LocalSourceProvider.TYPE, s, sourceIdentity(root),
        Map.of(LocalSourceProvider.ROOT, "--source", LocalSourceProvider.SYMLINKS, "--symlinks",
            LocalSourceProvider.EXCLUDE, "--exclude", LocalSourceProvider.FILE_LIST, "--file-list"),
        "--source " + root);
  }

  /** The job identity's source description of a local job: kept as it was, so existing ledgers still match. */
  public static String sourceIdentity(Path root) {
    return "local:" + root;
  }

  /** The job identity of a local-to-COS job. */
  public static JobIdentity identity(Path source, CosTarget target, String normalizedPrefix) {
    return MigrationJob.identity(sourceIdentity(source), target, normalizedPrefix);
  }
}
