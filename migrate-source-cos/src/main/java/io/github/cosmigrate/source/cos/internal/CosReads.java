package io.github.cosmigrate.source.cos.internal;

import io.github.cosmigrate.spi.ClientLeases;
import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.COSObject;
import com.qcloud.cos.model.GetObjectMetadataRequest;
import com.qcloud.cos.model.GetObjectRequest;
import com.qcloud.cos.model.ObjectMetadata;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceRead;
import io.github.cosmigrate.sink.cos.internal.CosObjects;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HEAD, GET and ranged GET of one object, pinned to the listed version: {@code If-Match} on its ETag, and its
 * version id when it has one. A ranged answer's {@code Content-Range} is checked. Modification times are cut to
 * whole seconds everywhere (a HEAD gives an HTTP date, a listing milliseconds), so that an unchanged object has
 * one fingerprint whichever of them it came from. Thread-safe.
 */
public final class CosReads {
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

  private final COSClient cos;
  private final String bucket;
  private final String prefix;
  private final String location;
  private final ClientLeases holder;

  public CosReads(COSClient cos, String bucket, String prefix, String location, ClientLeases holder) {
    this.cos = cos;
    this.bucket = bucket;
    this.prefix = prefix;
    this.location = location;
    this.holder = holder;
  }

  /** An object as a HEAD or GET answer describes it, under its key relative to the prefix. */
  public static ObjectInfo observed(String relativeKey, ObjectMetadata m) {
    ObjectInfo i = CosObjects.info(relativeKey, m);
    return new ObjectInfo(i.key(), i.size(), seconds(i.lastModified()), i.etag(), i.crc64(), i.metadata(),
        i.versionId());
  }

  /** A modification time cut to whole seconds. */
  public static Optional<Instant> seconds(Optional<Instant> t) {
    return t.map(i -> i.truncatedTo(ChronoUnit.SECONDS));
  }

  /** HEAD of a key relative to the prefix: metadata, CRC-64, version id. */
  public ObjectInfo stat(String key) throws IOException {
    return observed(key, headFull(prefix + key));
  }

  /** HEAD of a full key. */
  public ObjectMetadata headFull(String fullKey) throws IOException {
    try {
      return cos.getObjectMetadata(new GetObjectMetadataRequest(bucket, fullKey));
    } catch (RuntimeException e) {
      throw CosSourceErrors.map(e, CosSourceErrors.Scope.OBJECT, "HEAD of", location, fullKey);
    }
  }

  /** GET of the whole object, pinned to its ETag and version. */
  public SourceRead open(ObjectInfo object) throws IOException {
    String full = prefix + object.key();
    String what = "GET of '" + full + "' in " + location;
    COSObject o = get(request(object, full), what, full);
    ObjectInfo seen = observed(object.key(), o.getObjectMetadata());
    return new SourceRead(CosBody.open(o, seen.size(), what, holder), seen);
  }

  /** GET of {@code length} bytes at {@code offset}, pinned to the object's ETag and version. */
  public InputStream openRange(ObjectInfo object, long offset, long length) throws IOException {
    String full = prefix + object.key();
    String what = "range [" + offset + ", +" + length + ") of '" + full + "' in " + location;
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(what + ": offset and length must be >= 0");
    }
    if (offset + length > object.size()) {
      throw new MigrateException(ErrorKind.SOURCE_CHANGED, what + ": reaches past the end of the " + object.size()
          + "-byte object; it changed since it was listed");
    }
    if (length == 0) {
      return InputStream.nullInputStream();
    }
    GetObjectRequest req = request(object, full);
    req.setRange(offset, offset + length - 1);
    COSObject o = get(req, "GET of", full);
    ObjectMetadata m = o.getObjectMetadata();
    Object cr = m.getRawMetadataValue("Content-Range");
    Matcher mt = cr == null ? null : CONTENT_RANGE.matcher(cr.toString().trim());
    if (mt != null && mt.matches()) {
      if (Long.parseLong(mt.group(1)) != offset || Long.parseLong(mt.group(2)) != offset + length - 1) {
        abort(o);
        throw new MigrateException(ErrorKind.SOURCE_CHANGED, what + ": COS answered another range (" + cr
            + "); the object changed since it was listed");
      }
      if (!mt.group(3).equals("*") && Long.parseLong(mt.group(3)) != object.size()) {
        abort(o);
        throw new MigrateException(ErrorKind.SOURCE_CHANGED, what + ": the object now has " + mt.group(3)
            + " bytes, listed with " + object.size());
      }
    } else if (m.getContentLength() != length) {
      abort(o);
      throw new MigrateException(ErrorKind.UNSUPPORTED, what + ": the answer ignored the Range header; read the"
          + " object as one stream");
    }
    return CosBody.open(o, length, what, holder);
  }

  private GetObjectRequest request(ObjectInfo object, String full) {
    GetObjectRequest req = new GetObjectRequest(bucket, full, object.versionId().orElse(null));
    object.etag().ifPresent(e -> req.setMatchingETagConstraints(new java.util.ArrayList<>(List.of("\"" + e + "\""))));
    return req;
  }

  private COSObject get(GetObjectRequest req, String what, String full) throws IOException {
    COSObject o;
    try {
      o = cos.getObject(req);
    } catch (RuntimeException e) {
      throw CosSourceErrors.map(e, CosSourceErrors.Scope.OBJECT, "GET of", location, full);
    }
    if (o == null) {
      throw CosSourceErrors.changed(what);
    }
    return o;
  }

  private static void abort(COSObject o) {
    try {
      if (o.getObjectContent() != null) {
        o.getObjectContent().abort();
      }
      o.close();
    } catch (IOException | RuntimeException ignored) {
      // dropping the connection
    }
  }
}
