package io.github.cosmigrate.cli.internal.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The translation table of {@code [migrateType]} and the source sections: the original's migration type to one of
 * this tool's commands, and each source key to that command's flag or credential variable.
 */
final class SourceSections {
  private SourceSections() {}

  /** The command for {@code [migrateType] type}, or empty (with a problem) for a type this tool has no source for. */
  static void translate(Keys k, Draft d, Map<String, String> env) {
    String type = k.get("migrateType", "type").orElse("migrateLocal");
    switch (type.toLowerCase(Locale.ROOT)) {
      case "migratelocal" -> local(k, d);
      case "migrateaws" -> s3(k, d, "migrateAws", env);
      case "migrateqiniu" -> qiniu(k, d, env);
      case "migrateali" -> oss(k, d, env);
      case "migrateurl" -> url(k, d);
      case "migratebucketcopy" -> bucketCopy(k, d, env);
      case "migrateupyun" -> k.bad("migrateType", "type", "migrateUpyun is not supported: Upyun (USS) has no"
          + " S3-compatible API to read from; export the bucket to a local disk (e.g. with upx sync) and use"
          + " type=migrateLocal, or list signed download URLs in a file and use type=migrateUrl");
      case "migratecsp" -> k.bad("migrateType", "type", "migrateCsp is not supported as such: a private-cloud"
          + " COS is read as a COS bucket; use type=migrateBucketCopy with [migrateBucketCopy] srcEndpoint set to"
          + " its endpoint URL");
      default -> k.bad("migrateType", "type", "unknown type '" + type + "' (migrateLocal, migrateAws, migrateAli,"
          + " migrateQiniu, migrateUrl or migrateBucketCopy)");
    }
  }

  private static void local(Keys k, Draft d) {
    String s = "migrateLocal";
    d.command = "local";
    Optional<Path> root = k.existing(s, "localPath", k.required(s, "localPath", "the directory to migrate"), true);
    root.ifPresent(r -> d.flag("source", r.toString()));
    for (String key : new String[] {"excludes", "exeludes"}) {
      for (String e : k.get(s, key).orElse("").split(";")) {
        if (e.isBlank()) {
          continue;
        }
        Path p = Path.of(e.strip()).toAbsolutePath().normalize();
        if (!java.nio.file.Files.exists(p)) {
          k.bad(s, key, "'" + e.strip() + "' does not exist (excludes are absolute paths of files or directories"
              + " under localPath)");
        } else if (root.isPresent() && !p.startsWith(root.get())) {
          k.bad(s, key, "'" + e.strip() + "' is not under localPath " + root.get());
        } else {
          d.add("exclude", p.toString());
        }
      }
    }
    k.longIn(s, "ignoreModifiedTimeLessThanSeconds", -1, Long.MAX_VALUE / 1000, " seconds")
        .filter(v -> v > 0).ifPresent(v -> d.flag("ignore-younger-than", v + "s"));
    for (String e : k.get(s, "ignoreSuffix").orElse("").split(";")) {
      if (!e.isEmpty()) {
        d.add("ignore-suffix", e);
      }
    }
    for (String e : k.get(s, "includeSuffix").orElse("").split(";")) {
      if (!e.isEmpty()) {
        d.add("include-suffix", e);
      }
    }
    if (k.onOff(s, "ignoreEmptyFile", false)) {
      d.on("ignore-empty-files");
    }
    if (k.onOff(s, "fileListMode", false)) {
      k.existing(s, "fileListPath", k.required(s, "fileListPath", "the file listing the paths to migrate"), false)
          .ifPresent(f -> d.flag("file-list", f.toString()));
    }
    if (!k.onOff(s, "checkLocalRecord", true) && !d.flags.containsKey("skip-mode")) {
      d.flag("skip-mode", "none");
    }
    k.choice(s, "symlinks", "follow", "skip").ifPresent(v -> d.flag("symlinks", v));
  }

  /** The credentials of a cloud section, into the variables the command reads. */
  private static void keys(Keys k, Draft d, String s, String idVar, String secretVar) {
    k.required(s, "accessKeyId", "the source's access key id").ifPresent(v -> d.env.put(idVar, v));
    k.required(s, "accessKeySecret", "the source's access key secret").ifPresent(v -> d.env.put(secretVar, v));
  }

  /** The source prefix: the original stripped a leading '/'. */
  private static void prefix(Keys k, Draft d, String s, String key) {
    k.get(s, key).map(p -> p.replaceFirst("^/+", "")).filter(p -> !p.isEmpty()).ifPresent(p -> d.flag("src-prefix", p));
  }

  private static void s3(Keys k, Draft d, String s, Map<String, String> env) {
    d.command = "s3";
    k.required(s, "bucket", "the source bucket").ifPresent(b -> d.flag("src-bucket", b));
    keys(k, d, s, "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
    k.get(s, "token").ifPresent(t -> d.env.put("AWS_SESSION_TOKEN", t));
    prefix(k, d, s, "prefix");
    Optional<String> endpoint = k.get(s, "endPoint");
    endpoint.filter(e -> !e.matches("(?i)s3[.-]amazonaws\\.com")).ifPresent(e -> d.flag("src-endpoint", e));
    k.get(s, "region").ifPresent(r -> d.flag("src-region", r));
    if (k.onOff(s, "pathStyle", false)) {
      d.on("src-path-style");
    }
    srcHttps(k, d, s, endpoint);
  }

  private static void srcHttps(Keys k, Draft d, String s, Optional<String> endpoint) {
    if (!k.onOff(s, "srcHttps", false) && endpoint.map(e -> !e.toLowerCase(Locale.ROOT).startsWith("http://"))
        .orElse(true)) {
      d.note("[" + s + "] srcHttps=off: the source is read over HTTPS anyway; plain HTTP only for an endPoint"
          + " given as http://");
    }
  }

  private static void qiniu(Keys k, Draft d, Map<String, String> env) {
    String s = "migrateQiniu";
    Optional<String> s3Endpoint = k.get(s, "s3Endpoint")
        .or(() -> k.get(s, "endPoint").filter(e -> e.matches("(?i)(https?://)?s3[.-][a-z0-9-]+\\.qiniucs\\.com/?")));
    Optional<String> region = k.get(s, "region");
    if (s3Endpoint.isEmpty() && region.isPresent()) {
      s3Endpoint = Optional.of("https://s3." + region.get() + ".qiniucs.com");
    }
    if (s3Endpoint.isEmpty()) {
      k.bad(s, "region", "missing: Qiniu Kodo is read through its S3-compatible API; set region (e.g."
          + " cn-east-1) or s3Endpoint=https://s3.<region>.qiniucs.com (endPoint, the download domain, is not"
          + " used)");
    }
    d.command = "s3";
    k.required(s, "bucket", "the source bucket").ifPresent(b -> d.flag("src-bucket", b));
    keys(k, d, s, "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
    prefix(k, d, s, "prefix");
    s3Endpoint.ifPresent(e -> d.flag("src-endpoint", e));
    d.flag("src-region", region.orElse("us-east-1"));
    if (k.onOff(s, "pathStyle", false)) {
      d.on("src-path-style");
    }
    k.onOff(s, "needSign", true);
  }

  private static void oss(Keys k, Draft d, Map<String, String> env) {
    String s = "migrateAli";
    d.command = "oss";
    k.required(s, "bucket", "the source bucket").ifPresent(b -> d.flag("src-bucket", b));
    keys(k, d, s, "OSS_ACCESS_KEY_ID", "OSS_ACCESS_KEY_SECRET");
    k.get(s, "token").ifPresent(t -> d.env.put("OSS_SESSION_TOKEN", t));
    prefix(k, d, s, "prefix");
    Optional<String> endpoint = k.required(s, "endPoint", "the OSS endpoint, e.g. oss-cn-hangzhou.aliyuncs.com");
    endpoint.ifPresent(e -> d.flag("src-endpoint", e));
    if (k.onOff(s, "pathStyle", false)) {
      d.on("src-path-style");
    }
    srcHttps(k, d, s, endpoint);
  }

  private static void url(Keys k, Draft d) {
    String s = "migrateUrl";
    d.command = "url";
    Optional<String> list = k.required(s, "urllistPath", "the URL list file, or a folder of them");
    list.ifPresent(l -> {
      Path p = Path.of(l).toAbsolutePath().normalize();
      if (!java.nio.file.Files.exists(p)) {
        k.bad(s, "urllistPath", "'" + l + "' does not exist");
      } else {
        d.flag("list", p.toString());
      }
    });
    if (k.onOff(s, "isSkipHead", false)) {
      d.note("isSkipHead=on: each URL still gets a HEAD, which gives the size and validators a rerun compares");
    }
  }

  private static void bucketCopy(Keys k, Draft d, Map<String, String> env) {
    String s = "migrateBucketCopy";
    d.command = "cos";
    k.required(s, "srcBucketName", "the source bucket, name-appid").ifPresent(b -> {
      if (!b.matches(".*-[0-9]{3,}$")) {
        k.bad(s, "srcBucketName", "'" + b + "' is not a COS bucket name (name-appid)");
      }
      d.flag("src-bucket", b);
    });
    k.required(s, "srcRegion", "the source bucket's region").ifPresent(r -> d.flag("src-region", r));
    k.required(s, "srcSecretId", "the source's SecretId").ifPresent(v -> d.env.put("COS_SRC_SECRET_ID", v));
    k.required(s, "srcSecretKey", "the source's SecretKey").ifPresent(v -> d.env.put("COS_SRC_SECRET_KEY", v));
    k.get(s, "srcToken").ifPresent(v -> d.env.put("COS_SRC_TOKEN", v));
    k.get(s, "srcCosPath").ifPresent(p -> {
      if (!p.startsWith("/")) {
        k.bad(s, "srcCosPath", "must start with '/', was '" + p + "'");
      }
    });
    prefix(k, d, s, "srcCosPath");
    k.get(s, "srcEndpoint").ifPresent(e -> d.flag("src-endpoint", e));
    if (k.get(s, "srcEndPointSuffix").isPresent() && k.get(s, "srcEndpoint").isEmpty()) {
      k.bad(s, "srcEndPointSuffix", "give the whole endpoint instead: srcEndpoint=https://cos.<region>.<suffix>");
    }
    if (k.onOff(s, "srcPathStyle", false)) {
      d.on("src-path-style");
    }
    k.existing(s, "srcFileList", k.get(s, "srcFileList"), false).ifPresent(f -> {
      d.flag("manifest", f.toString());
      d.note("srcFileList: each line is a key as it is (the original URL-decoded it, turning '+' into a space)");
    });
    k.get(s, "srcStorageClass").ifPresent(c -> d.flag("storage-class-filter", c));
  }
}
