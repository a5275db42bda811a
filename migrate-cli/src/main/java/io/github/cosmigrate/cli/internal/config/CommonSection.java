package io.github.cosmigrate.cli.internal.config;

import io.github.cosmigrate.cli.internal.CosTarget;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.sink.cos.internal.StorageClasses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The translation table of {@code [common]}: each key of the original tool to the flag (or environment variable)
 * of this tool that does the same, its range checked where COS has one; keys that no longer make sense are
 * accepted and say so once.
 */
final class CommonSection {
  static final String S = "common";

  /** COS's range of x-cos-traffic-limit, in bit/s (100 KiB/s to 100 MiB/s): the sink's own definition. */
  static final long TRAFFIC_MIN = io.github.cosmigrate.sink.cos.CosSinkConfig.TRAFFIC_LIMIT_MIN;
  static final long TRAFFIC_MAX = io.github.cosmigrate.sink.cos.CosSinkConfig.TRAFFIC_LIMIT_MAX;

  private CommonSection() {}

  static void translate(Keys k, Draft d, Map<String, String> env, Clock clock) {
    credentials(k, d, env);
    k.required(S, "bucketName", "the destination bucket, name-appid, e.g. photos-1250000000").ifPresent(b -> {
      if (!CosTarget.BUCKET.matcher(b).matches() || b.length() > 60) {
        k.bad(S, "bucketName", "'" + b + "' is not a COS bucket name: expected name-appid, e.g. photos-1250000000");
      }
      d.flag("bucket", b);
    });
    k.required(S, "region", "the bucket's region, e.g. ap-guangzhou").ifPresent(r -> {
      if (!CosTarget.REGION.matcher(r).matches()) {
        k.bad(S, "region", "'" + r + "' is not a COS region such as ap-guangzhou");
      }
      d.flag("region", r);
    });
    k.get(S, "storageClass").ifPresent(c -> {
      Optional<String> canonical = StorageClasses.canonical(c);
      if (canonical.isEmpty()) {
        k.bad(S, "storageClass", "'" + c + "' is not a COS storage class (any case of "
            + String.join(", ", StorageClasses.VALID) + ")");
      } else {
        d.flag("storage-class", canonical.get());
      }
    });
    k.get(S, "cosPath").ifPresent(p -> {
      if (!p.startsWith("/")) {
        k.bad(S, "cosPath", "must start with '/', e.g. / or /backup/, was '" + p + "'");
      } else if (!p.equals("/")) {
        d.flag("prefix", p.replaceAll("/{2,}", "/"));
      }
    });
    endpoint(k, d);
    transfer(k, d);
    limits(k, d);
    behaviour(k, d, clock);
    encryption(k, d);
    ignored(k, d);
  }

  private static void credentials(Keys k, Draft d, Map<String, String> env) {
    Optional<String> id = k.get(S, "secretId").or(() -> Optional.ofNullable(env.get("COS_SECRET_ID")));
    Optional<String> key = k.get(S, "secretKey").or(() -> Optional.ofNullable(env.get("COS_SECRET_KEY")));
    if (id.isEmpty()) {
      k.required(S, "secretId", "the destination's SecretId; or set COS_SECRET_ID");
    }
    if (key.isEmpty()) {
      k.required(S, "secretKey", "the destination's SecretKey; or set COS_SECRET_KEY");
    }
    id.ifPresent(v -> d.env.put("COS_SECRET_ID", v));
    key.ifPresent(v -> d.env.put("COS_SECRET_KEY", v));
    k.get(S, "token").or(() -> Optional.ofNullable(env.get("COS_TOKEN"))).ifPresent(v -> d.env.put("COS_TOKEN", v));
  }

  private static void endpoint(Keys k, Draft d) {
    Optional<String> endpoint = k.get(S, "endpoint");
    endpoint.ifPresent(e -> {
      if (!e.matches("(?i)https?://[^/?#@]+(/.*)?") && !e.matches("[A-Za-z0-9.-]+(:\\d+)?")) {
        k.bad(S, "endpoint", "must be a URL such as https://cos.ap-guangzhou.myqcloud.com or a host name, was '"
            + e + "'");
      }
      d.flag("endpoint", e);
    });
    if (k.onOff(S, "pathStyle", false)) {
      if (endpoint.isEmpty()) {
        k.bad(S, "pathStyle", "needs [common] endpoint (the public COS endpoints are virtual-host style)");
      }
      d.on("path-style");
    }
    k.choice(S, "sinkLimits", "cos", "s3").ifPresent(v -> d.flag("sink-limits", v));
    boolean https = k.onOff(S, "https", false);
    if (!https && endpoint.map(e -> !e.toLowerCase(Locale.ROOT).startsWith("http://")).orElse(true)) {
      d.note("https=off: requests go over HTTPS anyway (the original sent credentials' signatures and data over"
          + " plain HTTP by default); plain HTTP only for an endpoint given as http://");
    }
  }

  private static void transfer(Keys k, Draft d) {
    SinkLimits limits = "s3".equals(d.flags.getOrDefault("sink-limits", java.util.List.of("cos")).get(0))
        ? SinkLimits.s3() : SinkLimits.cos();
    k.sizeIn(S, "smallFileThreshold", 5L << 20, 5L << 30).ifPresent(v -> d.flag("small-file-threshold", "" + v));
    k.longIn(S, "smallFileExecutorNum", 1, 1024, "").ifPresent(v -> d.flag("concurrency", "" + v));
    k.longIn(S, "bigFileExecutorNum", 1, 64, "").ifPresent(v -> d.flag("part-concurrency", "" + v));
    k.sizeIn(S, "bigFileUploadPartSize", limits.minPartSize(), limits.maxPartSize())
        .ifPresent(v -> d.flag("part-size", "" + v));
    k.longIn(S, "requestTryCount", 1, 100, "").ifPresent(v -> d.flag("max-attempts", "" + v));
    k.get(S, "ledger").ifPresent(v -> d.flag("ledger", v));
    k.get(S, "report").ifPresent(v -> d.flag("report", v));
    k.choice(S, "verify", "crc64", "reread").ifPresent(v -> d.flag("verify", v));
  }

  private static void limits(Keys k, Draft d) {
    Optional<String> traffic = k.get(S, "threadTrafficLimit");
    if (traffic.isPresent() && !traffic.get().startsWith("-") && !traffic.get().equals("0")) {
      k.longIn(S, "threadTrafficLimit", TRAFFIC_MIN, TRAFFIC_MAX, " bit/s (COS's range of x-cos-traffic-limit)")
          .ifPresent(v -> d.flag("traffic-limit", "" + v));
    }
    k.sizeIn(S, "bandwidth", 1, Long.MAX_VALUE / 2).ifPresent(v -> d.flag("bandwidth", "" + v));
    k.longIn(S, "requestsPerSecond", 1, 1_000_000, "").ifPresent(v -> d.flag("requests-per-second", "" + v));
    Optional<String> host = k.get(S, "proxyHost");
    Optional<Long> port = k.longIn(S, "proxyPort", 1, 65535, "");
    boolean portGiven = k.get(S, "proxyPort").isPresent();
    if (host.isPresent() != portGiven) {
      if (host.isPresent() || port.isPresent()) {
        String given = host.isPresent() ? "proxyHost" : "proxyPort";
        k.bad(S, given, "proxyHost and proxyPort go together: " + given + " is given without the other");
      }
    } else if (host.isPresent() && port.isPresent()) {
      d.flag("proxy", host.get() + ":" + port.get());
    }
  }

  private static void behaviour(Keys k, Draft d, Clock clock) {
    boolean skipSame = k.onOff(S, "skipSamePath", false);
    boolean realTime = k.onOff(S, "realTimeCompare", false);
    if (skipSame || realTime) {
      d.flag("skip-mode", "destination");
      d.note((skipSame ? "skipSamePath" : "realTimeCompare") + "=on: an object is skipped when the destination"
          + " holds the same bytes (same size and CRC-64), not merely when its key exists (the original skipped"
          + " on existence alone)");
    }
    k.onOff(S, "resume", false);
    boolean daemon = k.onOff(S, "daemonMode", false);
    if (daemon) {
      d.on("daemon");
    }
    Optional<Long> interval = k.longIn(S, "daemonModeInterVal", 1, Translated.Schedule.MAX_INTERVAL_SECONDS,
        " seconds");
    if (daemon) {
      interval.ifPresent(v -> d.flag("daemon-interval", "" + v));
    }
    Optional<String> w = k.get(S, "executeTimeWindow");
    if (w.isPresent()) {
      try {
        TimeWindows windows = TimeWindows.parse(w.get());
        d.flag("time-window", w.get());
        if (windows.crossesMidnight()) {
          d.note("executeTimeWindow=" + w.get() + " crosses midnight: passes run from its start to its end the next"
              + " morning (the original could not run in such a window)");
        }
      } catch (IllegalArgumentException e) {
        k.bad(S, "executeTimeWindow", e.getMessage());
      }
    }
    k.get(S, "outputFinishedFileFolder").ifPresent(f -> {
      Path dir = Path.of(f).toAbsolutePath().normalize();
      if (!Files.isDirectory(dir)) {
        k.bad(S, "outputFinishedFileFolder", "'" + f + "' is not an existing directory");
      } else {
        d.flag("finished", io.github.cosmigrate.cli.internal.MigrationFlags.finishedFile(dir, LocalDate.now(clock))
            .toString());
      }
    });
    if (k.onOff(S, "entireFileMd5Attached", false)) {
      d.note("entireFileMd5Attached=on: no x-cos-meta-md5 is written; every object is verified end to end by"
          + " CRC-64 (x-cos-hash-crc64ecma) instead");
    }
  }

  private static void encryption(Keys k, Draft d) {
    k.get(S, "encryptionType").ifPresent(t -> {
      switch (t.toLowerCase(Locale.ROOT)) {
        case "sse-cos" -> d.flag("sse", "cos");
        case "sse-kms" -> d.flag("sse", "kms");
        default -> k.bad(S, "encryptionType", "must be sse-cos or sse-kms, was '" + t + "'");
      }
    });
    k.get(S, "sseKmsKeyId").ifPresent(id -> {
      if (!"kms".equals(d.flags.getOrDefault("sse", java.util.List.of("")).get(0))) {
        k.bad(S, "sseKmsKeyId", "needs encryptionType=sse-kms");
      }
      d.flag("sse-kms-key-id", id);
    });
    if (k.onOff(S, "clientEncryption", false)) {
      Optional<String> keyPath = k.get(S, "keyPath");
      if (keyPath.isEmpty() || keyPath.get().equals("/")) {
        k.bad(S, "keyPath", "clientEncryption=on needs keyPath, the file holding the AES key (the original's"
            + " default '/' is a directory)");
      } else {
        k.existing(S, "keyPath", keyPath, false).ifPresent(p -> {
          try {
            long n = Files.size(p);
            if (n != 16 && n != 24 && n != 32) {
              k.bad(S, "keyPath", "'" + keyPath.get() + "' holds " + n + " bytes; an AES key is 16, 24 or 32 bytes");
            } else {
              d.flag("client-encryption-key", p.toString());
            }
          } catch (java.io.IOException e) {
            k.bad(S, "keyPath", "cannot read '" + keyPath.get() + "': " + e.getMessage());
          }
        });
      }
      k.get(S, "encryptionAlgo").ifPresent(a -> {
        if (!a.equalsIgnoreCase("AES-CTR")) {
          k.bad(S, "encryptionAlgo", "only AES-CTR (the COS SDK's encryption client's mode), was '" + a + "'");
        }
      });
      if (k.get(S, "encryptIV").isPresent()) {
        d.note("encryptIV is ignored: each object gets a fresh random IV (one IV for every object would let"
            + " anyone reading two objects learn their XOR)");
      }
    }
  }

  private static void ignored(Keys k, Draft d) {
    k.onOff(S, "shortConnection", false);
    k.onOff(S, "check", false);
    k.onOff(S, "requestTimeoutEnable", false);
    k.longIn(S, "requestTimeoutMs", 1, Long.MAX_VALUE, " ms");
    k.longIn(S, "rocksMaxOpenFile", -1, Integer.MAX_VALUE, "");
    k.longIn(S, "threadNum", 1, 4096, "");
    if (k.get(S, "batchTaskPath").isPresent()) {
      k.bad(S, "batchTaskPath", "batch mode is not supported: write one config file per line of the batch file"
          + " and run cos-migrate run --config on each");
    }
  }
}
