package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.source.cos.CosSourceProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cos-migrate cos}: one COS bucket into another (another region or account), copied server-side where COS
 * allows it, streamed where it refuses.
 */
public final class CosCommand extends SourceCommand {
  /** The command. */
  public static final CosCommand INSTANCE = new CosCommand();

  private CosCommand() {}

  @Override
  public String name() {
    return "cos";
  }

  @Override
  public String summary() {
    return "another COS bucket into a COS bucket, copied server-side where COS allows it";
  }

  @Override
  protected String synopsis() {
    return "Usage: cos-migrate cos --src-bucket NAME-APPID --src-region R --bucket NAME-APPID --region REGION [options]";
  }

  @Override
  protected String description() {
    return """
        Copies every object of the source COS bucket (under --src-prefix) into the destination bucket (key =
        prefix + key relative to --src-prefix). Where COS allows it the copy is server-side (PUT Object - Copy,
        and Upload Part - Copy in parallel above 5 GiB): no byte passes through this machine. Where COS refuses
        it (403 or 405, e.g. across accounts) the object is streamed instead, as the other sources are. Both sides
        report CRC-64, so their equality verifies every object without reading it. Metadata and the storage class
        are kept (--storage-class wins). Credentials: COS_SRC_SECRET_ID, COS_SRC_SECRET_KEY (COS_SRC_TOKEN),
        else the destination's COS_SECRET_ID, COS_SECRET_KEY (COS_TOKEN).
        """;
  }

  @Override
  protected String sourceEnvironment() {
    return "COS_SRC_SECRET_ID, COS_SRC_SECRET_KEY, COS_SRC_TOKEN (default: the destination's)";
  }

  @Override
  protected List<Flag> sourceFlags() {
    return Flag.concat(List.of(
        Flag.value("src-bucket", "NAME-APPID", "required: the COS bucket to copy from"),
        Flag.value("src-region", "R", "required: its region, e.g. ap-beijing"),
        Flag.value("src-prefix", "P", "copy only keys under P (keys are taken relative to it)"),
        Flag.value("src-endpoint", "URL", "the source's endpoint instead of the region's public one"),
        Flag.toggle("src-path-style", "address the source bucket in the path (implied for an IP or localhost)"),
        Flag.value("storage-class-filter", "C", "copy only objects of these classes (comma separated, e.g."
            + " STANDARD,STANDARD_IA); the others are skipped with that reason")),
        RemoteSource.MANIFEST_FLAGS);
  }

  @Override
  protected SourceSpec source(CliArgs a, Map<String, String> env) throws UsageException {
    String bucket = a.require("src-bucket", "the COS bucket to copy from");
    String region = a.require("src-region", "the source bucket's region, e.g. ap-beijing");
    String prefix = a.get("src-prefix").orElse("");
    Map<String, String> s = new LinkedHashMap<>();
    s.put(CosSourceProvider.BUCKET, bucket);
    s.put(CosSourceProvider.REGION, region);
    s.put(CosSourceProvider.PREFIX, prefix);
    Optional<String> endpoint = a.get("src-endpoint");
    endpoint.ifPresent(e -> s.put(CosSourceProvider.ENDPOINT, e));
    // as for --endpoint: an IP or localhost endpoint cannot carry the bucket as a sub-domain
    boolean pathStyle = a.has("src-path-style") || endpoint.map(e -> {
      try {
        java.net.URI u = java.net.URI.create(e.contains("://") ? e : "https://" + e);
        return u.getHost() != null && CosTarget.hostIsAddress(u);
      } catch (IllegalArgumentException bad) {
        return false; // the provider names the bad --src-endpoint
      }
    }).orElse(false);
    s.put(CosSourceProvider.PATH_STYLE, String.valueOf(pathStyle));
    a.get("storage-class-filter").ifPresent(c -> s.put(CosSourceProvider.STORAGE_CLASSES, c));
    boolean own = env.get("COS_SRC_SECRET_ID") != null && !env.get("COS_SRC_SECRET_ID").isBlank();
    if (own) {
      RemoteSource.credentials(env, s, CosSourceProvider.SECRET_ID, "COS_SRC_SECRET_ID",
          CosSourceProvider.SECRET_KEY, "COS_SRC_SECRET_KEY", CosSourceProvider.TOKEN, "COS_SRC_TOKEN");
    } else {
      RemoteSource.credentials(env, s, CosSourceProvider.SECRET_ID, "COS_SECRET_ID",
          CosSourceProvider.SECRET_KEY, "COS_SECRET_KEY", CosSourceProvider.TOKEN, "COS_TOKEN");
    }
    String idVar = own ? "COS_SRC_SECRET_ID" : "COS_SECRET_ID";
    String keyVar = own ? "COS_SRC_SECRET_KEY" : "COS_SECRET_KEY";
    return new SourceSpec(CosSourceProvider.TYPE, s,
        RemoteSource.identity("cos", endpoint.orElse(region), bucket, prefix),
        Map.of(CosSourceProvider.BUCKET, "--src-bucket", CosSourceProvider.PREFIX, "--src-prefix",
            CosSourceProvider.REGION, "--src-region", CosSourceProvider.ENDPOINT, "--src-endpoint",
            CosSourceProvider.PATH_STYLE, "--src-path-style", CosSourceProvider.STORAGE_CLASSES,
            "--storage-class-filter", CosSourceProvider.SECRET_ID, idVar, CosSourceProvider.SECRET_KEY, keyVar,
            CosSourceProvider.TOKEN, own ? "COS_SRC_TOKEN" : "COS_TOKEN"),
        "--src-bucket " + bucket).withManifest(RemoteSource.manifest(a, bucket, prefix));
  }
}
