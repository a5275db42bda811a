package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.source.cos.CosSourceProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
  protected String usageHead() {
    return """
        Usage: cos-migrate cos --src-bucket NAME-APPID --src-region R --bucket NAME-APPID --region REGION [options]

        Copies every object of the source COS bucket (under --src-prefix) into the destination bucket (key =
        prefix + key relative to --src-prefix). Where COS allows it the copy is server-side (PUT Object - Copy,
        and Upload Part - Copy in parallel above 5 GiB): no byte passes through this machine. Where COS refuses
        it (403 or 405, e.g. across accounts) the object is streamed instead, as the other sources are. Both sides
        report CRC-64, so their equality verifies every object without reading it. Metadata and the storage class
        are kept (--storage-class wins). Credentials: COS_SRC_SECRET_ID, COS_SRC_SECRET_KEY (COS_SRC_TOKEN),
        else the destination's COS_SECRET_ID, COS_SECRET_KEY (COS_TOKEN).

        Required:
          --src-bucket NAME-APPID       the COS bucket to copy from
          --src-region R                its region, e.g. ap-beijing
        """;
  }

  @Override
  protected String sourceOptionsUsage() {
    return """
          --src-prefix P                copy only keys under P (keys are taken relative to it)
          --src-endpoint URL            the source's endpoint instead of the region's public one
          --src-path-style              address the source bucket in the path (implied for an IP or localhost)
          --storage-class-filter C      copy only objects of these classes (comma separated, e.g. STANDARD,
                                        STANDARD_IA); the others are skipped with that reason
        """ + RemoteSource.MANIFEST_USAGE;
  }

  @Override
  protected Set<String> valueFlags() {
    Set<String> f = new java.util.HashSet<>(Set.of("src-bucket", "src-region", "src-prefix", "src-endpoint", "storage-class-filter"));
    f.addAll(RemoteSource.MANIFEST_FLAGS);
    return f;
  }

  @Override
  protected Set<String> switches() {
    return Set.of("src-path-style");
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
