package io.github.cosmigrate.server;

import io.github.cosmigrate.api.Crc64;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CRC-64s the dialect proxy has seen: of whole objects (a cache; a miss is recomputed from the backend, so it is
 * simply reset when big) and of the parts of open multipart uploads (combined on completion). Thread-safe.
 */
final class CrcBook {
  private static final int MAX_CACHED = 1_000_000;
  private static final Pattern PART_NUMBER = Pattern.compile("<PartNumber>\\s*(\\d+)\\s*</PartNumber>");

  /** An object's CRC-64, for the version with this ETag. */
  record ObjectCrc(String etag, long crc) {}

  private record PartCrc(long length, long crc) {}

  private final Map<String, ObjectCrc> objects = new ConcurrentHashMap<>();
  private final Map<String, Map<Integer, PartCrc>> parts = new ConcurrentHashMap<>();

  ObjectCrc object(String key) {
    return objects.get(key);
  }

  void putObject(String key, ObjectCrc crc) {
    if (objects.size() >= MAX_CACHED) {
      objects.clear();
    }
    objects.put(key, crc);
  }

  void forget(String key) {
    objects.remove(key);
  }

  void putPart(String uploadId, int partNumber, long length, long crc) {
    parts.computeIfAbsent(uploadId, u -> new ConcurrentHashMap<>()).put(partNumber, new PartCrc(length, crc));
  }

  void endUpload(String uploadId) {
    parts.remove(uploadId);
  }

  /** The combined CRC of the parts named in a Complete body, or null if any part's CRC is unknown. */
  Long partsCrc(String uploadId, byte[] completeBody) {
    Map<Integer, PartCrc> known = parts.get(uploadId);
    if (known == null || completeBody == null) {
      return null;
    }
    Matcher m = PART_NUMBER.matcher(new String(completeBody, StandardCharsets.UTF_8));
    Long total = null;
    while (m.find()) {
      PartCrc p;
      try {
        p = known.get(Integer.parseInt(m.group(1)));
      } catch (NumberFormatException e) {
        return null;
      }
      if (p == null) {
        return null;
      }
      total = total == null ? p.crc() : Crc64.combine(total, p.crc(), p.length());
    }
    return total;
  }
}
