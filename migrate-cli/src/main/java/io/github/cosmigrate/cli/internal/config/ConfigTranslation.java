package io.github.cosmigrate.cli.internal.config;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A config file of the original tool (plus {@code -D} overrides) to one migration command of this tool, its
 * values checked as they are read: every problem is collected, none stops the reading.
 */
public final class ConfigTranslation {
  private ConfigTranslation() {}

  /** Every key this tool reads, by section (the original's and the new ones). */
  public static final Map<String, Set<String>> KNOWN = Map.of(
      "migrateType", Set.of("type", "deprecatedType"),
      CommonSection.S, Set.of("secretId", "secretKey", "token", "bucketName", "region", "storageClass", "cosPath",
          "https", "shortConnection", "tmpFolder", "smallFileThreshold", "smallFileExecutorNum",
          "bigFileExecutorNum", "bigFileUploadPartSize", "threadTrafficLimit", "entireFileMd5Attached",
          "daemonMode", "daemonModeInterVal", "executeTimeWindow", "outputFinishedFileFolder", "resume",
          "skipSamePath", "clientEncryption", "encryptionAlgo", "keyPath", "encryptIV", "check", "rocksMaxOpenFile",
          "requestTimeoutEnable", "requestTimeoutMs", "requestTryCount", "proxyHost", "proxyPort", "encryptionType",
          "threadNum", "batchTaskPath", "realTimeCompare", "dbCosPath",
          // new in cos-migrate
          "endpoint", "pathStyle", "sinkLimits", "bandwidth", "requestsPerSecond", "verify", "ledger", "report",
          "sseKmsKeyId"),
      "migrateLocal", Set.of("localPath", "excludes", "exeludes", "ignoreModifiedTimeLessThanSeconds",
          "ignoreSuffix", "includeSuffix", "ignoreEmptyFile", "fileListMode", "fileListPath", "checkLocalRecord",
          "symlinks"),
      "migrateAws", cloud("region", "pathStyle", "token"),
      "migrateAli", cloud("pathStyle", "token"),
      "migrateQiniu", cloud("needSign", "region", "s3Endpoint", "pathStyle"),
      "migrateUrl", Set.of("urllistPath", "isSkipHead", "accessKeyId", "accessKeySecret"),
      "migrateBucketCopy", Set.of("srcRegion", "srcBucketName", "srcSecretId", "srcSecretKey", "srcToken",
          "srcCosPath", "srcEndPointSuffix", "srcFileList", "srcStorageClass", "srcEndpoint", "srcPathStyle"));

  /** Sections the original had for types this tool does not read; their keys are left alone. */
  static final Set<String> OTHER_SECTIONS = Set.of("migrateUpyun", "migrateCsp");

  private static Set<String> cloud(String... extra) {
    Set<String> s = new java.util.HashSet<>(Set.of("bucket", "accessKeyId", "accessKeySecret", "endPoint", "prefix",
        "dbPrefix", "proxyHost", "proxyPort", "srcHttps", "srcConnectTimeout", "srcSocketTimeout"));
    s.addAll(List.of(extra));
    return Set.copyOf(s);
  }

  /**
   * Translates the config.
   *
   * @param env the process environment (credentials absent from the file are taken from it)
   * @param clock today's date names the finished-files list, as in the original
   * @param problems where every bad value is recorded
   * @param warnings where keys this tool does not know are named (probably misspelt)
   */
  public static Translated translate(ConfigValues values, Map<String, String> env, Clock clock, Problems problems,
      List<String> warnings) {
    values.file().problems().forEach(p -> problems.add("config", p));
    Keys k = new Keys(values, problems);
    Draft d = new Draft();
    CommonSection.translate(k, d, env, clock);
    SourceSections.translate(k, d, env);
    unknown(values, warnings);
    return d.command == null ? null : d.build();
  }

  private static void unknown(ConfigValues values, List<String> warnings) {
    List<String> names = new ArrayList<>();
    values.file().sections().forEach((section, keys) -> {
      Set<String> known = KNOWN.get(section);
      if (known == null && !OTHER_SECTIONS.contains(section)) {
        names.add("[" + section + "]");
      } else if (known != null) {
        keys.keySet().stream().filter(key -> !known.contains(key)).forEach(key -> names.add("[" + section + "] "
            + key));
      }
    });
    values.overrides().keySet().forEach(o -> {
      int dot = o.indexOf('.');
      Optional<Set<String>> known = Optional.ofNullable(KNOWN.get(o.substring(0, dot)));
      if (known.isEmpty() || !known.get().contains(o.substring(dot + 1))) {
        names.add("-D" + o);
      }
    });
    if (!names.isEmpty()) {
      warnings.add("cos-migrate: warning: ignoring what this tool does not know (misspelt?): "
          + String.join(", ", names));
    }
  }
}
