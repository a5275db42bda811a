package io.github.cosmigrate.source.cos.internal;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.COSObjectSummary;
import com.qcloud.cos.model.ListObjectsRequest;
import com.qcloud.cos.model.ObjectListing;
import com.qcloud.cos.model.ObjectMetadata;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceEntry;
import io.github.cosmigrate.sink.cos.internal.StorageClasses;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One page of a bucket listing: ListObjects with {@code marker} and {@code encoding-type=url} (any key survives
 * the XML; keys are decoded here, as cos_api leaves them encoded). The cursor is the last full key of the page, so
 * it survives a restart and needs no server state. Not thread-safe; the engine never lists concurrently.
 *
 * <p>In order: the key equal to the prefix and zero-byte keys ending in {@code /} (directory markers) are skipped;
 * objects whose storage class is not in the filter are skipped with the reason; objects in an archive class
 * (ARCHIVE, DEEP_ARCHIVE and their MAZ forms) are offered only when a HEAD shows a finished restore, and otherwise
 * fail once with {@code INVALID_INPUT} and the advice to restore them first.
 */
public final class CosListing {
  private static final Set<String> NEEDS_RESTORE = Set.of("ARCHIVE", "DEEP_ARCHIVE", "MAZ_ARCHIVE",
      "MAZ_DEEP_ARCHIVE");

  /** A HEAD of a full key. */
  @FunctionalInterface
  public interface Head {
    ObjectMetadata head(String fullKey) throws IOException;
  }

  private final COSClient cos;
  private final String bucket;
  private final String prefix;
  private final int pageSize;
  private final Set<String> storageClasses;
  private final String location;
  private final Head head;

  public CosListing(COSClient cos, String bucket, String prefix, int pageSize, Set<String> storageClasses,
      String location, Head head) {
    this.cos = cos;
    this.bucket = bucket;
    this.prefix = prefix;
    this.pageSize = pageSize;
    this.storageClasses = storageClasses;
    this.location = location;
    this.head = head;
  }

  /** One page after {@code after} (a full key), or from the start. */
  public ListBatch page(Optional<ListCursor> after) throws IOException {
    String marker = after.map(ListCursor::token).orElse(null);
    if (marker != null && !marker.startsWith(prefix)) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "listing cursor '" + marker + "' for " + location
          + " is not below the prefix '" + prefix + "': it belongs to another job (check the ledger and prefix)");
    }
    ListObjectsRequest req = new ListObjectsRequest();
    req.setBucketName(bucket);
    req.setPrefix(prefix.isEmpty() ? null : prefix);
    req.setMarker(marker);
    req.setMaxKeys(pageSize);
    req.setEncodingType("url");
    ObjectListing listing;
    try {
      listing = cos.listObjects(req);
    } catch (RuntimeException e) {
      throw CosSourceErrors.map(e, CosSourceErrors.Scope.LISTING, "listing prefix '" + prefix + "' of", location,
          null);
    }
    List<SourceEntry> entries = new ArrayList<>(listing.getObjectSummaries().size());
    String last = null;
    for (COSObjectSummary s : listing.getObjectSummaries()) {
      String full = decode(s.getKey());
      last = full;
      entries.add(entry(full, s));
    }
    if (!listing.isTruncated()) {
      return new ListBatch(entries, Optional.empty());
    }
    if (last == null || last.equals(marker)) {
      throw new MigrateException(ErrorKind.TRANSIENT, "listing " + location + " after '" + marker
          + "' returned a truncated page that does not move on; try again");
    }
    return new ListBatch(entries, Optional.of(new ListCursor(last)));
  }

  /** A key of an {@code encoding-type=url} answer ({@code +} is a space, {@code %XX} a UTF-8 byte). */
  static String decode(String key) {
    try {
      return URLDecoder.decode(key, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return key; // not encoded after all
    }
  }

  private SourceEntry entry(String full, COSObjectSummary s) throws IOException {
    String rel = full.startsWith(prefix) ? full.substring(prefix.length()) : full;
    if (rel.isEmpty() || (full.endsWith("/") && s.getSize() == 0)) {
      return new SourceEntry.Skipped(rel.isEmpty() ? full : rel,
          "directory marker (a zero-byte key ending in '/'): nothing to migrate");
    }
    String raw = s.getStorageClass() == null || s.getStorageClass().isBlank() ? "STANDARD" : s.getStorageClass();
    String storageClass = StorageClasses.canonical(raw).orElse(raw);
    if (!storageClasses.isEmpty() && !storageClasses.contains(storageClass)) {
      return new SourceEntry.Skipped(rel, "storage class " + storageClass + " not in the storage-class filter "
          + String.join(", ", storageClasses));
    }
    ObjectInfo info = new ObjectInfo(rel, s.getSize(),
        CosReads.seconds(Optional.ofNullable(s.getLastModified()).map(Date::toInstant)),
        Optional.ofNullable(s.getETag()), OptionalLong.empty(),
        io.github.cosmigrate.model.ObjectMetadata.builder().storageClass(storageClass).build());
    if (NEEDS_RESTORE.contains(storageClass)) {
      String state;
      try {
        state = restoreState(full);
      } catch (MigrateException e) {
        if (e.retryable()) {
          throw e; // the page is listed again
        }
        if (e.kind() == ErrorKind.NOT_FOUND) {
          return new SourceEntry.Found(info); // deleted since it was listed: the engine's read reports that
        }
        return new SourceEntry.Failed(rel, e.kind(), e.getMessage());
      }
      if (!"restored".equals(state)) {
        return new SourceEntry.Failed(rel, ErrorKind.INVALID_INPUT, "cos://" + bucket + "/" + full + " (storage class "
            + storageClass + ", " + state + "): " + CosSourceErrors.RESTORE_ADVICE);
      }
    }
    return new SourceEntry.Found(info);
  }

  /** "restored", "restore in progress" or "not restored", from a HEAD's {@code x-cos-restore}. */
  private String restoreState(String fullKey) throws IOException {
    ObjectMetadata m = head.head(fullKey);
    Boolean ongoing = m.getOngoingRestore();
    return ongoing == null ? "not restored" : ongoing ? "restore in progress" : "restored";
  }
}
