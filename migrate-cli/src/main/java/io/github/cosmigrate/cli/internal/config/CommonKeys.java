package io.github.cosmigrate.cli.internal.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each {@code [common]} key of the config file is on the command line: the flag of every migration command it
 * is translated into ({@code CommonSection} does the translation), the environment variable of a credential, or why
 * it has no counterpart. {@code cos-migrate run --help} prints this table; a test checks that every key this tool
 * reads ({@link ConfigTranslation#KNOWN}) is here and that each flag named is one every migration command takes.
 */
public final class CommonKeys {
  private CommonKeys() {}

  /**
   * The counterpart of one key.
   *
   * @param flag the flag (without {@code --}) the key is translated into; empty when none
   * @param env the environment variable it stands for (credentials); empty when none
   * @param note why there is no flag, or what else to know
   */
  public record Counterpart(String flag, String env, String note) {
    static Counterpart flag(String flag) {
      return new Counterpart(flag, "", "");
    }

    static Counterpart flag(String flag, String note) {
      return new Counterpart(flag, "", note);
    }

    static Counterpart env(String var) {
      return new Counterpart("", var, "a secret: never a flag");
    }

    static Counterpart none(String why) {
      return new Counterpart("", "", why);
    }
  }

  /** Each {@code [common]} key, in the order of the sample config file. */
  public static final Map<String, Counterpart> TABLE;

  static {
    Map<String, Counterpart> t = new LinkedHashMap<>();
    t.put("secretId", Counterpart.env("COS_SECRET_ID"));
    t.put("secretKey", Counterpart.env("COS_SECRET_KEY"));
    t.put("token", Counterpart.env("COS_TOKEN"));
    t.put("bucketName", Counterpart.flag("bucket"));
    t.put("region", Counterpart.flag("region"));
    t.put("endpoint", Counterpart.flag("endpoint"));
    t.put("pathStyle", Counterpart.flag("path-style"));
    t.put("sinkLimits", Counterpart.flag("sink-limits"));
    t.put("https", Counterpart.none("always HTTPS; plain HTTP only for an --endpoint given as http://"));
    t.put("storageClass", Counterpart.flag("storage-class"));
    t.put("cosPath", Counterpart.flag("prefix"));
    t.put("smallFileThreshold", Counterpart.flag("small-file-threshold"));
    t.put("smallFileExecutorNum", Counterpart.flag("concurrency"));
    t.put("bigFileExecutorNum", Counterpart.flag("part-concurrency"));
    t.put("bigFileUploadPartSize", Counterpart.flag("part-size"));
    t.put("threadTrafficLimit", Counterpart.flag("traffic-limit"));
    t.put("bandwidth", Counterpart.flag("bandwidth"));
    t.put("requestsPerSecond", Counterpart.flag("requests-per-second"));
    t.put("requestTryCount", Counterpart.flag("max-attempts"));
    t.put("proxyHost", Counterpart.flag("proxy", "with proxyPort: --proxy HOST:PORT"));
    t.put("proxyPort", Counterpart.flag("proxy", "with proxyHost: --proxy HOST:PORT"));
    t.put("verify", Counterpart.flag("verify"));
    t.put("ledger", Counterpart.flag("ledger"));
    t.put("report", Counterpart.flag("report"));
    t.put("skipSamePath", Counterpart.flag("skip-mode", "on: --skip-mode destination (same size and CRC-64)"));
    t.put("realTimeCompare", Counterpart.flag("skip-mode", "on: --skip-mode destination"));
    t.put("daemonMode", Counterpart.flag("daemon"));
    t.put("daemonModeInterVal", Counterpart.flag("daemon-interval", "with daemonMode=on"));
    t.put("executeTimeWindow", Counterpart.flag("time-window"));
    t.put("outputFinishedFileFolder", Counterpart.flag("finished", "--finished DIR/YYYY-MM-DD.out, or"
        + " --finished-folder DIR"));
    t.put("encryptionType", Counterpart.flag("sse", "sse-cos: --sse cos; sse-kms: --sse kms"));
    t.put("sseKmsKeyId", Counterpart.flag("sse-kms-key-id"));
    t.put("clientEncryption", Counterpart.flag("client-encryption-key", "on, with keyPath: --client-encryption-key"
        + " FILE"));
    t.put("keyPath", Counterpart.flag("client-encryption-key", "with clientEncryption=on"));
    t.put("encryptionAlgo", Counterpart.none("AES-CTR only, as the COS SDK's encryption client"));
    t.put("encryptIV", Counterpart.none("ignored: every object gets a fresh random IV"));
    t.put("entireFileMd5Attached", Counterpart.none("ignored: CRC-64 verifies every object end to end"));
    t.put("resume", Counterpart.none("always: a rerun resumes from the ledger"));
    t.put("shortConnection", Counterpart.none("ignored: connections are pooled"));
    t.put("tmpFolder", Counterpart.none("ignored: nothing is staged on disk (streamed)"));
    t.put("check", Counterpart.none("ignored: see verify"));
    t.put("rocksMaxOpenFile", Counterpart.none("ignored: the ledger sizes itself"));
    t.put("requestTimeoutEnable", Counterpart.none("ignored: the SDKs' timeouts and the retry policy apply"));
    t.put("requestTimeoutMs", Counterpart.none("ignored: the SDKs' timeouts and the retry policy apply"));
    t.put("threadNum", Counterpart.none("ignored: see smallFileExecutorNum and bigFileExecutorNum"));
    t.put("batchTaskPath", Counterpart.none("batch mode is not supported: one config file per run"));
    t.put("dbCosPath", Counterpart.none("ignored: the ledger (--ledger) replaces the original's database"));
    TABLE = java.util.Collections.unmodifiableMap(t);
  }

  /** The table as help text, one key a line. */
  public static String describe() {
    StringBuilder b = new StringBuilder("The [common] keys of the config file as flags of every migration command:\n");
    TABLE.forEach((key, c) -> {
      String what = !c.flag().isEmpty() ? "--" + c.flag() : !c.env().isEmpty() ? "$" + c.env() : "(no flag)";
      String note = c.note().isEmpty() || !c.env().isEmpty() ? "" : "  " + c.note();
      b.append(String.format("  %-26s %s%s%n", key, what, note));
    });
    return b.toString();
  }
}
