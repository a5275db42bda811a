package io.github.cosmigrate.sink.cos.internal;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.ListMultipartUploadsRequest;
import com.qcloud.cos.model.ListPartsRequest;
import com.qcloud.cos.model.MultipartUploadListing;
import com.qcloud.cos.model.PartListing;
import com.qcloud.cos.model.PartSummary;
import io.github.cosmigrate.model.MultipartUpload;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.UploadedPart;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The sink's two paged listings, read to the end: the parts of one multipart upload, and the multipart uploads in
 * progress under a prefix. A page whose next marker does not move ends the listing (a server that repeats itself
 * must not loop it forever). cos_api's failures are mapped by {@link CosErrors}. Thread-safe.
 */
public final class CosListings {
  private static final int PAGE = 1000;

  private final COSClient cos;
  private final String bucket;
  private final String location;

  /** Listings of {@code bucket} at {@code location} ({@code cos:region/bucket}) through {@code cos}. */
  public CosListings(COSClient cos, String bucket, String location) {
    this.cos = cos;
    this.bucket = bucket;
    this.location = location;
  }

  /** Every part COS holds for {@code uploadId} of {@code key}, by part number. */
  public List<UploadedPart> parts(String key, String uploadId) throws IOException {
    List<UploadedPart> out = new ArrayList<>();
    Integer marker = null;
    try {
      while (true) {
        ListPartsRequest req = new ListPartsRequest(bucket, key, uploadId);
        req.setMaxParts(PAGE);
        if (marker != null) {
          req.setPartNumberMarker(marker);
        }
        PartListing page = cos.listParts(req);
        for (PartSummary p : page.getParts()) {
          out.add(new UploadedPart(p.getPartNumber(), p.getSize(), ObjectInfo.unquoteEtag(p.getETag())));
        }
        Integer next = page.getNextPartNumberMarker();
        if (!page.isTruncated() || next == null || next.equals(marker)) {
          break;
        }
        marker = next;
      }
    } catch (RuntimeException e) {
      throw CosErrors.map(e, "list parts of upload " + uploadId + " of", location, key);
    }
    out.sort(Comparator.comparingInt(UploadedPart::partNumber));
    return out;
  }

  /** The multipart uploads in progress under {@code prefix} (null or empty: the whole bucket). */
  public List<MultipartUpload> uploads(String prefix) throws IOException {
    List<MultipartUpload> out = new ArrayList<>();
    String keyMarker = null;
    String idMarker = null;
    try {
      while (true) {
        ListMultipartUploadsRequest req = new ListMultipartUploadsRequest(bucket);
        if (prefix != null && !prefix.isEmpty()) {
          req.setPrefix(prefix);
        }
        req.setMaxUploads(PAGE);
        req.setKeyMarker(keyMarker);
        req.setUploadIdMarker(idMarker);
        MultipartUploadListing page = cos.listMultipartUploads(req);
        for (com.qcloud.cos.model.MultipartUpload u : page.getMultipartUploads()) {
          out.add(new MultipartUpload(u.getKey(), u.getUploadId(),
              Optional.ofNullable(u.getInitiated()).map(Date::toInstant)));
        }
        if (!page.isTruncated() || page.getNextKeyMarker() == null
            || (page.getNextKeyMarker().equals(keyMarker) && Objects.equals(page.getNextUploadIdMarker(), idMarker))) {
          break;
        }
        keyMarker = page.getNextKeyMarker();
        idMarker = page.getNextUploadIdMarker();
      }
    } catch (RuntimeException e) {
      throw CosErrors.map(e, "list multipart uploads under '" + (prefix == null ? "" : prefix) + "'", location,
          null);
    }
    return out;
  }
}
