package io.github.cosmigrate.source.s3.internal;

import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.SourceEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Lists a bucket under a prefix, one ListObjectsV2 request per page. The cursor is the full key of the last object
 * of the page (sent back as {@code StartAfter}), so it stays valid across process restarts, unlike a continuation
 * token. Not thread-safe; the engine never lists concurrently.
 */
public final class S3Lister {
  /** A HEAD of one object, mapped to {@link io.github.cosmigrate.error.MigrateException}s. */
  @FunctionalInterface
  public interface Head {
    HeadObjectResponse head(String fullKey) throws IOException;
  }

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final int pageSize;
  private final Head head;

  public S3Lister(S3Client s3, String bucket, String prefix, int pageSize, Head head) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
    this.pageSize = pageSize;
    this.head = head;
  }

  /** One page after {@code after} (a full key), or from the start. */
  public ListBatch page(Optional<ListCursor> after) throws IOException {
    String startAfter = after.map(ListCursor::token).orElse(null);
    if (startAfter != null && !startAfter.startsWith(prefix)) {
      throw new MigrateException(io.github.cosmigrate.error.ErrorKind.FATAL_CONFIGURATION, "the saved listing "
          + "position of S3 bucket '" + bucket + "' lies outside the prefix '" + prefix + "': it was made with "
          + "another prefix; start a new job (a new ledger) for this prefix");
    }
    ListObjectsV2Response r;
    String continuation = null;
    try {
      do {
        ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(bucket).maxKeys(pageSize);
        if (!prefix.isEmpty()) {
          req.prefix(prefix);
        }
        if (continuation != null) {
          req.continuationToken(continuation);
        } else if (startAfter != null) {
          req.startAfter(startAfter);
        }
        r = s3.listObjectsV2(req.build());
        continuation = r.nextContinuationToken();
        // a truncated page without keys (possible on some stores) carries no key to resume after: read on
      } while (r.contents().isEmpty() && Boolean.TRUE.equals(r.isTruncated()) && continuation != null);
    } catch (SdkException e) {
      throw S3Errors.map(e, S3Errors.Op.LIST, bucket, "S3 bucket '" + bucket + "'");
    }
    List<SourceEntry> entries = new ArrayList<>(r.contents().size());
    String last = startAfter;
    for (S3Object o : r.contents()) {
      entries.add(entry(o));
      last = o.key();
    }
    boolean more = Boolean.TRUE.equals(r.isTruncated()) && last != null && !last.equals(startAfter);
    return new ListBatch(entries, more ? Optional.of(new ListCursor(last)) : Optional.empty());
  }

  private SourceEntry entry(S3Object o) throws IOException {
    String full = o.key();
    String rel = full.startsWith(prefix) ? full.substring(prefix.length()) : full;
    long size = o.size() == null ? 0 : o.size();
    if (rel.isEmpty()) {
      return new SourceEntry.Skipped(full, "the key equals the prefix '" + prefix + "' (a directory marker)");
    }
    if (full.endsWith("/") && size == 0) {
      return new SourceEntry.Skipped(rel, "directory marker (a zero-byte key ending in '/')");
    }
    String storageClass = o.storageClassAsString();
    if (Archive.needsRestore(storageClass)) {
      try {
        if (!Archive.restored(head.head(full).restore())) {
          return new SourceEntry.Failed(rel, io.github.cosmigrate.error.ErrorKind.INVALID_INPUT, "S3 object s3://"
              + bucket + "/" + full + " is in storage class " + storageClass + ": " + Archive.RESTORE_ADVICE);
        }
      } catch (MigrateException e) {
        if (e.retryable()) {
          throw e; // the page is listed again
        }
        return new SourceEntry.Failed(rel, e.kind(), e.getMessage());
      }
    }
    return new SourceEntry.Found(S3Objects.fromListing(rel, o));
  }
}
