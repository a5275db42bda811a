package io.github.cosmigrate.source.oss.internal;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.ListObjectsRequest;
import com.aliyun.oss.model.OSSObjectSummary;
import com.aliyun.oss.model.ObjectListing;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One page of a bucket listing (ListObjects with {@code marker}, asked with {@code encoding-type=url} so that any
 * key survives the XML; the SDK leaves the names encoded, so they are decoded here, see {@link UrlEncodedNames}).
 * The cursor is the last full (decoded) key of the page, so it survives a restart and needs no server state; the
 * next page starts after it.
 *
 * <p>Zero-byte keys ending in {@code /} are directory markers and are skipped with a reason. Archive-class
 * objects are offered only when a restore has finished (the listing's {@code RestoreInfo}, else a HEAD), and
 * otherwise fail once with {@code INVALID_INPUT} and the advice to restore them first.
 */
public final class OssListing {
  /** Something that HEADs a full key and returns its {@code x-oss-restore} header, or null when absent. */
  @FunctionalInterface
  public interface RestoreState {
    String of(String fullKey) throws IOException;
  }

  private final OSS oss;
  private final String bucket;
  private final String prefix;
  private final int pageSize;
  private final String location;
  private final RestoreState restoreState;

  public OssListing(OSS oss, String bucket, String prefix, int pageSize, RestoreState restoreState) {
    this.oss = oss;
    this.bucket = bucket;
    this.prefix = prefix;
    this.pageSize = pageSize;
    this.location = "oss://" + bucket;
    this.restoreState = restoreState;
  }

  public ListBatch page(Optional<ListCursor> after) throws IOException {
    String marker = after.map(ListCursor::token).orElse(null);
    if (marker != null && !marker.startsWith(prefix)) {
      throw new MigrateException(ErrorKind.FATAL_CONFIGURATION, "listing cursor '" + marker + "' for " + location
          + " is not below the prefix '" + prefix + "': it belongs to another job (check the ledger and prefix)");
    }
    ListObjectsRequest req = OssClients.quiet(new ListObjectsRequest(bucket));
    req.setPrefix(prefix.isEmpty() ? null : prefix);
    req.setMarker(marker);
    req.setMaxKeys(pageSize);
    req.setEncodingType("url");
    ObjectListing listing;
    OssErrors.checkInterrupt("listing prefix '" + prefix + "' in " + location);
    try {
      listing = oss.listObjects(req);
    } catch (RuntimeException e) {
      throw OssErrors.map(e, OssErrors.Scope.LISTING, "listing prefix '" + prefix + "'", location, null);
    }
    boolean encoded = UrlEncodedNames.encoded(listing.getEncodingType());
    List<SourceEntry> entries = new ArrayList<>(listing.getObjectSummaries().size());
    String last = null;
    for (OSSObjectSummary s : listing.getObjectSummaries()) {
      String full;
      try {
        full = UrlEncodedNames.decode(s.getKey(), encoded);
      } catch (IllegalArgumentException e) {
        last = s.getKey();
        entries.add(new SourceEntry.Failed(relative(s.getKey()), ErrorKind.INVALID_INPUT, location + ": the"
            + " listing gave the URL-encoded key '" + s.getKey() + "', which does not decode (a '%' without two"
            + " hex digits); it cannot be read by name"));
        continue;
      }
      last = full;
      entries.add(entry(full, s));
    }
    if (!listing.isTruncated()) {
      return new ListBatch(entries, Optional.empty());
    }
    String next = last;
    if (next == null) {
      try {
        next = UrlEncodedNames.decode(listing.getNextMarker(), encoded);
      } catch (IllegalArgumentException e) {
        throw new MigrateException(ErrorKind.TRANSIENT, "listing " + location + " after '" + marker
            + "' returned a NextMarker that does not URL-decode; try again");
      }
    }
    if (next == null || next.equals(marker)) {
      throw new MigrateException(ErrorKind.TRANSIENT, "listing " + location + " after '" + marker
          + "' returned a truncated page that does not move on; try again");
    }
    return new ListBatch(entries, Optional.of(new ListCursor(next)));
  }

  private String relative(String full) {
    return full.startsWith(prefix) ? full.substring(prefix.length()) : full;
  }

  /** The entry for a listed object whose (decoded) full key is {@code full}. */
  private SourceEntry entry(String full, OSSObjectSummary s) throws IOException {
    String rel = relative(full);
    if (rel.isEmpty() || (full.endsWith("/") && s.getSize() == 0)) {
      return new SourceEntry.Skipped(rel.isEmpty() ? full : rel,
          "directory marker (a zero-byte key ending in '/'): nothing to migrate");
    }
    ObjectInfo info = OssObjects.listed(rel, s);
    if (Archive.needsRestore(info.metadata().storageClass()) && !Archive.restored(s.getRestoreInfo())) {
      String state = Archive.restoring(s.getRestoreInfo()) ? s.getRestoreInfo() : headRestoreState(full);
      if (!Archive.restored(state)) {
        return new SourceEntry.Failed(rel, ErrorKind.INVALID_INPUT, "oss://" + bucket + "/" + full + " (storage"
            + " class " + info.metadata().storageClass().get() + (Archive.restoring(state) ? ", restore in progress"
            : ", not restored") + "): " + Archive.RESTORE_FIRST);
      }
    }
    return new SourceEntry.Found(info);
  }

  private String headRestoreState(String fullKey) throws IOException {
    try {
      return restoreState.of(fullKey);
    } catch (MigrateException e) {
      if (e.kind() == ErrorKind.NOT_FOUND) {
        return null; // deleted since it was listed: the engine's read reports that
      }
      throw e;
    }
  }
}
