package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.source.url.UrlSourceProvider;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code cos-migrate url}: the files named in URL lists into a COS bucket, streamed, no temp files. */
public final class UrlCommand extends SourceCommand {
  /** The command. */
  public static final UrlCommand INSTANCE = new UrlCommand();

  private UrlCommand() {}

  @Override
  public String name() {
    return "url";
  }

  @Override
  public String summary() {
    return "the files named in URL lists into a COS bucket, streamed";
  }

  @Override
  protected String synopsis() {
    return "Usage: cos-migrate url --list FILE_OR_FOLDER --bucket NAME-APPID --region REGION [options]";
  }

  @Override
  protected String description() {
    return """
        Copies every URL of the list (or of every list file in the folder, in name order) into the COS bucket.
        A line is a URL, optionally followed by a TAB and the destination key; blank lines and lines starting
        with '#' are ignored. The default key is the URL's decoded path (--host-first puts the host first);
        two lines mapping to one key fail the second, naming both lines. Size and validators (ETag,
        Last-Modified) come from a HEAD, so a rerun skips what is unchanged; large files are read by ranged
        GETs in parallel when the server honours Range, else by one GET. Redirects are followed (never from
        https to http). A bad line, a 404 or an unreachable host fails that line (file and line number in the
        report); the rest goes on. Query strings (they often carry signatures) are never logged, reported or
        stored in the ledger.
        """;
  }

  @Override
  protected List<Flag> sourceFlags() {
    return List.of(
        Flag.value("list", "FILE_OR_FOLDER", "required: the URL list, or a folder of them"),
        Flag.toggle("host-first", "key = host + \"/\" + path instead of the path alone"),
        Flag.value("max-redirects", "N", "redirects followed per URL (0 to 20)", "5"),
        Flag.value("src-connect-timeout", "D", "connect timeout per request", "10s"),
        Flag.value("src-read-timeout", "D", "a body idle this long fails", "60s"));
  }

  @Override
  protected SourceSpec source(CliArgs a, Map<String, String> env) throws UsageException {
    String list = a.require("list", "the URL list file or a folder of them");
    Map<String, String> s = new LinkedHashMap<>();
    s.put(UrlSourceProvider.LIST, list);
    s.put(UrlSourceProvider.HOST_FIRST, String.valueOf(a.has("host-first")));
    a.get("max-redirects").ifPresent(v -> s.put(UrlSourceProvider.MAX_REDIRECTS, v));
    a.get("src-connect-timeout").ifPresent(v -> s.put(UrlSourceProvider.CONNECT_TIMEOUT, v));
    a.get("src-read-timeout").ifPresent(v -> s.put(UrlSourceProvider.READ_TIMEOUT, v));
    String abs = Path.of(list).toAbsolutePath().normalize().toString();
    return new SourceSpec(UrlSourceProvider.TYPE, s, "url-list:" + abs + (a.has("host-first") ? " (host/path)" : ""),
        Map.of(UrlSourceProvider.LIST, "--list", UrlSourceProvider.HOST_FIRST, "--host-first",
            UrlSourceProvider.MAX_REDIRECTS, "--max-redirects", UrlSourceProvider.CONNECT_TIMEOUT,
            "--src-connect-timeout", UrlSourceProvider.READ_TIMEOUT, "--src-read-timeout"),
        "--list " + list);
  }
}
