package io.github.cosmigrate.server;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The COS storage classes of the objects a {@link DialectProxy} has seen written or read, so that its answers to
 * ListObjects carry them in {@code <StorageClass>} as COS's do (the S3 backend stores every object as STANDARD;
 * the dialect class lives in hidden metadata). Objects the proxy never saw written or read (seeded straight into
 * the backend, or written through another proxy instance) keep the backend's class. Thread-safe; bounded (reset
 * when large, like the CRC cache: a miss only means the backend's class is shown).
 */
final class ListedStorageClasses {
  private static final int MAX_ENTRIES = 1_000_000;
  private static final Pattern CONTENTS = Pattern.compile("<Contents>(.*?)</Contents>", Pattern.DOTALL);
  private static final Pattern KEY = Pattern.compile("<Key>(.*?)</Key>", Pattern.DOTALL);
  private static final Pattern STORAGE_CLASS = Pattern.compile("<StorageClass>[^<]*</StorageClass>");

  /** bucket + "\n" + key to the dialect class; "" when the object has none (the backend's class applies). */
  private final Map<String, String> classes = new ConcurrentHashMap<>();
  /** uploadId to the class given at InitiateMultipartUpload. */
  private final Map<String, String> uploads = new ConcurrentHashMap<>();

  /** The object {@code bucketKey} now has {@code storageClass} (null: none). */
  void set(String bucketKey, String storageClass) {
    if (classes.size() >= MAX_ENTRIES) {
      classes.clear();
    }
    classes.put(bucketKey, storageClass == null ? "" : storageClass);
  }

  void remove(String bucketKey) {
    classes.remove(bucketKey);
  }

  /** The class known for {@code bucketKey}, or null when unknown or none. */
  String get(String bucketKey) {
    String c = classes.get(bucketKey);
    return c == null || c.isEmpty() ? null : c;
  }

  /** An upload was initiated with {@code storageClass} (null: none). */
  void initiated(String uploadId, String storageClass) {
    if (uploads.size() >= MAX_ENTRIES) {
      uploads.clear();
    }
    uploads.put(uploadId, storageClass == null ? "" : storageClass);
  }

  /** An upload was completed into {@code bucketKey}, or aborted ({@code bucketKey} null). */
  void uploadEnded(String uploadId, String bucketKey) {
    String c = uploads.remove(uploadId);
    if (bucketKey != null) {
      if (c == null) {
        remove(bucketKey); // initiated before this proxy started: unknown
      } else {
        set(bucketKey, c);
      }
    }
  }

  /**
   * A ListObjects answer for {@code bucket} with each known object's {@code <StorageClass>} set to its dialect class
   * (upper case, as COS answers); {@code urlEncodedKeys} when the request asked for {@code encoding-type=url}.
   */
  byte[] rewrite(String bucket, byte[] xml, boolean urlEncodedKeys) {
    String s = new String(xml, StandardCharsets.UTF_8);
    Matcher contents = CONTENTS.matcher(s);
    StringBuilder out = new StringBuilder(s.length() + 64);
    boolean changed = false;
    while (contents.find()) {
      String block = contents.group(1);
      Matcher k = KEY.matcher(block);
      String replaced = block;
      if (k.find()) {
        String key = unescapeXml(k.group(1));
        if (urlEncodedKeys) {
          key = UriParts.percentDecode(key.replace("+", "%20"));
        }
        String c = get(bucket + "\n" + key);
        if (c != null) {
          String tag = "<StorageClass>" + c.toUpperCase(Locale.ROOT) + "</StorageClass>";
          Matcher sc = STORAGE_CLASS.matcher(block);
          replaced = sc.find() ? sc.replaceFirst(Matcher.quoteReplacement(tag)) : block + tag;
          changed |= !replaced.equals(block);
        }
      }
      contents.appendReplacement(out, Matcher.quoteReplacement("<Contents>" + replaced + "</Contents>"));
    }
    if (!changed) {
      return xml;
    }
    contents.appendTail(out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String unescapeXml(String s) {
    if (s.indexOf('&') < 0) {
      return s;
    }
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
        .replace("&#39;", "'").replace("&amp;", "&");
  }
}
