package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.source.s3.S3SourceProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code cos-migrate s3}: an AWS S3 (or S3-compatible) bucket into a COS bucket, streamed, no temp files. */
public final class S3Command extends SourceCommand {
  /** The command. */
  public static final S3Command INSTANCE = new S3Command();

  private S3Command() {}

  @Override
  public String name() {
    return "s3";
  }

  @Override
  public String summary() {
    return "an AWS S3 (or S3-compatible) bucket into a COS bucket, streamed";
  }

  @Override
  protected String synopsis() {
    return "Usage: cos-migrate s3 --src-bucket BUCKET --bucket NAME-APPID --region REGION [options]";
  }

  @Override
  protected String description() {
    return """
        Copies every object of the S3 bucket (under --src-prefix) into the COS bucket (key = prefix + key
        relative to --src-prefix), streaming: small objects straight into one PUT, large ones as ranged GETs
        feeding multipart parts in parallel, nothing written to disk. Reads are pinned to the listed version
        (If-Match), so an object replaced during its copy is copied again, never half old and half new.
        Objects already migrated and unchanged (same size, ETag, mtime) are skipped. Credentials: the
        environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) or the AWS SDK's default
        chain (profile, instance role).
        """;
  }

  @Override
  protected String sourceEnvironment() {
    return "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (else the AWS SDK's default chain)";
  }

  @Override
  protected List<Flag> sourceFlags() {
    return Flag.concat(List.of(
        Flag.value("src-bucket", "BUCKET", "required: the S3 bucket to copy from"),
        Flag.value("src-prefix", "P", "copy only keys under P (keys are taken relative to it)"),
        Flag.value("src-region", "R", "the source bucket's region (the SDK's region chain, else us-east-1)"),
        Flag.value("src-endpoint", "URL", "an S3-compatible endpoint instead of AWS (e.g. MinIO, Ceph, Kodo)"),
        Flag.toggle("src-path-style", "address the source bucket in the path, not the host name")),
        RemoteSource.MANIFEST_FLAGS);
  }

  @Override
  protected SourceSpec source(CliArgs a, Map<String, String> env) throws UsageException {
    String bucket = a.require("src-bucket", "the S3 bucket to copy from");
    String prefix = a.get("src-prefix").orElse("");
    Map<String, String> s = new LinkedHashMap<>();
    s.put(S3SourceProvider.BUCKET, bucket);
    s.put(S3SourceProvider.PREFIX, prefix);
    a.get("src-region").ifPresent(r -> s.put(S3SourceProvider.REGION, r));
    Optional<String> endpoint = a.get("src-endpoint");
    endpoint.ifPresent(e -> s.put(S3SourceProvider.ENDPOINT, e));
    s.put(S3SourceProvider.PATH_STYLE, String.valueOf(a.has("src-path-style")));
    RemoteSource.credentials(env, s, S3SourceProvider.ACCESS_KEY_ID, "AWS_ACCESS_KEY_ID",
        S3SourceProvider.SECRET_ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3SourceProvider.SESSION_TOKEN,
        "AWS_SESSION_TOKEN");
    String where = endpoint.orElse(a.get("src-region").orElse("aws"));
    return new SourceSpec(S3SourceProvider.TYPE, s, RemoteSource.identity("s3", where, bucket, prefix),
        Map.of(S3SourceProvider.BUCKET, "--src-bucket", S3SourceProvider.PREFIX, "--src-prefix",
            S3SourceProvider.REGION, "--src-region", S3SourceProvider.ENDPOINT, "--src-endpoint",
            S3SourceProvider.PATH_STYLE, "--src-path-style", S3SourceProvider.ACCESS_KEY_ID, "AWS_ACCESS_KEY_ID",
            S3SourceProvider.SECRET_ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3SourceProvider.SESSION_TOKEN,
            "AWS_SESSION_TOKEN"),
        "--src-bucket " + bucket).withManifest(RemoteSource.manifest(a, bucket, prefix));
  }
}
