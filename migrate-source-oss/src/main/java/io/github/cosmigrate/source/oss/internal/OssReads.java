package io.github.cosmigrate.source.oss.internal;

import io.github.cosmigrate.spi.ClientLeases;
import com.aliyun.oss.OSS;
import com.aliyun.oss.model.GenericRequest;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.ObjectMetadata;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceRead;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HEAD, GET and ranged GET of one object, pinned to the listed version with {@code If-Match} on its ETag. Ranged
 * GETs send {@code x-oss-range-behavior: standard}, so that OSS answers a range past the end with 416 instead of
 * the whole object, and the answer's {@code Content-Range} is checked. Thread-safe.
 */
public final class OssReads {
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

  private final OSS oss;
  private final ClientLeases holder;
  private final String bucket;
  private final String prefix;
  private final String location;

  public OssReads(OSS oss, ClientLeases holder, String bucket, String prefix) {
    this.holder = holder;
    this.oss = oss;
    this.bucket = bucket;
    this.prefix = prefix;
    this.location = "oss://" + bucket;
  }

  /** HEAD of a key relative to the prefix, as an {@link ObjectInfo} with its metadata and CRC-64. */
  public ObjectInfo stat(String key) throws IOException {
    ObjectMetadata m = headFull(prefix + key);
    return OssObjects.observed(key, m, m.getContentLength());
  }

  /** HEAD of a full key. */
  public ObjectMetadata headFull(String fullKey) throws IOException {
    OssErrors.checkInterrupt("HEAD of '" + fullKey + "' in " + location);
    try {
      return oss.getObjectMetadata(OssClients.quiet(new GenericRequest(bucket, fullKey)));
    } catch (RuntimeException e) {
      throw OssErrors.map(e, OssErrors.Scope.OBJECT, "HEAD of", location, fullKey);
    }
  }

  /** GET of the whole object, pinned to its ETag when it has one. */
  public SourceRead open(ObjectInfo object) throws IOException {
    String full = prefix + object.key();
    GetObjectRequest req = request(object, full);
    OSSObject o = get(req, "GET of", full);
    ObjectMetadata m = o.getObjectMetadata();
    long size = m.getContentLength();
    ObjectInfo observed = OssObjects.observed(object.key(), m, size);
    return new SourceRead(OssBody.open(o, holder, size, "GET of '" + full + "' in " + location), observed);
  }

  /** GET of {@code length} bytes at {@code offset}, pinned to the object's ETag when it has one. */
  public InputStream openRange(ObjectInfo object, long offset, long length) throws IOException {
    String full = prefix + object.key();
    String what = "range [" + offset + ", +" + length + ") of '" + full + "' in " + location;
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(what + ": offset and length must be >= 0");
    }
    if (offset + length > object.size()) {
      throw new MigrateException(ErrorKind.SOURCE_CHANGED, what + ": reaches past the end of the "
          + object.size() + "-byte object; it changed since it was listed");
    }
    if (length == 0) {
      return InputStream.nullInputStream();
    }
    GetObjectRequest req = request(object, full);
    req.setRange(offset, offset + length - 1);
    req.addHeader("x-oss-range-behavior", "standard");
    OSSObject o = get(req, "GET of", full);
    int status = o.getResponse() == null ? 206 : o.getResponse().getStatusCode();
    long total = -1;
    if (status == 206) {
      String cr = header(o.getObjectMetadata(), "Content-Range");
      Matcher mt = cr == null ? null : CONTENT_RANGE.matcher(cr);
      if (mt == null || !mt.matches() || Long.parseLong(mt.group(1)) != offset
          || Long.parseLong(mt.group(2)) != offset + length - 1) {
        abort(o);
        throw new MigrateException(ErrorKind.SOURCE_CHANGED, what + ": OSS answered another range ("
            + (cr == null ? "no Content-Range" : cr) + "); the object changed since it was listed");
      }
      total = mt.group(3).equals("*") ? -1 : Long.parseLong(mt.group(3));
    } else if (!(offset == 0 && o.getObjectMetadata().getContentLength() == length)) {
      abort(o);
      throw new MigrateException(ErrorKind.UNSUPPORTED, what + ": OSS ignored the Range header (HTTP " + status
          + "); read the object as one stream");
    } else {
      total = length;
    }
    if (total >= 0 && total != object.size()) {
      abort(o);
      throw new MigrateException(ErrorKind.SOURCE_CHANGED, what + ": the object now has " + total
          + " bytes, listed with " + object.size());
    }
    return OssBody.open(o, holder, length, "GET of " + what);
  }

  private GetObjectRequest request(ObjectInfo object, String full) {
    GetObjectRequest req = OssClients.quiet(new GetObjectRequest(bucket, full));
    object.etag().ifPresent(etag -> req.setMatchingETagConstraints(List.of("\"" + etag + "\"")));
    return req;
  }

  private OSSObject get(GetObjectRequest req, String op, String full) throws IOException {
    OssErrors.checkInterrupt(op + " '" + full + "' in " + location);
    try {
      return oss.getObject(req);
    } catch (RuntimeException e) {
      throw OssErrors.map(e, OssErrors.Scope.OBJECT, op, location, full);
    }
  }

  private static String header(ObjectMetadata m, String name) {
    Object v = m.getRawMetadata().get(name);
    return v == null ? null : v.toString();
  }

  private static void abort(OSSObject o) {
    try {
      o.forcedClose();
    } catch (IOException | RuntimeException ignored) {
      // dropping the connection
    }
  }
}
