package io.github.cosmigrate.source.local;

import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.provider.PluginSettings;
import io.github.cosmigrate.spi.provider.SettingSpec;
import io.github.cosmigrate.spi.provider.SourceProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Provider of type {@code local}: a {@link LocalSource} from flat settings, one per {@link LocalSourceConfig}
 * option (the clock is the system clock). Lists are newline-separated.
 */
public final class LocalSourceProvider implements SourceProvider {
  public static final String TYPE = "local";
  public static final String ROOT = "root";
  public static final String SYMLINKS = "symlinks";
  public static final String EXCLUDE = "exclude";
  public static final String INCLUDE_SUFFIX = "include-suffix";
  public static final String IGNORE_SUFFIX = "ignore-suffix";
  public static final String IGNORE_EMPTY_FILES = "ignore-empty-files";
  public static final String IGNORE_YOUNGER_THAN = "ignore-younger-than";
  public static final String FILE_LIST = "file-list";
  public static final String PAGE_SIZE = "page-size";

  private static final List<SettingSpec> SETTINGS = List.of(
      SettingSpec.required(ROOT, "the directory to migrate, or a single file"),
      SettingSpec.withDefault(SYMLINKS, "follow", "follow|skip: follow symbolic links or skip them"),
      SettingSpec.optional(EXCLUDE, "paths relative to the root or glob: patterns to leave out, one per line"),
      SettingSpec.optional(INCLUDE_SUFFIX, "when given, migrate only keys ending with one of these, one per line"),
      SettingSpec.optional(IGNORE_SUFFIX, "skip keys ending with one of these, one per line"),
      SettingSpec.withDefault(IGNORE_EMPTY_FILES, "false", "skip files of length 0"),
      SettingSpec.withDefault(IGNORE_YOUNGER_THAN, "0s", "skip files modified less than this long ago"),
      SettingSpec.optional(FILE_LIST, "list only the files named in this file, one path per line"),
      SettingSpec.withDefault(PAGE_SIZE, String.valueOf(LocalSourceConfig.DEFAULT_PAGE_SIZE),
          "entries per listing page"));

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String description() {
    return "a local directory tree (or one file)";
  }

  @Override
  public List<SettingSpec> settings() {
    return SETTINGS;
  }

  /** The config these settings describe, without opening anything. */
  public LocalSourceConfig config(PluginSettings s) {
    Path root = s.path(ROOT).orElseThrow(() -> s.invalid(ROOT, "is required"));
    LocalSourceConfig.Builder b = LocalSourceConfig.builder(root)
        .symlinks(s.choice(SYMLINKS, "follow", "skip").equals("follow") ? SymlinkPolicy.FOLLOW : SymlinkPolicy.SKIP)
        .excludes(s.list(EXCLUDE))
        .includeSuffixes(s.list(INCLUDE_SUFFIX))
        .ignoreSuffixes(s.list(IGNORE_SUFFIX))
        .ignoreEmptyFiles(s.bool(IGNORE_EMPTY_FILES))
        .ignoreYoungerThan(s.duration(IGNORE_YOUNGER_THAN))
        .pageSize(s.positiveInt(PAGE_SIZE));
    s.path(FILE_LIST).ifPresent(b::fileList);
    return b.build();
  }

  @Override
  public Source create(PluginSettings settings) throws IOException {
    return LocalSource.open(config(settings));
  }
}
