package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.source.oss.OssSourceProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code cos-migrate oss}: an Aliyun OSS bucket into a COS bucket, streamed, no temp files. */
public final class OssCommand extends SourceCommand {
  /** The command. */
  public static final OssCommand INSTANCE = new OssCommand();

  private OssCommand() {}

  @Override
  public String name() {
    return "oss";
  }

  @Override
  public String summary() {
    return "an Aliyun OSS bucket into a COS bucket, streamed";
  }

  @Override
  protected String synopsis() {
    return "Usage: cos-migrate oss --src-bucket BUCKET --src-endpoint URL --bucket NAME-APPID --region REGION [options]";
  }

  @Override
  protected String description() {
    return """
        Copies every object of the OSS bucket (under --src-prefix) into the COS bucket (key = prefix + key
        relative to --src-prefix), streaming, nothing written to disk. Reads are pinned to the listed version
        (If-Match). Where OSS returns its CRC-64 (x-oss-hash-crc64ecma), equality with COS's CRC-64 verifies
        the object end to end. Credentials: OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET (and OSS_SESSION_TOKEN for
        STS) in the environment.
        """;
  }

  @Override
  protected String sourceEnvironment() {
    return "OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET, OSS_SESSION_TOKEN (STS)";
  }

  @Override
  protected List<Flag> sourceFlags() {
    return Flag.concat(List.of(
        Flag.value("src-bucket", "BUCKET", "required: the OSS bucket to copy from"),
        Flag.value("src-endpoint", "URL", "required: its region's endpoint, e.g. oss-cn-hangzhou.aliyuncs.com"
            + " (https)"),
        Flag.value("src-prefix", "P", "copy only keys under P (keys are taken relative to it)"),
        Flag.toggle("src-path-style", "address the source bucket in the path (test servers)")),
        RemoteSource.MANIFEST_FLAGS);
  }

  @Override
  protected SourceSpec source(CliArgs a, Map<String, String> env) throws UsageException {
    String bucket = a.require("src-bucket", "the OSS bucket to copy from");
    String endpoint = a.require("src-endpoint", "the OSS endpoint, e.g. oss-cn-hangzhou.aliyuncs.com");
    String prefix = a.get("src-prefix").orElse("");
    Map<String, String> s = new LinkedHashMap<>();
    s.put(OssSourceProvider.BUCKET, bucket);
    s.put(OssSourceProvider.ENDPOINT, endpoint);
    s.put(OssSourceProvider.PREFIX, prefix);
    s.put(OssSourceProvider.PATH_STYLE, String.valueOf(a.has("src-path-style")));
    RemoteSource.credentials(env, s, OssSourceProvider.ACCESS_KEY_ID, "OSS_ACCESS_KEY_ID",
        OssSourceProvider.ACCESS_KEY_SECRET, "OSS_ACCESS_KEY_SECRET", OssSourceProvider.SECURITY_TOKEN,
        "OSS_SESSION_TOKEN");
    return new SourceSpec(OssSourceProvider.TYPE, s, RemoteSource.identity("oss", endpoint, bucket, prefix),
        Map.of(OssSourceProvider.BUCKET, "--src-bucket", OssSourceProvider.ENDPOINT, "--src-endpoint",
            OssSourceProvider.PREFIX, "--src-prefix", OssSourceProvider.PATH_STYLE, "--src-path-style",
            OssSourceProvider.ACCESS_KEY_ID, "OSS_ACCESS_KEY_ID", OssSourceProvider.ACCESS_KEY_SECRET,
            "OSS_ACCESS_KEY_SECRET", OssSourceProvider.SECURITY_TOKEN, "OSS_SESSION_TOKEN"),
        "--src-bucket " + bucket).withManifest(RemoteSource.manifest(a, bucket, prefix));
  }
}
