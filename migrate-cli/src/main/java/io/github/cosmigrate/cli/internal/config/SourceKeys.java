package io.github.cosmigrate.cli.internal.config;

import io.github.cosmigrate.cli.internal.config.CommonKeys.Counterpart;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each key of a source section of the config file is on the command line: a flag of the command its type runs
 * ({@code SourceSections} does the translation), a credential's environment variable, or why it is neither.
 * {@code cos-migrate run --help} prints it; a test checks it names every key this tool reads and only flags the
 * command takes.
 */
public final class SourceKeys {
  private SourceKeys() {}

  /**
   * One source section.
   *
   * @param command the migration command its type runs
   * @param keys each key's counterpart
   */
  public record Section(String command, Map<String, Counterpart> keys) {}

  /** The source sections, by name. */
  public static final Map<String, Section> SECTIONS;

  static {
    Map<String, Section> s = new LinkedHashMap<>();
    Map<String, Counterpart> local = new LinkedHashMap<>();
    local.put("localPath", Counterpart.flag("source"));
    local.put("excludes", Counterpart.flag("exclude"));
    local.put("exeludes", Counterpart.flag("exclude", "the original's misspelling"));
    local.put("ignoreModifiedTimeLessThanSeconds", Counterpart.flag("ignore-younger-than"));
    local.put("ignoreSuffix", Counterpart.flag("ignore-suffix"));
    local.put("includeSuffix", Counterpart.flag("include-suffix"));
    local.put("ignoreEmptyFile", Counterpart.flag("ignore-empty-files"));
    local.put("fileListMode", Counterpart.flag("file-list", "with fileListPath"));
    local.put("fileListPath", Counterpart.flag("file-list"));
    local.put("checkLocalRecord", Counterpart.flag("skip-mode", "off: --skip-mode none"));
    local.put("symlinks", Counterpart.flag("symlinks"));
    s.put("migrateLocal", new Section("local", local));
    s.put("migrateAws", new Section("s3", cloud(true, "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN")));
    s.put("migrateAli", new Section("oss", cloud(false, "OSS_ACCESS_KEY_ID", "OSS_ACCESS_KEY_SECRET",
        "OSS_SESSION_TOKEN")));
    Map<String, Counterpart> qiniu = cloud(true, "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", null);
    qiniu.put("endPoint", Counterpart.flag("src-endpoint", "only an S3 endpoint (s3.REGION.qiniucs.com)"));
    qiniu.put("s3Endpoint", Counterpart.flag("src-endpoint"));
    qiniu.put("needSign", Counterpart.none("ignored: requests are always signed"));
    s.put("migrateQiniu", new Section("s3", qiniu));
    Map<String, Counterpart> url = new LinkedHashMap<>();
    url.put("urllistPath", Counterpart.flag("list"));
    url.put("isSkipHead", Counterpart.none("ignored: the HEAD gives the size and validators a rerun compares"));
    url.put("accessKeyId", Counterpart.none("ignored: the URLs are read as listed (sign them in the list)"));
    url.put("accessKeySecret", Counterpart.none("ignored: the URLs are read as listed (sign them in the list)"));
    s.put("migrateUrl", new Section("url", url));
    Map<String, Counterpart> copy = new LinkedHashMap<>();
    copy.put("srcRegion", Counterpart.flag("src-region"));
    copy.put("srcBucketName", Counterpart.flag("src-bucket"));
    copy.put("srcSecretId", Counterpart.env("COS_SRC_SECRET_ID"));
    copy.put("srcSecretKey", Counterpart.env("COS_SRC_SECRET_KEY"));
    copy.put("srcToken", Counterpart.env("COS_SRC_TOKEN"));
    copy.put("srcCosPath", Counterpart.flag("src-prefix"));
    copy.put("srcEndpoint", Counterpart.flag("src-endpoint"));
    copy.put("srcEndPointSuffix", Counterpart.none("give the whole endpoint as srcEndpoint (--src-endpoint)"));
    copy.put("srcPathStyle", Counterpart.flag("src-path-style"));
    copy.put("srcFileList", Counterpart.flag("manifest"));
    copy.put("srcStorageClass", Counterpart.flag("storage-class-filter"));
    s.put("migrateBucketCopy", new Section("cos", copy));
    SECTIONS = java.util.Collections.unmodifiableMap(s);
  }

  /** The keys every cloud section has ({@code ConfigTranslation.cloud}), and the credentials' variables. */
  private static Map<String, Counterpart> cloud(boolean region, String idVar, String secretVar, String tokenVar) {
    Map<String, Counterpart> c = new LinkedHashMap<>();
    c.put("bucket", Counterpart.flag("src-bucket"));
    c.put("accessKeyId", Counterpart.env(idVar));
    c.put("accessKeySecret", Counterpart.env(secretVar));
    if (tokenVar != null) {
      c.put("token", Counterpart.env(tokenVar));
    }
    c.put("endPoint", Counterpart.flag("src-endpoint"));
    c.put("prefix", Counterpart.flag("src-prefix"));
    if (region) {
      c.put("region", Counterpart.flag("src-region"));
    }
    c.put("pathStyle", Counterpart.flag("src-path-style"));
    c.put("srcHttps", Counterpart.none("always HTTPS; plain HTTP only for an endPoint given as http://"));
    c.put("dbPrefix", Counterpart.none("ignored: the ledger (--ledger) replaces the original's database"));
    c.put("proxyHost", Counterpart.none("ignored: the source is read without a proxy (--proxy is COS's)"));
    c.put("proxyPort", Counterpart.none("ignored: the source is read without a proxy (--proxy is COS's)"));
    c.put("srcConnectTimeout", Counterpart.none("ignored: the SDK's timeouts and the retry policy apply"));
    c.put("srcSocketTimeout", Counterpart.none("ignored: the SDK's timeouts and the retry policy apply"));
    return c;
  }

  /** The source sections as help text: one paragraph per section, the keys with a flag or a variable. */
  public static String describe() {
    StringBuilder b = new StringBuilder("The keys of the source sections as flags of their command:\n");
    SECTIONS.forEach((name, section) -> {
      java.util.List<String> pairs = new java.util.ArrayList<>();
      section.keys().forEach((key, c) -> {
        if (!c.flag().isEmpty()) {
          pairs.add(key + " --" + c.flag());
        } else if (!c.env().isEmpty()) {
          pairs.add(key + " $" + c.env());
        }
      });
      StringBuilder line = new StringBuilder("  [" + name + "] (" + section.command() + "):");
      for (int i = 0; i < pairs.size(); i++) {
        String pair = " " + pairs.get(i) + (i < pairs.size() - 1 ? "," : "");
        if (line.length() + pair.length() > 100) {
          b.append(line).append('\n');
          line = new StringBuilder("   ");
        }
        line.append(pair);
      }
      b.append(line).append('\n');
    });
    return b.toString();
  }
}
