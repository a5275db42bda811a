package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.api.JsonString;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The JSON report of {@code cos-migrate verify}, streamed: every difference is written as it is found (into a
 * temporary file next to the report), the counts at the end, then the file is renamed into place. One document:
 * {@code {"differences": [{"kind", "key", "destinationKey", "detail"}...], "success", "listed", "matched",
 * "differed", "skipped", "differencesByKind", "listingComplete", "listingError", "sourceBytesRead",
 * "elapsedMillis"}}. Not thread-safe: the caller serializes calls.
 */
final class VerifyReportJson implements Closeable {
  private final Path file;
  private final Path tmp;
  private final BufferedWriter w;
  private boolean first = true;
  private boolean finished;

  private VerifyReportJson(Path file, Path tmp, BufferedWriter w) {
    this.file = file;
    this.tmp = tmp;
    this.w = w;
  }

  static VerifyReportJson open(Path file) throws IOException {
    Path abs = file.toAbsolutePath();
    if (abs.getParent() != null) {
      Files.createDirectories(abs.getParent());
    }
    Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
    BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
    w.write("{\n  \"differences\": [");
    return new VerifyReportJson(abs, tmp, w);
  }

  void difference(JobVerifier.Difference d) throws IOException {
    w.write(first ? "\n    " : ",\n    ");
    first = false;
    w.write("{\"kind\": " + JsonString.quote(d.kind().name()) + ", \"key\": " + JsonString.quote(d.key())
        + ", \"destinationKey\": " + JsonString.quote(d.destinationKey()) + ", \"detail\": "
        + JsonString.quote(d.detail()) + "}");
  }

  /** Writes the counts and moves the report into place. */
  void finish(JobVerifier.Result r) throws IOException {
    w.write(first ? "],\n" : "\n  ],\n");
    field("success", String.valueOf(r.success()), true);
    field("listed", String.valueOf(r.listed()), true);
    field("matched", String.valueOf(r.matched()), true);
    field("differed", String.valueOf(r.differed()), true);
    field("skipped", String.valueOf(r.skipped()), true);
    StringBuilder kinds = new StringBuilder("{");
    for (Map.Entry<JobVerifier.Kind, Long> e : r.differences().entrySet()) {
      kinds.append(kinds.length() == 1 ? "" : ", ").append(JsonString.quote(e.getKey().name())).append(": ")
          .append(e.getValue());
    }
    field("differencesByKind", kinds.append('}').toString(), true);
    field("listingComplete", String.valueOf(r.listingComplete()), true);
    field("listingError", r.listingError().map(JsonString::quote).orElse("null"), true);
    field("sourceBytesRead", String.valueOf(r.sourceBytesRead()), true);
    field("elapsedMillis", String.valueOf(r.elapsed().toMillis()), false);
    w.write("}\n");
    w.close();
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    finished = true;
  }

  private void field(String name, String json, boolean more) throws IOException {
    w.write("  " + JsonString.quote(name) + ": " + json + (more ? ",\n" : "\n"));
  }

  /** Drops an unfinished report. */
  @Override
  public void close() throws IOException {
    if (!finished) {
      w.close();
      Files.deleteIfExists(tmp);
    }
  }
}
