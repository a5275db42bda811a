package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.api.FailedObject;
import io.github.cosmigrate.api.JsonString;
import io.github.cosmigrate.api.MigrationReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/** Writes a {@link MigrationReport} as one JSON document. Stateless. */
public final class ReportJson {
  private ReportJson() {}

  /** The report as JSON, with {@code success} and {@code total} added. */
  public static String toJson(MigrationReport r) {
    StringBuilder sb = new StringBuilder(512);
    sb.append("{\n");
    field(sb, "success", String.valueOf(r.success()));
    field(sb, "total", String.valueOf(r.total()));
    field(sb, "migrated", String.valueOf(r.migrated()));
    field(sb, "skipped", String.valueOf(r.skipped()));
    field(sb, "failed", String.valueOf(r.failed()));
    field(sb, "updated", String.valueOf(r.updated()));
    field(sb, "retries", String.valueOf(r.retries()));
    field(sb, "verified", String.valueOf(r.verified()));
    field(sb, "unverifiable", String.valueOf(r.unverifiable()));
    field(sb, "verifiedBy", counts(r.verifiedBy()));
    field(sb, "unverifiableByReason", counts(r.unverifiableByReason()));
    field(sb, "bytesTransferred", String.valueOf(r.bytesTransferred()));
    field(sb, "listingComplete", String.valueOf(r.listingComplete()));
    field(sb, "listingError", r.listingError().map(JsonString::quote).orElse("null"));
    field(sb, "elapsedMillis", String.valueOf(r.elapsed().toMillis()));
    field(sb, "skippedByReason", counts(r.skippedByReason()));
    field(sb, "failedByReason", counts(r.failedByReason()));
    field(sb, "metadataNotes", counts(r.metadataNotes()));
    StringBuilder f = new StringBuilder("[");
    boolean first = true;
    for (FailedObject o : r.failures()) {
      f.append(first ? "\n    " : ",\n    ");
      first = false;
      f.append("{\"key\": ").append(JsonString.quote(o.key())).append(", \"kind\": ")
          .append(JsonString.quote(o.kind().name())).append(", \"reason\": ").append(JsonString.quote(o.reason()))
          .append('}');
    }
    f.append(first ? "]" : "\n  ]");
    sb.append("  \"failures\": ").append(f).append("\n}\n");
    return sb.toString();
  }

  /** Writes the report atomically (temp file, then rename). */
  public static void write(MigrationReport r, Path file) throws IOException {
    Path abs = file.toAbsolutePath();
    if (abs.getParent() != null) {
      Files.createDirectories(abs.getParent());
    }
    Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
    Files.writeString(tmp, toJson(r), StandardCharsets.UTF_8);
    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void field(StringBuilder sb, String name, String json) {
    sb.append("  ").append(JsonString.quote(name)).append(": ").append(json).append(",\n");
  }

  private static String counts(Map<String, Long> m) {
    StringBuilder sb = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, Long> e : new TreeMap<>(m).entrySet()) {
      sb.append(first ? "" : ", ").append(JsonString.quote(e.getKey())).append(": ").append(e.getValue());
      first = false;
    }
    return sb.append('}').toString();
  }
}
