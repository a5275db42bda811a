package io.github.cosmigrate.cli.internal.config;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Config files for tests: valid ones per migration type, edited key by key, rendered as INI text. */
final class ConfigFiles {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

  final Map<String, Map<String, String>> sections = new LinkedHashMap<>();

  /** A valid config of {@code type} whose paths lie under {@code dir}'s files (created by the caller). */
  static ConfigFiles valid(String type, java.nio.file.Path dir) {
    ConfigFiles c = new ConfigFiles();
    c.set("migrateType", "type", type);
    c.set("common", "secretId", "AKIDconfig");
    c.set("common", "secretKey", "config-secret");
    c.set("common", "bucketName", "dest-1250000000");
    c.set("common", "region", "ap-guangzhou");
    c.set("common", "storageClass", "Standard");
    c.set("common", "cosPath", "/");
    c.set("common", "https", "off");
    c.set("common", "tmpFolder", "./tmp");
    c.set("migrateLocal", "localPath", dir.resolve("data").toString());
    c.set("migrateAws", "bucket", "src");
    c.set("migrateAws", "accessKeyId", "AKIAsrc");
    c.set("migrateAws", "accessKeySecret", "aws-secret");
    c.set("migrateAws", "endPoint", "http://127.0.0.1:9");
    c.set("migrateAli", "bucket", "src");
    c.set("migrateAli", "accessKeyId", "LTAIsrc");
    c.set("migrateAli", "accessKeySecret", "oss-secret");
    c.set("migrateAli", "endPoint", "http://127.0.0.1:9");
    c.set("migrateQiniu", "bucket", "src");
    c.set("migrateQiniu", "accessKeyId", "qiniu-ak");
    c.set("migrateQiniu", "accessKeySecret", "qiniu-sk");
    c.set("migrateQiniu", "endPoint", "dl.example.com");
    c.set("migrateQiniu", "region", "cn-east-1");
    c.set("migrateUrl", "urllistPath", dir.resolve("urls.txt").toString());
    c.set("migrateBucketCopy", "srcRegion", "ap-shanghai");
    c.set("migrateBucketCopy", "srcBucketName", "src-1250000000");
    c.set("migrateBucketCopy", "srcSecretId", "AKIDsrc");
    c.set("migrateBucketCopy", "srcSecretKey", "src-secret");
    c.set("migrateBucketCopy", "srcCosPath", "/");
    return c;
  }

  /** Sets a key; null removes it. */
  ConfigFiles set(String section, String key, String value) {
    Map<String, String> s = sections.computeIfAbsent(section, k -> new LinkedHashMap<>());
    if (value == null) {
      s.remove(key);
    } else {
      s.put(key, value);
    }
    return this;
  }

  String text() {
    StringBuilder sb = new StringBuilder("# written by a test\n");
    sections.forEach((name, keys) -> {
      sb.append('[').append(name).append("]\n");
      keys.forEach((k, v) -> sb.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
    });
    return sb.toString();
  }

  /** The translation of this file, the problems and warnings in the lists given. */
  Translated translate(Map<String, String> env, List<String> problems, List<String> warnings) {
    Problems p = new Problems();
    List<String> w = new ArrayList<>();
    Translated t = ConfigTranslation.translate(new ConfigValues(IniFile.parse(text()), Map.of()), env, CLOCK, p, w);
    problems.addAll(p.list());
    warnings.addAll(w);
    return t;
  }
}
